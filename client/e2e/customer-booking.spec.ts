// A customer books from the month calendar (closed days cannot be picked), finds
// the booking under My appointments, downloads it as a calendar file,
// reschedules it and cancels it; staff see each step over REST. On a phone
// (390 px, the customer's clock = the business's) and a laptop (1280 px, the
// customer in another zone, choosing a chair).
import { readFileSync } from 'node:fs';
import { test, expect, addDays, Api, businessToday, CASEY, collectConsoleErrors, login, SAM, subjectDay, waitForMail, weekdayOf } from './helpers';
import { readState } from './server';

interface AppointmentJson {
  id: number;
  start: string;
  status: string;
  cancel_reason: string;
  version: number;
  customer: { name: string };
  service: { name: string };
  resource: { id: number; name: string };
}

function monthTitle(month: string): string {
  return new Date(`${month}-15T12:00:00Z`).toLocaleDateString('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });
}

const runs = [
  { name: 'phone', viewport: { width: 390, height: 844 }, weeksAhead: 3, viewerZone: null, resource: null },
  { name: 'laptop', viewport: { width: 1280, height: 800 }, weeksAhead: 5, viewerZone: 'Asia/Kolkata', resource: 'Chair 2' },
] as const;

for (const run of runs) {
  test(`customer books, reschedules and cancels from the calendar (${run.name})`, async ({ open }) => {
    const { timeZone } = readState();
    const page = await open({ viewport: run.viewport, timezoneId: run.viewerZone ?? timeZone });
    await login(page, CASEY);
    const consoleErrors = collectConsoleErrors(page);
    const staff = await Api.as(SAM);

    // An explicit Tuesday some weeks ahead (the demo business opens Monday to Saturday).
    let tuesday = businessToday(timeZone, run.weeksAhead * 7);
    while (weekdayOf(tuesday) !== 1) tuesday = addDays(tuesday, 1);
    const wednesday = addDays(tuesday, 1);
    const month = tuesday.slice(0, 7);
    const sunday = addDays(`${month}-01`, (6 - weekdayOf(`${month}-01`) + 7) % 7);

    await page.goto('/book/');
    await page.getByText('Haircut', { exact: true }).click();
    const serviceList = page.getByRole('radiogroup', { name: 'Service' });
    await expect(serviceList).toContainText('30 min · £25.00');
    await expect(serviceList).toContainText('Price on request');
    await expect(page.getByTestId('next-available')).toHaveText(/^Next available: \w+,? \d+ \w+, \d\d:\d\d$/);
    await expect(page.getByTestId('time-zone-note')).toContainText(`Times in ${timeZone}`);
    if (run.resource) await page.getByTestId('resource-select').selectOption({ label: run.resource });

    // To the target month with the calendar's own buttons.
    const title = page.getByTestId('calendar-month');
    for (let i = 0; i < 4 && (await title.textContent()) !== monthTitle(month); i++) {
      const before = (await title.textContent())!;
      await page.getByTestId('calendar-next').click();
      await expect(title).not.toHaveText(before);
    }
    await expect(title).toHaveText(monthTitle(month));

    const closed = page.getByTestId(`day-${sunday}`);
    await expect(closed).toHaveAttribute('data-state', 'closed');
    await expect(closed).toBeDisabled();
    await expect(page.getByTestId(`day-${tuesday}`)).toHaveAttribute('data-state', 'available');

    // Tuesday with the mouse, then Wednesday with the keyboard.
    await page.getByTestId(`day-${tuesday}`).click();
    await expect(page.getByTestId('booking-date')).toHaveValue(tuesday);
    await page.keyboard.press('ArrowRight');
    await expect(page.getByTestId(`day-${wednesday}`)).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('booking-date')).toHaveValue(wednesday);

    const ten = page.getByTestId('slot-10:00');
    if (run.viewerZone) {
      // Chromium may name the zone by an alias (Asia/Calcutta).
      await expect(page.getByTestId('time-zone-note')).toContainText('your own time');
      await expect(ten).toContainText(/^10:00 \(\d\d:\d\d( \w+)? your time\)$/);
    } else {
      await expect(ten).toHaveText('10:00');
    }
    await ten.click();
    await expect(page.getByTestId('booking-summary')).toContainText('10:00–10:30');
    await page.screenshot({ path: `test-results/artifacts/customer-calendar-${run.name}.png`, fullPage: true });
    await page.getByTestId('book-submit').click();
    const confirmation = page.getByTestId('booking-confirmation');
    await expect(confirmation).toContainText('10:00');
    const href = (await confirmation.getByTestId('booked-ics').getAttribute('href'))!;
    const id = Number(/appointments\/(\d+)\/calendar\.ics/.exec(href)![1]);

    // Staff see the request (it is weeks ahead, so not on today's dashboard).
    const booked = await staff.get<AppointmentJson>(`/api/appointments/${id}`);
    expect(booked).toMatchObject({ status: 'pending', customer: { name: 'Casey Jones' }, service: { name: 'Haircut' } });
    // And Casey is told, by a real email with the appointment attached.
    const when = `${subjectDay(wednesday)} at`;
    const received = await waitForMail(CASEY, new RegExp(`^Booking received: Haircut on ${when} 10:00`));
    expect(received.raw).toContain('Content-Type: text/calendar');
    if (run.resource) expect(booked.resource.name).toBe(run.resource);

    // My appointments: the row, and its calendar file.
    await page.goto('/my-appointments/');
    const row = page.getByTestId(`appointment-${id}`);
    await expect(row).toContainText('10:00');
    if (run.viewport.width <= 400) {
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    }
    const [download] = await Promise.all([page.waitForEvent('download'), row.getByTestId(`ics-${id}`).click()]);
    const ics = readFileSync((await download.path())!, 'utf8');
    expect(ics).toContain('BEGIN:VCALENDAR');
    expect(ics).toMatch(/SUMMARY:Haircut/);

    // Reschedule to 11:00 the same day.
    await row.getByTestId(`reschedule-${id}`).click();
    const moveDialog = page.getByTestId('reschedule-dialog');
    await expect(moveDialog.getByTestId('next-available')).toBeVisible();
    await moveDialog.getByTestId('booking-date').fill(wednesday);
    await moveDialog.getByTestId('slot-11:00').click();
    await moveDialog.getByTestId('reschedule-confirm').click();
    await expect(moveDialog).toBeHidden();
    await expect(row.getByTestId(`when-${id}`)).toContainText('11:00–11:30');
    await expect(row.getByTestId(`notice-${id}`)).toContainText('Moved to');
    const moved = await staff.get<AppointmentJson>(`/api/appointments/${id}`);
    expect(moved.version).toBeGreaterThan(booked.version);
    expect(Date.parse(moved.start) - Date.parse(booked.start)).toBe(3_600_000);
    await waitForMail(CASEY, new RegExp(`^Appointment moved: Haircut now on ${when} 11:00`));

    // Cancel, with a reason.
    await row.getByTestId(`cancel-${id}`).click();
    const cancelDialog = page.getByTestId('cancel-dialog');
    await cancelDialog.getByTestId('cancel-reason').fill('Away that week');
    await cancelDialog.getByTestId('cancel-confirm').click();
    await expect(cancelDialog).toBeHidden();
    await expect(row.getByTestId('status')).toHaveText('Cancelled');
    await expect(row.getByTestId(`cancel-reason-${id}`)).toHaveText('Reason: Away that week');
    const cancelled = await staff.get<AppointmentJson>(`/api/appointments/${id}`);
    expect(cancelled).toMatchObject({ status: 'cancelled', cancel_reason: 'Away that week' });
    await waitForMail(CASEY, new RegExp(`^Cancellation confirmed: Haircut on ${when} 11:00`));

    await page.screenshot({ path: `test-results/artifacts/customer-booking-${run.name}.png`, fullPage: true });
    await staff.dispose();
    expect(consoleErrors).toEqual([]);
  });
}
