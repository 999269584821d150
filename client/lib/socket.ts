// Socket factory and the module-level registry that keeps ONE socket per
// namespace, shared by every component, connected while anyone uses it
// (reference counted). Components never touch sockets: hooks/useSocketIO does.
import { io, type Socket } from 'socket.io-client';
import { env } from './env';
import type { Namespace } from './events';

export type ConnectionStatus = 'connecting' | 'connected' | 'reconnecting' | 'offline';
/** How the connection reaches the server: WebSocket, or HTTP long-polling where a proxy blocks WebSocket. */
export type Transport = 'websocket' | 'polling';

export interface ConnectionState {
  status: ConnectionStatus;
  /** Increases on every successful (re)connect: effects keyed on it re-subscribe. */
  epoch: number;
  /** Why the server refused: a `connect_error` code (`not_authenticated`, `forbidden`, ...) or `origin_not_allowed`. */
  error: string | null;
  /** The transport in use while connected. */
  transport: Transport | null;
}

interface Entry {
  socket: Socket;
  refs: number;
  state: ConnectionState;
  watchers: Set<() => void>;
  releaseTimer: ReturnType<typeof setTimeout> | null;
}

// A page change unmounts one page and mounts the next; waiting a moment before
// disconnecting lets both (and React strict mode's double effects) share the
// connection instead of dropping and re-opening it.
export const RELEASE_DELAY_MS = 1500;

// How long to wait before reconnecting after the server closed the socket itself.
export const SERVER_KICK_RETRY_MS = 2000;

/**
 * Engine.IO refuses a page whose address is not in the server's ALLOWED_ORIGINS with a
 * bare HTTP error that looks like a network failure, so the page would retry forever.
 * After a failure the page asks the server once (per page load) whether its address is
 * the cause; that refusal cannot heal, so the sockets stop retrying and say so.
 */
let originCheck: Promise<boolean> | null = null;

export function originRefused(): Promise<boolean> {
  originCheck ??= fetch(`${env.apiUrl}/api/realtime/origin?origin=${encodeURIComponent(window.location.origin)}`, {
    credentials: 'omit',
  })
    .then(async (res) => res.status === 403 && (await res.json())?.error?.code === 'origin_not_allowed')
    .catch(() => {
      originCheck = null; // the server is unreachable: ask again next time
      return false;
    });
  return originCheck;
}

export const INITIAL_STATE: ConnectionState = Object.freeze({ status: 'connecting', epoch: 0, error: null, transport: null });

const registry = new Map<Namespace, Entry>();

export function createSocket(namespace: Namespace): Socket {
  return io(`${env.apiUrl}${namespace}`, {
    path: '/socket.io/',
    autoConnect: false,
    withCredentials: true,
    // WebSocket first; where a proxy or network refuses it, HTTP long-polling, which
    // upgrades to WebSocket again as soon as that works (Engine.IO's upgrade).
    transports: ['websocket', 'polling'],
    tryAllTransports: true,
    // Socket.IO's own exponential backoff with jitter: the first retry comes fast (a
    // restarted server is back in a few seconds) and the wait never grows past 2 s
    // for a handful of tabs.
    reconnection: true,
    reconnectionDelay: 250,
    reconnectionDelayMax: 2000,
    randomizationFactor: 0.5,
    // A connection attempt whose handshake gets no answer (a request lost while the network
    // came back, a server still starting) is abandoned after this long and tried again,
    // instead of the library's 20 s of "Reconnecting…".
    timeout: 8000,
  });
}

function transportOf(socket: Socket): Transport | null {
  const name = socket.io?.engine?.transport?.name;
  return name === 'websocket' || name === 'polling' ? name : null;
}

function setState(entry: Entry, patch: Partial<ConnectionState>): void {
  entry.state = { ...entry.state, ...patch };
  for (const watcher of entry.watchers) watcher();
}

