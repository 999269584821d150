// A small HTTP proxy in front of the app, started by a test: for a page served from
// another address (origin.spec.ts) or behind a proxy that refuses WebSocket (polling.spec.ts).
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';

export interface Proxy {
  url: string;
  /** Cuts every open connection (a proxy restart, a network blip). */
  dropAll(): void;
  close(): Promise<void>;
}

/** Forwards plain HTTP to the app on `targetPort`; WebSocket upgrades are forwarded too, or refused. */
export async function startProxy({
  targetPort,
  port = 0,
  websocket,
}: {
  targetPort: number;
  /** 0: any free port. */
  port?: number;
  websocket: 'forward' | 'refuse';
}): Promise<Proxy> {
  const sockets = new Set<net.Socket>();
  const track = (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('error', () => socket.destroy());
    socket.on('close', () => sockets.delete(socket));
  };
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
    if (websocket === 'refuse') {
      client.destroy();
      return;
    }
    const upstream = net.connect(targetPort, '127.0.0.1', () => {
      const lines = [`${req.method} ${req.url} HTTP/1.1`];
      for (let i = 0; i < req.rawHeaders.length; i += 2) lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
      upstream.write(`${lines.join('\r\n')}\r\n\r\n`);
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    track(upstream);
    track(client);
  });
  server.on('connection', track);
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    dropAll: () => sockets.forEach((socket) => socket.destroy()),
    close: () =>
      new Promise<void>((resolve) => {
        sockets.forEach((socket) => socket.destroy());
        server.close(() => resolve());
      }),
  };
}
