// A page served from an address the server does not allow (a deployment whose
// ALLOWED_ORIGINS lacks its public address) is refused live connections. It must say
// so and stop retrying, instead of showing "Reconnecting…" forever.
import { test, expect, ALEX, login } from './helpers';
import { startProxy } from './proxy';

test('a page on an address the server does not allow says so and stops retrying', async ({ open }) => {
  const appPort = Number(new URL(process.env.E2E_BASE_URL!).port);
  const proxy = await startProxy({ targetPort: appPort, websocket: 'forward' });
  try {
    // Signing in needs an allowed address (CSRF); the session cookie is per host, not
    // per port, so the page on the proxy's address is signed in too.
    const page = await open();
    await login(page, ALEX);
    let handshakes = 0;
    page.on('request', (request) => {
      if (request.url().includes('/socket.io/')) handshakes += 1;
    });
    // The page's timers run on a clock the test moves: retries would be timers.
    await page.clock.install();
    await page.goto(`${proxy.url}/admin/dashboard/`);
    const badge = page.getByTestId('connection-status');
    await expect(badge).toHaveText('Live updates off: this address is not allowed');
    await expect(badge).toHaveAttribute('title', /ALLOWED_ORIGINS/);
    // Stopped: a minute of the page's time brings no further connection attempt.
    const attempts = handshakes;
    await page.clock.runFor(60_000);
    await expect(badge).toHaveText('Live updates off: this address is not allowed');
    expect(handshakes).toBe(attempts);
  } finally {
    await proxy.close();
  }
});
