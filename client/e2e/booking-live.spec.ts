// (2) A customer registers and books in one browser; the staff dashboard's
// pending count and today's list change live, and the staff's confirmation
// reaches the customer's page live.
import { test, expect, ALEX, Api, businessToday, registerCustomer, staffPage, uniq } from './helpers';
import { readState } from './server';

test('a booking shows up on the staff dashboard live', async ({ open }) => {
  const { timeZone } = readState();
  const staff = await staffPage(open, ALEX);
  await staff.goto('/admin/dashboard/');
  await expect(staff.getByTestId('connection-status')).toHaveText('Connected');
  const pending = staff.getByTestId('pending-count');
  await expect(pending).toBeVisible();
  const before = Number(await pending.textContent());

  const customer = await open({ timezoneId: timeZone });
  const name = uniq('Casey E2E');
  await registerCustomer(customer, name, `${name.replace(/\W+/g, '.').toLowerCase()}@example.test`);
  await expect(customer).toHaveURL(/\/book\/?$/);
  await customer.getByText('Haircut', { exact: true }).click();

  // Today when it still has free times (the e2e server's time zone is picked
  // so that it usually does), else the next day that has some.
  let day = '';
  for (let offset = 0; offset < 8 && !day; offset++) {
    const candidate = businessToday(timeZone, offset);
    await customer.getByTestId('booking-date').fill(candidate);
    const slotsOrEmpty = customer.locator('.slots, .empty, [data-testid="error-availability"]');
    await expect(slotsOrEmpty.first()).toBeVisible();
    if (await customer.locator('.slots button').count()) day = candidate;
  }
  expect(day, 'no free Haircut slot within a week').not.toBe('');
  const slot = customer.locator('.slots button').first();
  const time = (await slot.textContent())!.trim();
  await slot.click();
  await customer.getByTestId('book-submit').click();
  await expect(customer.getByTestId('booking-confirmation')).toContainText(time);

  // Staff side, no reload.
  await expect(pending).toHaveText(String(before + 1), { timeout: 5000 });
  const isToday = day === businessToday(timeZone);
  if (isToday) {
    await expect(staff.getByTestId('today-appointments')).toContainText(name, { timeout: 5000 });
  }
  // Kept as a CI artifact (test-results/ is not committed).
  await staff.screenshot({ path: 'test-results/artifacts/dashboard.png', fullPage: true });

  // The customer follows the status live while staff confirm it.
  await customer.goto('/my-appointments/');
  await expect(customer.getByTestId('connection-status')).toHaveText('Connected');
  const row = customer.getByTestId('upcoming-appointments').locator('li').first();
  await expect(row.getByTestId('status')).toHaveText('Pending');
  const api = await Api.as(ALEX);
  const mine = (await api.get<{ id: number; customer: { name: string } }[]>('/api/appointments?status=pending')).find(
    (a) => a.customer.name === name,
  )!;
  if (isToday) {
    await staff.getByTestId(`confirm-${mine.id}`).click();
  } else {
    await api.post(`/api/appointments/${mine.id}/confirm`);
  }
  await expect(row.getByTestId('status')).toHaveText('Confirmed', { timeout: 5000 });
  await expect(pending).toHaveText(String(before), { timeout: 5000 });
  await api.dispose();
});
