// (1) Two staff users on the same board: a drag by one shows for the other
// without a reload, within 2 s.
import { test, expect, ALEX, Api, dragTo, openBoard, SAM, staffPage, uniq, workshopBoard } from './helpers';

test('a card dragged by one staff member moves for the other within 2 s', async ({ open }) => {
  const api = await Api.as(ALEX);
  const board = await workshopBoard(api);
  const [todo, , done] = board.columns;
  const card = await api.post<{ id: number }>('/api/cards', { column_id: todo!.id, title: uniq('Drag me') });

  const alex = await staffPage(open, ALEX);
  const sam = await staffPage(open, SAM);
  await openBoard(alex, board.id);
  await openBoard(sam, board.id);
  await expect(sam.getByTestId(`column-${todo!.id}`).getByTestId(`card-${card.id}`)).toBeVisible();

  await dragTo(alex, alex.getByTestId(`card-${card.id}`), alex.getByTestId(`column-cards-${done!.id}`));
  await expect(alex.getByTestId(`column-${done!.id}`).getByTestId(`card-${card.id}`)).toBeVisible();

  // The other user sees it in the new column, live.
  await expect(sam.getByTestId(`column-${done!.id}`).getByTestId(`card-${card.id}`)).toBeVisible({ timeout: 2000 });
  await expect(sam.getByTestId(`column-${todo!.id}`).getByTestId(`card-${card.id}`)).toHaveCount(0);

  // And the server agrees.
  const after = await api.get<{ cards: { id: number; column_id: number }[] }>(`/api/boards/${board.id}`);
  expect(after.cards.find((c) => c.id === card.id)?.column_id).toBe(done!.id);

  // A move within a column reorders for the other user too.
  const first = await api.post<{ id: number }>('/api/cards', { column_id: done!.id, title: uniq('Second') });
  await expect(alex.getByTestId(`card-${first.id}`)).toBeVisible();
  await dragTo(alex, alex.getByTestId(`card-${first.id}`), alex.getByTestId(`card-${card.id}`));
  const order = async (page: typeof alex) =>
    page.getByTestId(`column-cards-${done!.id}`).locator('> li[data-testid^="card-"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')));
  // Dropped onto the card above it, the new card takes that card's place.
  await expect
    .poll(async () => {
      const ids = await order(alex);
      return ids.indexOf(`card-${first.id}`) < ids.indexOf(`card-${card.id}`);
    })
    .toBe(true);
  const alexOrder = await order(alex);
  await expect.poll(() => order(sam), { timeout: 2000 }).toEqual(alexOrder);
  // Kept as a CI artifact (test-results/ is not committed).
  await sam.screenshot({ path: 'test-results/artifacts/board.png', fullPage: true });
  await api.dispose();
});

test('cards can be moved with the keyboard', async ({ open }) => {
  const api = await Api.as(ALEX);
  const board = await workshopBoard(api);
  const [todo, doing] = board.columns;
  const card = await api.post<{ id: number }>('/api/cards', { column_id: todo!.id, title: uniq('Keyboard') });
  const alex = await staffPage(open, ALEX);
  await openBoard(alex, board.id);
  const handle = alex.getByTestId(`drag-${card.id}`);
  // dnd-kit announces each step in a live region, as a screen reader user hears it.
  const announcements = alex.locator('[id^="DndLiveRegion"]');
  await handle.focus();
  await alex.keyboard.press('Space');
  await expect(announcements).toContainText('Picked up card');
  // dnd-kit's keyboard sensor starts listening for arrows in a setTimeout queued when it
  // picked the card up; one macrotask queued now in the page runs after it.
  await alex.evaluate(() => new Promise((resolve) => setTimeout(resolve, 0)));
  await alex.keyboard.press('ArrowRight');
  // While dragging, the card is previewed in the column it would land in.
  await expect(alex.getByTestId(`column-${doing!.id}`).getByTestId(`card-${card.id}`)).toBeVisible();
  await alex.keyboard.press('Space');
  await expect(announcements).toContainText('was dropped at position');
  await expect(alex.getByTestId(`column-${doing!.id}`).getByTestId(`card-${card.id}`)).toBeVisible();
  await expect
    .poll(async () => (await api.get<{ cards: { id: number; column_id: number }[] }>(`/api/boards/${board.id}`)).cards.find((c) => c.id === card.id)?.column_id)
    .toBe(doing!.id);
  await api.dispose();
});
