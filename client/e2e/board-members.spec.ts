// Board members and roles with two people at once: Alex (owner) adds Sam as
// a viewer, makes Sam a member, then removes Sam while Sam is watching; and
// lists reordered by keyboard and mouse, seen live by the other person.
import type { Page } from '@playwright/test';
import { test, expect, ALEX, Api, collectConsoleErrors, dragTo, makeBoard, openBoard, SAM, staffId, staffPage, uniq } from './helpers';

const listOrder = (page: Page) =>
  page
    .getByTestId('columns')
    .locator('> section[data-testid^="column-"]')
    .evaluateAll((els) => els.map((e) => e.querySelector('.column-title')?.textContent));

test('a viewer reads only, a member edits, and a member removed while watching is told at once', async ({ open }) => {
  const api = await Api.as(ALEX);
  const samId = await staffId(api, SAM);
  const me = await api.get<{ id: number }>('/api/auth/me');
  const board = await makeBoard(api, ['To do']);
  const todo = board.columns[0]!;
  const card = await api.post<{ id: number; title: string }>('/api/cards', { column_id: todo.id, title: uniq('Read me') });

  const alex = await staffPage(open, ALEX);
  const sam = await staffPage(open, SAM);
  const errors = [...collectConsoleErrors(alex), ...collectConsoleErrors(sam)];
  await openBoard(alex, board.id);

  // Alex adds Sam as a viewer, found by typing part of the name.
  await alex.getByTestId('members-open').click();
  const members = alex.getByTestId('board-members');
  await members.getByTestId('member-search').fill('sam');
  await members.getByTestId('member-new-role').selectOption('viewer');
  await members.getByTestId(`member-add-${samId}`).click();
  await expect(members.getByTestId(`member-role-${samId}`)).toHaveValue('viewer');
  // Sam is a member now, so the search no longer offers Sam.
  await members.getByTestId('member-search').fill('sam');
  await expect(members.getByTestId(`member-add-${samId}`)).toHaveCount(0);
  await members.getByTestId('member-search').fill('');

  // The last owner cannot step down: the server's reason is shown on that row.
  await members.getByTestId(`member-role-${me.id}`).selectOption('member');
  await expect(members.getByTestId(`member-error-${me.id}`)).toContainText('needs an owner');
  await expect(members.getByTestId(`member-role-${me.id}`)).toHaveValue('owner');

  // Sam's board is read-only: no drag handles, no add forms, disabled card fields.
  await openBoard(sam, board.id);
  await expect(sam.getByTestId('view-only-badge')).toHaveText('View only');
  await expect(sam.getByTestId(`card-${card.id}`)).toBeVisible();
  await expect(sam.getByTestId(`drag-${card.id}`)).toHaveCount(0);
  await expect(sam.getByTestId(`drag-column-${todo.id}`)).toHaveCount(0);
  await expect(sam.getByTestId(`add-card-${todo.id}`)).toHaveCount(0);
  await expect(sam.getByTestId('add-column-open')).toHaveCount(0);
  await expect(sam.getByLabel(`Column ${todo.name} actions`)).toHaveCount(0);
  await sam.getByTestId(`open-card-${card.id}`).click();
  const dialog = sam.getByTestId('card-detail');
  await expect(dialog.getByTestId('card-read-only')).toHaveText('You can view this board but not change it.');
  await expect(dialog.getByTestId('card-title-input')).toBeDisabled();
  await expect(dialog.getByTestId('card-save')).toBeDisabled();
  await expect(dialog.getByTestId('comment-input')).toBeHidden();
  await dialog.getByTestId('dialog-close').click();

  // The server refuses Sam's writes too, whatever the page shows.
  const samApi = await Api.as(SAM);
  await expect(samApi.post('/api/cards', { column_id: todo.id, title: 'Sneaky' })).rejects.toThrow(/-> 403: .*forbidden/);
  await expect(samApi.patch(`/api/cards/${card.id}`, { title: 'Sneaky' })).rejects.toThrow(/-> 403/);

  // Alex makes Sam a member: Sam's board becomes editable without a reload.
  await members.getByTestId(`member-role-${samId}`).selectOption('member');
  await expect(sam.getByTestId('view-only-badge')).toHaveCount(0);
  await sam.getByTestId(`add-card-${todo.id}`).click();
  const title = uniq('From Sam');
  await sam.getByTestId(`new-card-title-${todo.id}`).fill(title);
  await sam.getByTestId(`add-card-submit-${todo.id}`).click();
  await expect(alex.getByTestId(`column-${todo.id}`).getByText(title)).toBeVisible();
  await expect(sam.getByTestId(`drag-${card.id}`)).toBeVisible();

  // Alex removes Sam while Sam watches: Sam's page says so at once.
  await members.getByTestId(`member-remove-${samId}`).click();
  await expect(members.getByTestId(`member-${samId}`)).toHaveCount(0);
  const removed = sam.getByTestId('board-removed');
  await expect(removed).toContainText('You were removed from this board.');
  await expect(sam.getByTestId('board')).toHaveCount(0);
  await removed.getByRole('link', { name: 'Back to all boards' }).click();
  await expect(sam.getByTestId(`board-link-${board.id}`)).toHaveCount(0);
  await expect(samApi.get(`/api/boards/${board.id}`)).rejects.toThrow(/-> 404/);

  expect(errors).toEqual([]);
  await samApi.dispose();
  await api.dispose();
});

