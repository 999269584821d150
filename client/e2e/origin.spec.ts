// A page served from an address the server does not allow (a deployment whose
// ALLOWED_ORIGINS lacks its public address) is refused live connections. It must say
// so and stop retrying, instead of showing "Reconnecting…" forever.
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { test, expect, ALEX, login } from './helpers';

/** Forwards HTTP and WebSocket upgrades to the app, from an address of its own. */
async function startForwardingProxy(targetPort: number): Promise<{ url: string; close: () => Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = http.createServer((req, res) => {
    const upstream = http.request(
      { host: '127.0.0.1', port: targetPort, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  server.on('upgrade', (req, client: net.Socket, head: Buffer) => {
    const upstream = net.connect(targetPort, '127.0.0.1', () => {
      const lines = [`${req.method} ${req.url} HTTP/1.1`];
      for (let i = 0; i < req.rawHeaders.length; i += 2) lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
      upstream.write(`${lines.join('\r\n')}\r\n\r\n`);
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    for (const socket of [upstream, client]) {
      sockets.add(socket);
      socket.on('error', () => socket.destroy());
      socket.on('close', () => sockets.delete(socket));
    }
  });
  server.on('connection', (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        sockets.forEach((socket) => socket.destroy());
        server.close(() => resolve());
      }),
  };
}

test('a page on an address the server does not allow says so and stops retrying', async ({ open }) => {
  const appPort = Number(new URL(process.env.E2E_BASE_URL!).port);
  const proxy = await startForwardingProxy(appPort);
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
