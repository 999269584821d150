// A stand-in for socket.io-client's Socket: counts sockets and listeners and
// lets a test play the server (accept, drop, answer acknowledgements).
type Listener = (...args: unknown[]) => void;
type AckHandler = (event: string, payload: unknown) => unknown;

export class FakeSocket {
  listeners = new Map<string, Listener[]>();
  connected = false;
  active = false;
  connectCalls = 0;
  disconnectCalls = 0;
  emitted: { event: string; payload: unknown }[] = [];
  answer: AckHandler = () => ({ ok: true, data: {} });
  /** The Manager's current Engine.IO connection: its transport, and its upgrade event. */
  io = {
    engine: {
      transport: { name: 'websocket' },
      upgradeListeners: [] as Listener[],
      once(event: string, fn: Listener) {
        if (event === 'upgrade') this.upgradeListeners.push(fn);
      },
    },
  };

  constructor(readonly url: string) {}

  on(event: string, fn: Listener) {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), fn]);
    return this;
  }
  off(event: string, fn: Listener) {
    const list = this.listeners.get(event) ?? [];
    const i = list.indexOf(fn);
    if (i >= 0) list.splice(i, 1);
    return this;
  }
  count(event: string) {
    return (this.listeners.get(event) ?? []).length;
  }
  fire(event: string, ...args: unknown[]) {
    for (const fn of [...(this.listeners.get(event) ?? [])]) fn(...args);
  }
  connect() {
    this.active = true;
    this.connectCalls += 1;
    return this;
  }
  disconnect() {
    this.active = false;
    this.connected = false;
    this.disconnectCalls += 1;
    this.fire('disconnect', 'io client disconnect');
    return this;
  }
  serverAccepts(transport: 'websocket' | 'polling' = 'websocket') {
    this.io.engine.transport.name = transport;
    this.connected = true;
    this.fire('connect');
  }
  upgrades() {
    this.io.engine.transport.name = 'websocket';
    for (const fn of this.io.engine.upgradeListeners.splice(0)) fn();
  }
  transportCloses() {
    this.connected = false; // active stays true: Socket.IO reconnects by itself
    this.fire('disconnect', 'transport close');
  }
  timeout() {
    return this;
  }
  async emitWithAck(event: string, payload: unknown) {
    this.emitted.push({ event, payload });
    return this.answer(event, payload);
  }
}

export const sockets: FakeSocket[] = [];

export function io(url: string): FakeSocket {
  const socket = new FakeSocket(url);
  sockets.push(socket);
  return socket;
}

export function socketFor(path: string): FakeSocket {
  const matches = sockets.filter((s) => s.url.endsWith(path));
  if (matches.length !== 1) throw new Error(`expected one socket for ${path}, found ${matches.length}`);
  return matches[0]!;
}
