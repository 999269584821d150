// Behind a proxy that refuses WebSocket upgrades (some corporate proxies, antivirus
// boxes, mobile networks) the board still works live over HTTP long-polling, says so,
// and catches up after the proxy drops every connection.
import { startProxy } from './proxy';
import { test, expect, ALEX, Api, login, SAM, uniq, workshopBoard } from './helpers';

test('two staff members see each other live over long-polling when WebSocket is refused', async ({ open }) => {
  const appPort = Number(new URL(process.env.E2E_BASE_URL!).port);
  const proxy = await startProxy({ targetPort: appPort, port: Number(process.env.E2E_PROXY_PORT), websocket: 'refuse' });
  try {
    const api = await Api.as(ALEX);
    const board = await workshopBoard(api);
    const todo = board.columns[0]!;

    const pages = [];
    for (const who of [ALEX, SAM]) {
      const page = await open({ baseURL: proxy.url });
      const errors: string[] = [];
      page.on('console', (message) => {
        // The refused WebSocket attempts are the point of this test; nothing else may fail.
        if (message.type() === 'error' && !/WebSocket/i.test(message.text())) errors.push(message.text());
      });
      await login(page, who);
      await page.goto(`/board/?id=${board.id}`);
      await expect(page.getByTestId('board')).toBeVisible();
      await expect(page.getByTestId('connection-status')).toContainText('Connected');
      await expect(page.getByTestId('connection-transport')).toHaveText('(long-polling)');
      pages.push({ page, errors });
    }
    const [alex, sam] = pages.map((p) => p.page) as [typeof pages[0]['page'], typeof pages[0]['page']];

    // Alex adds a card through the page; Sam sees it without reloading.
    const title = uniq('Over polling');
    await alex.getByTestId(`add-card-${todo.id}`).click();
    await alex.getByTestId(`new-card-title-${todo.id}`).fill(title);
    await alex.getByTestId(`add-card-submit-${todo.id}`).click();
    await expect(sam.getByTestId('columns').getByText(title, { exact: true })).toBeVisible({ timeout: 5000 });

    // The proxy drops every connection. The browser retries a long-poll cut this way by
    // itself, so the next event may be lost with the dead response; the one after it shows
    // the gap, which the page repairs from the stored events: both arrive, in order.
    proxy.dropAll();
    const cutOff = [uniq('Made while cut off'), uniq('And after it')];
    for (const missed of cutOff) await api.post('/api/cards', { column_id: todo.id, title: missed });
    for (const page of [alex, sam]) {
      for (const missed of cutOff) {
        await expect(page.getByTestId('columns').getByText(missed, { exact: true })).toBeVisible({ timeout: 15_000 });
      }
      await expect(page.getByTestId('connection-status')).toContainText('Connected');
    }
    for (const { errors } of pages) expect(errors.filter((e) => !/Failed to load resource|ERR_/.test(e))).toEqual([]);
    await api.dispose();
  } finally {
    await proxy.close();
  }
});
