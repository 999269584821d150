// The pending queue, with Sam and Alex watching it in two browser contexts: a
// customer's request (booked over REST as casey@frontdesk.test) appears in
// both queues live; Sam confirms it and it leaves Alex's queue; two more are
// declined together with a reason the customer then sees. The dashboard's
// pending tile leads here. At a phone width and a desktop width.
import type { Page } from '@playwright/test';
import {
  test,
  expect,
  ALEX,
  Api,
  businessInstant,
  CASEY,
  collectConsoleErrors,
  emptyWeekday,
  hasNoPageOverflow,
  SAM,
  staffPage,
  subjectDay,
  waitForMail,
} from './helpers';

interface Appt {
  id: number;
  status: string;
  cancel_reason: string;
}

const runs = [
  { name: 'phone', viewport: { width: 390, height: 844 }, weeksAhead: 10 },
  { name: 'desktop', viewport: { width: 1280, height: 800 }, weeksAhead: 11 },
] as const;

async function openQueue(page: Page): Promise<void> {
  await page.goto('/admin/queue/');
  await expect(page.getByTestId('connection-status')).toHaveText('Connected');
  await expect(page.getByTestId('queue-count')).toBeVisible();
}

for (const run of runs) {
  test(`queue: a request appears live, is confirmed by one and leaves the other's queue (${run.name})`, async ({ open }) => {
    const casey = await Api.as(CASEY);
    const timeZone = (await casey.get<{ time_zone: string }>('/api/business')).time_zone;
    // An explicit Thursday weeks ahead with nothing booked yet, away from the demo data and the other specs.
    const staffApi = await Api.as(SAM);
    const day = await emptyWeekday(staffApi, timeZone, run.weeksAhead, 3);
    await staffApi.dispose();

    const sam = await staffPage(() => open({ viewport: run.viewport, timezoneId: timeZone }), SAM);
    const alex = await staffPage(() => open({ viewport: run.viewport, timezoneId: timeZone }), ALEX);
    const samErrors = collectConsoleErrors(sam);
    const alexErrors = collectConsoleErrors(alex);

    // The dashboard's pending tile leads to the queue.
    await sam.goto('/admin/dashboard/');
    await sam.getByTestId('pending-queue-link').click();
    await expect(sam).toHaveURL(/\/admin\/queue\/?$/);
    await openQueue(sam);
    await openQueue(alex);

    const services = await casey.get<{ id: number; name: string }[]>('/api/services');
    const haircut = services.find((s) => s.name === 'Haircut')!;
    const book = (time: string) => casey.post<Appt>('/api/appointments', { service: haircut.id, start: businessInstant(day, time, timeZone) });

    const first = await book('10:00');
    for (const page of [sam, alex]) {
      const row = page.getByTestId(`queue-row-${first.id}`);
      await expect(row).toBeVisible({ timeout: 5000 });
      await expect(row).toContainText('Casey Jones');
      await expect(row).toContainText('Haircut');
      await expect(row).toContainText('10:00');
      await expect(row).toContainText(/waiting/);
    }
    expect(await hasNoPageOverflow(sam)).toBe(true);
    await sam.screenshot({ path: `test-results/artifacts/queue-${run.name}.png`, fullPage: true });

    // Sam confirms: it leaves both queues, Alex's without a reload.
    await sam.getByTestId(`queue-confirm-${first.id}`).click();
    await expect(sam.getByTestId(`queue-row-${first.id}`)).toHaveCount(0);
    await expect(alex.getByTestId(`queue-row-${first.id}`)).toHaveCount(0, { timeout: 5000 });
    expect((await casey.get<Appt[]>('/api/appointments')).find((a) => a.id === first.id)?.status).toBe('confirmed');
    await waitForMail(CASEY, new RegExp(`^Booking confirmed: Haircut on ${subjectDay(day)} at 10:00`));

    // Two more, declined together by Alex with a reason the customer sees.
    const second = await book('12:00');
    const third = await book('13:00');
    await expect(alex.getByTestId(`queue-row-${third.id}`)).toBeVisible({ timeout: 5000 });
    await expect(sam.getByTestId(`queue-row-${third.id}`)).toBeVisible({ timeout: 5000 });
    await alex.getByTestId(`queue-select-${second.id}`).check();
    await alex.getByTestId(`queue-select-${third.id}`).check();
    await alex.getByTestId('decline-selected').click();
    const dialog = alex.getByTestId('decline-dialog');
    await dialog.getByLabel(/Reason/).fill('Fully booked that afternoon');
    await dialog.getByTestId('decline-submit').click();
    for (const page of [alex, sam]) {
      await expect(page.getByTestId(`queue-row-${second.id}`)).toHaveCount(0, { timeout: 5000 });
      await expect(page.getByTestId(`queue-row-${third.id}`)).toHaveCount(0, { timeout: 5000 });
    }
    const mine = await casey.get<Appt[]>('/api/appointments');
    for (const id of [second.id, third.id]) {
      expect(mine.find((a) => a.id === id)).toMatchObject({ status: 'cancelled', cancel_reason: 'Fully booked that afternoon' });
    }
    for (const time of ['12:00', '13:00']) {
      await waitForMail(CASEY, new RegExp(`^Booking declined: Haircut on ${subjectDay(day)} at ${time}`));
    }

    expect(samErrors).toEqual([]);
    expect(alexErrors).toEqual([]);
    await casey.dispose();
  });
}
