// (4) Bad input in the booking and card forms shows an error next to the
// field and changes nothing.
import { test, expect, ALEX, Api, businessToday, openBoard, registerCustomer, staffPage, uniq, workshopBoard } from './helpers';
import { readState } from './server';

test('registration and booking refuse bad input and book nothing', async ({ open }) => {
  const { timeZone } = readState();
  const page = await open({ timezoneId: timeZone });

  await page.goto('/register/');
  await page.getByLabel('Name').fill('Bad Email');
  await page.getByLabel('Email').fill('not-an-email');
  await page.getByLabel('Password').fill('short');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByTestId('error-email')).toBeVisible();
  await expect(page.getByTestId('error-password')).toBeVisible();
  await expect(page.getByTestId('current-user')).toHaveCount(0);

  const name = uniq('Notes E2E');
  const email = `${name.replace(/\W+/g, '.').toLowerCase()}@example.test`;
  await registerCustomer(page, name, email);
  await page.getByText('Haircut', { exact: true }).click();
  let found = false;
  for (let offset = 0; offset < 8 && !found; offset++) {
    await page.getByTestId('booking-date').fill(businessToday(timeZone, offset));
    await expect(page.locator('.slots, .empty, [data-testid="error-availability"]').first()).toBeVisible();
    found = (await page.locator('.slots button').count()) > 0;
  }
  expect(found).toBe(true);
  await page.locator('.slots button').first().click();
  await page.getByLabel('Notes (optional)').fill('x'.repeat(2001));
  await page.getByTestId('book-submit').click();
  await expect(page.getByTestId('error-notes')).toContainText('2000');
  await expect(page.getByTestId('booking-confirmation')).toHaveCount(0);

  const api = await Api.as(email, 'e2e-password-123');
  expect(await api.get<unknown[]>('/api/appointments')).toEqual([]);
  await api.dispose();
});

test('the card form refuses an empty title and changes nothing', async ({ open }) => {
  const api = await Api.as(ALEX);
  const board = await workshopBoard(api);
  const [todo] = board.columns;
  const title = uniq('Keep my title');
  const card = await api.post<{ id: number; version: number }>('/api/cards', { column_id: todo!.id, title });

  const page = await staffPage(open, ALEX);
  await openBoard(page, board.id);
  await page.getByTestId(`open-card-${card.id}`).click();
  const dialog = page.getByTestId('card-detail');
  await dialog.getByTestId('card-title-input').fill('   ');
  await dialog.getByTestId('card-save').click();
  await expect(dialog.getByTestId('error-card-title')).toHaveText('Give the card a title.');
  await page.keyboard.press('Escape');
  // The edit is not saved: closing asks first.
  await page.getByRole('alertdialog', { name: 'Discard your changes?' }).getByRole('button', { name: 'Discard' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId(`card-title-${card.id}`)).toHaveText(title);

  // A new card without a title, and a WIP limit that is not a number.
  await page.getByTestId(`add-card-${todo!.id}`).click();
  await page.getByTestId(`add-card-submit-${todo!.id}`).click();
  await expect(page.getByTestId(`add-card-error-${todo!.id}`)).toBeVisible();
  await page.getByTestId('add-column-open').click(); // the form is folded away until asked for
  await page.getByTestId('new-column-name').fill('Bad WIP');
  await page.getByTestId('new-column-wip').fill('lots');
  await page.getByTestId('add-column-submit').click();
  await expect(page.getByRole('form', { name: 'Add a column' }).getByRole('alert')).toContainText('whole number');

  const after = await api.get<{ cards: { id: number; title: string; version: number }[]; columns: { name: string }[] }>(
    `/api/boards/${board.id}`,
  );
  const same = after.cards.find((c) => c.id === card.id)!;
  expect(same.title).toBe(title);
  expect(same.version).toBe(card.version);
  expect(after.cards.length).toBe(board.cards.length + 1);
  expect(after.columns.map((c) => c.name)).not.toContain('Bad WIP');
  await api.dispose();
});