test('lists reordered by keyboard and by mouse move for the other person live', async ({ open }) => {
  const api = await Api.as(ALEX);
  const board = await makeBoard(api, ['Alpha', 'Beta', 'Gamma']);
  await api.post(`/api/boards/${board.id}/members`, { user_id: await staffId(api, SAM), role: 'member' });
  const [alpha, , gamma] = board.columns;

  const alex = await staffPage(open, ALEX);
  const sam = await staffPage(open, SAM);
  const errors = [...collectConsoleErrors(alex), ...collectConsoleErrors(sam)];
  await openBoard(alex, board.id);
  await openBoard(sam, board.id);
  await expect.poll(() => listOrder(sam)).toEqual(['Alpha', 'Beta', 'Gamma']);

  // Keyboard: Space picks the list up, an arrow moves it, Space drops it; each step is announced.
  const announcements = alex.locator('[id^="DndLiveRegion"]');
  await alex.getByTestId(`drag-column-${alpha!.id}`).focus();
  await alex.keyboard.press('Space');
  await expect(announcements).toContainText('Picked up list “Alpha”');
  // dnd-kit's keyboard sensor listens for arrows from a setTimeout queued at pick-up.
  await alex.evaluate(() => new Promise((resolve) => setTimeout(resolve, 0)));
  await alex.keyboard.press('ArrowRight');
  await expect(announcements).toContainText('List “Alpha” is over position 2 of 3');
  await alex.keyboard.press('Space');
  await expect(announcements).toContainText('List “Alpha” was dropped at position 2 of 3');
  await expect.poll(() => listOrder(alex)).toEqual(['Beta', 'Alpha', 'Gamma']);
  await expect.poll(() => listOrder(sam), { timeout: 2000 }).toEqual(['Beta', 'Alpha', 'Gamma']);

  // Mouse: Gamma dragged by its handle onto Beta takes Beta's place.
  await dragTo(alex, alex.getByTestId(`drag-column-${gamma!.id}`), alex.getByTestId(`column-${board.columns[1]!.id}`));
  await expect.poll(() => listOrder(alex)).toEqual(['Gamma', 'Beta', 'Alpha']);
  await expect.poll(() => listOrder(sam), { timeout: 2000 }).toEqual(['Gamma', 'Beta', 'Alpha']);
  const snapshot = await api.get<{ columns: { name: string; position: number }[] }>(`/api/boards/${board.id}`);
  expect([...snapshot.columns].sort((a, b) => a.position - b.position).map((c) => c.name)).toEqual(['Gamma', 'Beta', 'Alpha']);

  // The new-list form is folded away until asked for.
  await expect(alex.getByTestId('new-column-name')).toHaveCount(0);
  await alex.getByTestId('add-column-open').click();
  await alex.getByTestId('new-column-name').fill('Delta');
  await alex.getByTestId('add-column-submit').click();
  await expect.poll(() => listOrder(sam), { timeout: 2000 }).toEqual(['Gamma', 'Beta', 'Alpha', 'Delta']);
  // Alex's own answer may come after Sam's event: the form is ready for the next list once
  // its name field is empty and focused again.
  await expect(alex.getByTestId('new-column-name')).toHaveValue('');
  await expect(alex.getByTestId('new-column-name')).toBeFocused();
  await alex.keyboard.press('Escape');
  await expect(alex.getByTestId('add-column-open')).toBeFocused();

  expect(errors).toEqual([]);
  await api.dispose();
});

test('the board list shows members, cards and the last change; an owner renames, archives and restores', async ({ open }) => {
  const api = await Api.as(ALEX);
  const board = await makeBoard(api, ['To do']);
  await api.post(`/api/boards/${board.id}/members`, { user_id: await staffId(api, SAM), role: 'viewer' });
  const title = uniq('Fix chair');
  await api.post('/api/cards', { column_id: board.columns[0]!.id, title });

  const alex = await staffPage(open, ALEX);
  const errors = collectConsoleErrors(alex);
  await alex.goto('/boards/');
  const tile = alex.getByTestId(`board-tile-${board.id}`);
  await expect(tile.getByTestId(`board-card-count-${board.id}`)).toHaveText('1 card');
  await expect(tile.getByTestId(`board-activity-${board.id}`)).toContainText(`added “${title}”`);
  await expect(tile.getByTestId(`board-activity-${board.id}`)).toContainText(/just now|min ago/);
  await expect(tile.locator('.avatar')).toHaveCount(2);
  await expect(tile.getByText('Sam Lee')).toBeAttached();

  // Renamed in place from the board's header.
  await tile.getByTestId(`board-link-${board.id}`).click();
  await expect(alex.getByTestId('connection-status')).toHaveText('Connected');
  await alex.getByLabel('Board actions').click();
  await alex.getByTestId('board-rename').click();
  const name = uniq('Renamed');
  await alex.getByTestId('board-name-input').fill(name);
  await alex.getByTestId('board-rename-save').click();
  await expect(alex.getByTestId('board-name')).toHaveText(name);

  // Archived (after a confirmation), back to the list, where it is gone until archived boards are shown.
  alex.once('dialog', (d) => void d.accept());
  await alex.getByLabel('Board actions').click();
  await alex.getByTestId('board-archive').click();
  await expect(alex).toHaveURL(/\/boards\/?$/);
  await expect(alex.getByTestId(`board-link-${board.id}`)).toHaveCount(0);
  await alex.getByTestId('show-archived').click();
  await alex.getByTestId(`restore-board-${board.id}`).click();
  await expect(alex.getByTestId(`board-tile-${board.id}`)).toHaveCount(0);
  await alex.getByTestId('show-archived').click();
  await expect(alex.getByTestId(`board-tile-${board.id}`)).toContainText(name);

  expect(errors).toEqual([]);
  await api.dispose();
});
