// The one hook that owns a namespace's connection, listeners and cleanup
// (socket.io's React guidance). Every component using the same namespace shares
// one socket from lib/socket.ts; listeners are removed by the function `on` returns.
import { useCallback, useEffect, useMemo, useSyncExternalStore } from 'react';
import type { ClientAck, ClientEventName, ClientPayload, EventMap, Namespace, ServerEventName, ServerEvents } from '@/lib/events';
import {
  acquireSocket,
  connectionState,
  getSocket,
  INITIAL_STATE,
  releaseSocket,
  watchConnection,
  type ConnectionStatus,
  type Transport,
} from '@/lib/socket';
import type { Ack } from '@/lib/types';

/** Server events plus the lifecycle events a page may want. */
type Listenable<N extends Namespace> = ServerEvents<N> &
  EventMap['always'] & { connect: void; disconnect: string };

export type Unsubscribe = () => void;

export interface EmitOptions {
  timeoutMs?: number;
}

export interface SocketIO<N extends Namespace> {
  isConnected: boolean;
  status: ConnectionStatus;
  /** Increases on every (re)connect: key effects on it to restore subscriptions. */
  epoch: number;
  /** `connect_error` code when the server refused the connection. */
  error: string | null;
  /** WebSocket, or HTTP long-polling where the network refuses WebSocket. */
  transport: Transport | null;
  on<E extends keyof Listenable<N> & string>(event: E, handler: (payload: Listenable<N>[E]) => void): Unsubscribe;
  emit<E extends ClientEventName<N>>(
    event: E,
    payload: ClientPayload<N, E>,
    options?: EmitOptions,
  ): Promise<Ack<ClientAck<N, E>>>;
}

export const DEFAULT_ACK_TIMEOUT_MS = 10_000;

export function useSocketIO<N extends Namespace>(namespace: N): SocketIO<N> {
  const state = useSyncExternalStore(
    useCallback((watcher: () => void) => watchConnection(namespace, watcher), [namespace]),
    () => connectionState(namespace),
    () => INITIAL_STATE,
  );

  useEffect(() => {
    acquireSocket(namespace);
    return () => releaseSocket(namespace);
  }, [namespace]);

  const on = useCallback(
    (event: string, handler: (payload: never) => void): Unsubscribe => {
      const socket = getSocket(namespace);
      const listener = handler as (...args: unknown[]) => void;
      socket.on(event, listener);
      return () => {
        socket.off(event, listener);
      };
    },
    [namespace],
  ) as SocketIO<N>['on'];

  const emit = useCallback(
    async (event: string, payload: unknown, options: EmitOptions = {}): Promise<Ack<unknown>> => {
      const socket = getSocket(namespace);
      if (!socket.connected) {
        return { ok: false, error: { code: 'offline', message: 'Not connected to the server. Try again when the connection is back.' } };
      }
      try {
        return (await socket.timeout(options.timeoutMs ?? DEFAULT_ACK_TIMEOUT_MS).emitWithAck(event, payload)) as Ack<unknown>;
      } catch {
        return { ok: false, error: { code: 'timeout', message: 'The server did not answer in time.' } };
      }
    },
    [namespace],
  ) as SocketIO<N>['emit'];

  return useMemo(
    () => ({
      isConnected: state.status === 'connected',
      status: state.status,
      epoch: state.epoch,
      error: state.error,
      transport: state.transport,
      on,
      emit,
    }),
    [state, on, emit],
  );
}

export type { ConnectionStatus, ServerEventName };
