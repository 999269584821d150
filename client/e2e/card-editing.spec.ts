// Editing a card with two people at once (issue 13, "richer cards"):
// - Alex renames a card on its face (pencil, F2, Enter/Escape) and Sam sees it live;
//   a rename that crosses Sam's is offered back ("Changed by Sam Lee meanwhile").
// - Alex's description saves itself (no Save click) while Sam changes the due date:
//   both are kept.
// - Both edit the same description: the second to save is asked "Keep mine / Take theirs".
import type { Locator, Page } from '@playwright/test';
import { test, expect, ALEX, Api, collectConsoleErrors, login, openBoard, SAM, staffPage, uniq, workshopBoard } from './helpers';

interface CardInfo {
  id: number;
  title: string;
  description: string;
  due_date: string | null;
  version: number;
}

async function cardOnServer(api: Api, boardId: number, cardId: number): Promise<CardInfo | undefined> {
  const snapshot = await api.get<{ cards: CardInfo[] }>(`/api/boards/${boardId}`);
  return snapshot.cards.find((c) => c.id === cardId);
}

/** Both people open the board and the card's dialog; returns the two dialogs. */
async function openCardOnBoth(pages: Page[], boardId: number, cardId: number): Promise<Locator[]> {
  for (const page of pages) {
    await openBoard(page, boardId);
    await page.getByTestId(`open-card-${cardId}`).click();
  }
  return pages.map((page) => page.getByTestId('card-detail'));
}

test('a card renamed on its face shows for the other person live; crossing renames are offered back', async ({ open }) => {
  const api = await Api.as(ALEX);
  const board = await workshopBoard(api);
  const todo = board.columns[0]!;
  const card = await api.post<CardInfo>('/api/cards', { column_id: todo.id, title: uniq('Rename me') });
  const alex = await staffPage(open, ALEX);
  const sam = await staffPage(open, SAM);
  const errors = [...collectConsoleErrors(alex), ...collectConsoleErrors(sam)];
  await openBoard(alex, board.id);
  await openBoard(sam, board.id);

  // The pencil: the title turns into a field, Enter saves, the keyboard goes back to the pencil.
  const pencil = alex.getByTestId(`rename-card-${card.id}`);
  await pencil.click();
  const field = alex.getByTestId(`rename-input-${card.id}`);
  await expect(field).toBeFocused();
  await expect(field).toHaveValue(card.title);
  const renamed = uniq('Renamed on the face');
  await field.fill(renamed);
  await field.press('Enter');
  await expect(field).toHaveCount(0);
  await expect(alex.getByTestId(`card-title-${card.id}`)).toHaveText(renamed);
  await expect(pencil).toBeFocused();
  await expect(sam.getByTestId(`card-title-${card.id}`)).toHaveText(renamed, { timeout: 2000 });

  // From the keyboard: F2 on the card; an empty title is refused; Escape leaves it as it was.
  const opener = alex.getByTestId(`open-card-${card.id}`);
  await opener.focus();
  await alex.keyboard.press('F2');
  await expect(field).toBeFocused();
  await field.fill('   ');
  await field.press('Enter');
  await expect(alex.getByTestId(`rename-error-${card.id}`)).toHaveText('Give the card a title.');
  await field.press('Escape');
  await expect(field).toHaveCount(0);
  await expect(opener).toBeFocused();
  await expect(alex.getByTestId(`card-title-${card.id}`)).toHaveText(renamed);

  // Keyboard drag still starts from the handle with Space (and Escape puts the card back).
  const announcements = alex.locator('[id^="DndLiveRegion"]');
  await alex.getByTestId(`drag-${card.id}`).focus();
  await alex.keyboard.press('Space');
  await expect(announcements).toContainText('Picked up');
  await alex.keyboard.press('Escape');
  await expect(announcements).toContainText('Moving was cancelled');

  // Alex starts renaming; Sam renames first: Alex's save is refused and both titles are offered.
  await pencil.click();
  const mine = uniq('Alex title');
  await field.fill(mine);
  const theirs = uniq('Sam title');
  await sam.getByTestId(`open-card-${card.id}`).focus();
  await sam.keyboard.press('F2');
  await sam.getByTestId(`rename-input-${card.id}`).fill(theirs);
  await sam.getByTestId(`rename-input-${card.id}`).press('Enter');
  await expect(sam.getByTestId(`card-title-${card.id}`)).toHaveText(theirs);
  await field.press('Enter');
  const conflict = alex.getByTestId(`rename-conflict-${card.id}`);
  await expect(conflict).toContainText(`Changed by Sam Lee meanwhile: “${theirs}”`);
  await expect(field).toHaveValue(mine);
  await conflict.getByRole('button', { name: 'Keep mine' }).click();
  await expect(conflict).toHaveCount(0);
  await expect(alex.getByTestId(`card-title-${card.id}`)).toHaveText(mine);
  await expect(sam.getByTestId(`card-title-${card.id}`)).toHaveText(mine, { timeout: 2000 });
  expect((await cardOnServer(api, board.id, card.id))?.title).toBe(mine);

  // A viewer's face has no pencil: see board-members.spec.ts for viewers; here Sam is a member.
  await expect(sam.getByTestId(`rename-card-${card.id}`)).toBeVisible();
  await api.dispose();
  expect(errors).toEqual([]);
});

