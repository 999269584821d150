// (3) The server restarts while a board is open: the page says it is
// reconnecting, then shows the current state, including a change made
// through the REST API around the restart (before this page got back).
import { test, expect, ALEX, Api, openBoard, SAM, staffPage, uniq, workshopBoard } from './helpers';
import { readState, startServer, stopServer } from './server';

test('after a server restart the board catches up with changes it missed', async ({ open }) => {
  const api = await Api.as(ALEX);
  const board = await workshopBoard(api);
  const [todo, , done] = board.columns;
  const moved = await api.post<{ id: number }>('/api/cards', { column_id: todo!.id, title: uniq('Moved while away') });
  await api.dispose();

  const page = await staffPage(open, ALEX);
  await openBoard(page, board.id);
  await expect(page.getByTestId(`column-${todo!.id}`).getByTestId(`card-${moved.id}`)).toBeVisible();

  let state = await stopServer(readState());
  await expect(page.getByTestId('connection-status')).toHaveText(/Reconnecting…|Offline/);
  await expect(page.getByTestId('stale-notice')).toBeVisible();
  // Keep this page from getting back before the changes below are made, so what it
  // shows afterwards can only come from catching up, not from live events.
  await page.context().setOffline(true);

  state = await startServer(state);
  const sam = await Api.as(SAM);
  await sam.post(`/api/cards/${moved.id}/move`, { column_id: done!.id, index: 0 });
  const created = await sam.post<{ id: number; title: string }>('/api/cards', { column_id: todo!.id, title: uniq('Created while away') });
  await sam.dispose();
  await page.context().setOffline(false);

  await expect(page.getByTestId('connection-status')).toHaveText('Connected', { timeout: 20_000 });
  await expect(page.getByTestId('stale-notice')).toHaveCount(0);
  await expect(page.getByTestId(`column-${done!.id}`).getByTestId(`card-${moved.id}`)).toBeVisible();
  await expect(page.getByTestId(`column-${todo!.id}`).getByTestId(`card-${created.id}`)).toHaveText(new RegExp(created.title));
  expect(state.pid).not.toBeNull();
});