function entryFor(namespace: Namespace): Entry {
  const existing = registry.get(namespace);
  if (existing) return existing;
  const socket = createSocket(namespace);
  const entry: Entry = { socket, refs: 0, state: INITIAL_STATE, watchers: new Set(), releaseTimer: null };
  // The registry's own listeners, added once per socket for its whole life.
  socket.on('connect', () => {
    setState(entry, { status: 'connected', epoch: entry.state.epoch + 1, error: null, transport: transportOf(socket) });
    // From long-polling the connection upgrades to WebSocket when it can.
    socket.io?.engine?.once?.('upgrade', () => setState(entry, { transport: transportOf(socket) }));
  });
  socket.on('disconnect', (reason: string) => {
    // socket.active stays true when Socket.IO will reconnect by itself
    // (transport closed, ping timeout); false after disconnect() or a server kick.
    if (reason === 'io server disconnect' && entry.refs > 0) {
      // The server closed this socket on purpose (a restart, a session sweep).
      // Try once more after a pause: a refusal (not_authenticated) then ends it
      // as 'offline' through connect_error, so this cannot loop.
      setState(entry, { status: 'reconnecting' });
      setTimeout(() => {
        if (entry.refs > 0 && !socket.active) socket.connect();
      }, SERVER_KICK_RETRY_MS * (0.5 + Math.random()));
      return;
    }
    setState(entry, { status: socket.active ? 'reconnecting' : 'offline' });
  });
  socket.on('connect_error', (err: Error & { data?: { code?: string } }) => {
    // A refusal by the server's connect handler (not_authenticated, forbidden, ...) is
    // final: Socket.IO does not retry it. A network failure is retried with backoff,
    // unless it is the server refusing this page's address.
    setState(entry, { status: socket.active ? 'reconnecting' : 'offline', error: err.data?.code ?? null });
    if (err.data || !socket.active) return;
    void originRefused().then((refused) => {
      if (!refused) return;
      socket.disconnect();
      setState(entry, { status: 'offline', error: 'origin_not_allowed' });
    });
  });
  registry.set(namespace, entry);
  return entry;
}

export function getSocket(namespace: Namespace): Socket {
  return entryFor(namespace).socket;
}

export function acquireSocket(namespace: Namespace): Socket {
  const entry = entryFor(namespace);
  if (entry.releaseTimer) {
    clearTimeout(entry.releaseTimer);
    entry.releaseTimer = null;
  }
  entry.refs += 1;
  if (!entry.socket.active) {
    setState(entry, { status: entry.state.epoch > 0 ? 'reconnecting' : 'connecting', error: null });
    entry.socket.connect();
  }
  return entry.socket;
}

export function releaseSocket(namespace: Namespace): void {
  const entry = registry.get(namespace);
  if (!entry || entry.refs === 0) return;
  entry.refs -= 1;
  if (entry.refs > 0) return;
  entry.releaseTimer = setTimeout(() => {
    entry.releaseTimer = null;
    if (entry.refs === 0) {
      entry.socket.disconnect();
      setState(entry, { status: 'offline' });
    }
  }, RELEASE_DELAY_MS);
}

export function watchConnection(namespace: Namespace, watcher: () => void): () => void {
  const entry = entryFor(namespace);
  entry.watchers.add(watcher);
  return () => entry.watchers.delete(watcher);
}

export function connectionState(namespace: Namespace): ConnectionState {
  return registry.get(namespace)?.state ?? INITIAL_STATE;
}

/**
 * The session changed (login, logout): a socket keeps the identity it was
 * opened with, so close every one and re-open those still in use.
 */
export function reconnectAllSockets(): void {
  for (const entry of registry.values()) {
    if (entry.releaseTimer) {
      clearTimeout(entry.releaseTimer);
      entry.releaseTimer = null;
    }
    if (entry.socket.active || entry.socket.connected) entry.socket.disconnect();
    if (entry.refs > 0) {
      setState(entry, { status: 'reconnecting', error: null });
      entry.socket.connect();
    } else {
      setState(entry, { status: 'offline' });
    }
  }
}

/** Tests only: forget every socket. */
export function resetSocketsForTests(): void {
  originCheck = null;
  for (const entry of registry.values()) {
    if (entry.releaseTimer) clearTimeout(entry.releaseTimer);
  }
  registry.clear();
}