test("the description saves itself while the other person changes the due date: both are kept", async ({ open }) => {
  const api = await Api.as(ALEX);
  const board = await workshopBoard(api);
  const card = await api.post<CardInfo>('/api/cards', { column_id: board.columns[0]!.id, title: uniq('Merge me') });
  const alex = await staffPage(open, ALEX);
  const sam = await staffPage(open, SAM);
  const errors = [...collectConsoleErrors(alex), ...collectConsoleErrors(sam)];
  const [alexDialog, samDialog] = await openCardOnBoth([alex, sam], board.id, card.id);

  const notes = 'Bring the spare parts on Thursday.';
  await alexDialog.getByTestId('card-description-input').fill(notes);
  await samDialog.getByTestId('card-due').fill('2031-05-14');
  await samDialog.getByTestId('card-save').click();
  // Alex never presses Save: the description is kept on its own.
  await expect(alexDialog.getByTestId('description-status')).toHaveText('Saved');
  await expect(samDialog.getByTestId('card-saved')).toHaveText('Saved.');

  // Each sees the other's change in the open dialog, and the server has both.
  await expect(alexDialog.getByTestId('card-due')).toHaveValue('2031-05-14');
  await expect(samDialog.getByTestId('card-description-input')).toHaveValue(notes);
  await expect(alexDialog.getByTestId('card-conflict')).toHaveCount(0);
  await expect(samDialog.getByTestId('card-conflict')).toHaveCount(0);
  await expect.poll(() => cardOnServer(api, board.id, card.id)).toMatchObject({ description: notes, due_date: '2031-05-14' });

  // Nothing is left unsaved: closing does not ask.
  await alex.keyboard.press('Escape');
  await expect(alexDialog).toHaveCount(0);

  // Typed and closed at once: closing saves it rather than asking.
  await alex.getByTestId(`open-card-${card.id}`).click();
  const more = `${notes} Call first.`;
  await alexDialog.getByTestId('card-description-input').fill(more);
  await alex.keyboard.press('Escape');
  await expect(alexDialog).toHaveCount(0);
  await expect(alex.getByRole('alertdialog')).toHaveCount(0);
  await expect(samDialog.getByTestId('card-description-input')).toHaveValue(more);
  expect((await cardOnServer(api, board.id, card.id))?.description).toBe(more);
  await api.dispose();
  expect(errors).toEqual([]);
});

test('both edit the same description: the second to save chooses "Keep mine" or "Take theirs"', async ({ open }) => {
  const api = await Api.as(ALEX);
  const board = await workshopBoard(api);
  const card = await api.post<CardInfo>('/api/cards', { column_id: board.columns[0]!.id, title: uniq('Same field') });
  const alex = await staffPage(open, ALEX);
  // Sam's page runs on a clock the test holds still at the right moment, so Sam's
  // autosave cannot go out before Alex's: Sam is the second, whatever the machine's speed.
  const sam = await open();
  await sam.clock.install();
  await login(sam, SAM);
  const errors = [...collectConsoleErrors(alex), ...collectConsoleErrors(sam)];
  const [alexDialog, samDialog] = await openCardOnBoth([alex, sam], board.id, card.id);

  await sam.clock.pauseAt(await sam.evaluate(() => Date.now() + 100));
  const samWords = 'Sam: the customer wants it by noon.';
  await samDialog.getByTestId('card-description-input').fill(samWords);
  const alexWords = 'Alex: the customer will collect it tomorrow.';
  await alexDialog.getByTestId('card-description-input').fill(alexWords);
  await expect(alexDialog.getByTestId('description-status')).toHaveText('Saved');

  // Alex's save reaches Sam while Sam's text is unsaved: Sam is asked, his text kept.
  const conflict = samDialog.getByTestId('card-conflict');
  await expect(conflict).toContainText('The description changed by Alex Morgan meanwhile');
  await expect(conflict.getByTestId('conflict-yours-description')).toHaveText(samWords);
  await expect(conflict.getByTestId('conflict-theirs-description')).toHaveText(alexWords);
  await expect(conflict.getByRole('button', { name: 'Take theirs' })).toBeVisible();
  await expect(samDialog.getByTestId('card-description-input')).toHaveValue(samWords);

  await conflict.getByRole('button', { name: 'Keep mine' }).click();
  await expect(conflict).toHaveCount(0);
  await sam.clock.resume();
  // Alex's dialog follows: nothing of Alex's is unsaved.
  await expect(alexDialog.getByTestId('card-description-input')).toHaveValue(samWords);
  await expect.poll(async () => (await cardOnServer(api, board.id, card.id))?.description).toBe(samWords);

  // Once more, and Sam takes Alex's text this time.
  await sam.clock.pauseAt(await sam.evaluate(() => Date.now() + 100));
  await samDialog.getByTestId('card-description-input').fill('Sam again');
  await alexDialog.getByTestId('card-description-input').fill(alexWords);
  // Sam is asked once Alex's text (saved on its own) reaches him.
  await expect(conflict.getByTestId('conflict-theirs-description')).toHaveText(alexWords);
  await conflict.getByRole('button', { name: 'Take theirs' }).click();
  await expect(conflict).toHaveCount(0);
  await expect(samDialog.getByTestId('card-description-input')).toHaveValue(alexWords);
  await sam.clock.resume();
  await sam.keyboard.press('Escape'); // nothing of Sam's is unsaved: no question
  await expect(samDialog).toHaveCount(0);
  expect((await cardOnServer(api, board.id, card.id))?.description).toBe(alexWords);
  await api.dispose();
  expect(errors).toEqual([]);
});
