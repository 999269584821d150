// Checklists on cards, two users at once: Alex adds and ticks items and reorders
// them from the keyboard; Sam, on a phone-sized screen, sees the ticks, the order
// and the progress on the card face live, and the card's history says who did it.
import {
  test,
  expect,
  ALEX,
  Api,
  collectConsoleErrors,
  hasNoPageOverflow,
  openBoard,
  SAM,
  staffPage,
  uniq,
  workshopBoard,
} from './helpers';

test('a checklist tick by one member shows live for the other, on the card face and in its history', async ({ open }) => {
  const api = await Api.as(ALEX);
  const board = await workshopBoard(api);
  const [todo] = board.columns;
  const card = await api.post<{ id: number }>('/api/cards', { column_id: todo!.id, title: uniq('Open up') });

  const alex = await staffPage(open, ALEX);
  const sam = await staffPage(open, SAM);
  await sam.setViewportSize({ width: 390, height: 844 });
  const errors = [...collectConsoleErrors(alex), ...collectConsoleErrors(sam)];
  await openBoard(alex, board.id);
  await openBoard(sam, board.id);

  // Alex adds two items from the keyboard.
  await alex.getByTestId(`open-card-${card.id}`).click();
  const alexDialog = alex.getByTestId('card-detail');
  const input = alexDialog.getByLabel('Add a checklist item');
  await input.fill('Unlock the door');
  await input.press('Enter');
  await expect(alexDialog.getByRole('checkbox', { name: 'Unlock the door' })).toBeVisible();
  await input.fill('Count the till');
  await input.press('Enter');
  await expect(alexDialog.getByRole('checkbox', { name: 'Count the till' })).toBeVisible();
  await expect(input).toHaveValue('');

  // Sam's card face shows the progress as soon as the items exist.
  const samFace = sam.getByTestId(`card-checklist-${card.id}`);
  await expect(samFace).toContainText('0/2');

  // Sam opens the card; Alex ticks an item: Sam sees the tick and the progress live.
  await sam.getByTestId(`open-card-${card.id}`).click();
  const samDialog = sam.getByTestId('card-detail');
  const samDoor = samDialog.getByRole('checkbox', { name: 'Unlock the door' });
  await expect(samDoor).not.toBeChecked();
  await alexDialog.getByRole('checkbox', { name: 'Unlock the door' }).check();
  await expect(samDoor).toBeChecked();
  await expect(samDialog.getByTestId('checklist')).toContainText('1 of 2 done');
  await expect(samFace).toContainText('1/2');

  // The history says who ticked what, with old → new, and arrives while the dialog is open.
  const samHistory = samDialog.getByTestId('card-history');
  const tickEntry = samHistory.getByTestId('history-entry').filter({ hasText: 'Alex Morgan ticked “Unlock the door”' });
  await expect(tickEntry).toBeVisible();
  await expect(tickEntry.locator('del')).toHaveText('not ticked');
  await expect(tickEntry.locator('ins')).toHaveText('ticked');
  await expect(samHistory).toContainText('Alex Morgan added the checklist item “Count the till”');

  // Alex moves the second item up from the keyboard; Sam sees the new order.
  const up = alexDialog.getByRole('button', { name: 'Move “Count the till” up' });
  await up.focus();
  await alex.keyboard.press('Enter');
  const order = (dialog: typeof samDialog) => dialog.getByTestId('checklist-items').locator('.checklist-text').allTextContents();
  await expect.poll(() => order(alexDialog)).toEqual(['Count the till', 'Unlock the door']);
  await expect.poll(() => order(samDialog)).toEqual(['Count the till', 'Unlock the door']);
  // The keyboard stays on the moved item: it is first now, so on its "move down".
  await expect(alexDialog.getByRole('button', { name: 'Move “Count the till” down' })).toBeFocused();

  // A phone-sized dialog fits the screen.
  expect(await hasNoPageOverflow(sam)).toBe(true);

  // The server agrees.
  const snapshot = await api.get<{ checklist_items: { card_id: number; text: string; done: boolean }[] }>(`/api/boards/${board.id}`);
  expect(snapshot.checklist_items.filter((i) => i.card_id === card.id).map((i) => [i.text, i.done])).toEqual(
    expect.arrayContaining([
      ['Unlock the door', true],
      ['Count the till', false],
    ]),
  );
  expect(errors).toEqual([]);
  await api.dispose();
});
