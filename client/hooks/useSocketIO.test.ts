import { act, renderHook } from '@testing-library/react';
import { StrictMode, createElement, useEffect, type ReactNode } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { reconnectAllSockets, RELEASE_DELAY_MS, resetSocketsForTests, SERVER_KICK_RETRY_MS } from '@/lib/socket';
import type { Namespace } from '@/lib/events';
import * as fake from '@/test/fakeSocket';
import { useSocketIO } from './useSocketIO';

const { socketFor } = fake;

// socket.io-client's `io` is replaced ONLY so the test can count sockets and listeners.
vi.mock('socket.io-client', async () => {
  const fake = await import('@/test/fakeSocket');
  return { io: vi.fn(fake.io) };
});


const strict = ({ children }: { children: ReactNode }) => createElement(StrictMode, null, children);

/** A component-like consumer: subscribes in an effect, as pages do. */
function useSubscriber<N extends Namespace>(namespace: N, event: string, handler: (p: unknown) => void) {
  const socket = useSocketIO(namespace);
  const { on } = socket;
  useEffect(() => (on as (e: string, h: (p: unknown) => void) => () => void)(event, handler), [on, event, handler]);
  return socket;
}


beforeEach(() => {
  vi.useFakeTimers();
  fake.sockets.length = 0;
  resetSocketsForTests();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('useSocketIO', () => {
  it('shares one socket per namespace between all users', () => {
    const handler = vi.fn();
    renderHook(() => useSubscriber('/workflow', 'card_move', handler), { wrapper: strict });
    renderHook(() => useSubscriber('/workflow', 'card_update', handler), { wrapper: strict });
    renderHook(() => useSubscriber('/workflow', 'card_move', handler));
    renderHook(() => useSocketIO('/appointments'));

    expect(fake.sockets).toHaveLength(2);
    const workflow = socketFor('/workflow');
    expect(workflow.connectCalls).toBe(1);
    expect(workflow.count('card_move')).toBe(2);
    expect(workflow.count('card_update')).toBe(1);
    expect(socketFor('/appointments').connectCalls).toBe(1);
  });

  it('creates the socket without auto-connect, with credentials', async () => {
    renderHook(() => useSocketIO('/workflow'));
    const { io } = await import('socket.io-client');
    expect(io).toHaveBeenCalledWith(
      '/workflow',
      expect.objectContaining({ autoConnect: false, withCredentials: true, path: '/socket.io/' }),
    );
  });

  it('removes the listener when unsubscribed or unmounted', () => {
    const handler = vi.fn();
    const { result, unmount } = renderHook(() => useSocketIO('/workflow'));
    const socket = socketFor('/workflow');
    const off = result.current.on('card_move', handler);
    expect(socket.count('card_move')).toBe(1);
    socket.fire('card_move', { seq: 1 });
    expect(handler).toHaveBeenCalledTimes(1);
    off();
    expect(socket.count('card_move')).toBe(0);
    socket.fire('card_move', { seq: 2 });
    expect(handler).toHaveBeenCalledTimes(1);

    const sub = renderHook(() => useSubscriber('/workflow', 'card_update', handler), { wrapper: strict });
    expect(socket.count('card_update')).toBe(1);
    sub.unmount();
    unmount();
    expect(socket.count('card_update')).toBe(0);
  });

  it('never duplicates listeners across re-renders, repeated subscribe/unsubscribe and reconnects', () => {
    const handler = vi.fn();
    const { result, rerender } = renderHook(({ h }) => useSubscriber('/workflow', 'card_move', h), {
      wrapper: strict,
      initialProps: { h: handler },
    });
    const socket = socketFor('/workflow');
    const baseline = {
      connect: socket.count('connect'),
      disconnect: socket.count('disconnect'),
      error: socket.count('connect_error'),
    };
    for (let i = 0; i < 5; i++) rerender({ h: handler });
    for (let i = 0; i < 5; i++) rerender({ h: vi.fn() }); // new handler identity each time
    rerender({ h: handler });
    for (let i = 0; i < 10; i++) result.current.on('card_move', handler)();
    expect(socket.count('card_move')).toBe(1);

    act(() => socket.serverAccepts());
    expect(result.current.status).toBe('connected');
    act(() => socket.transportCloses());
    expect(result.current.status).toBe('reconnecting');
    act(() => socket.serverAccepts());
    expect(result.current.status).toBe('connected');
    expect(result.current.epoch).toBe(2);

    expect(socket.count('card_move')).toBe(1);
    expect(socket.count('connect')).toBe(baseline.connect);
    expect(socket.count('disconnect')).toBe(baseline.disconnect);
    expect(socket.count('connect_error')).toBe(baseline.error);
    expect(socket.connectCalls).toBe(1);
    socket.fire('card_move', { seq: 3 });
    expect(handler).toHaveBeenCalledTimes(1);
  });

  it('connects on first use and disconnects after the last user leaves', () => {
    const a = renderHook(() => useSocketIO('/workflow'), { wrapper: strict });
    const b = renderHook(() => useSocketIO('/workflow'));
    const socket = socketFor('/workflow');
    expect(a.result.current.status).toBe('connecting');
    act(() => socket.serverAccepts());
    expect(b.result.current.isConnected).toBe(true);

    a.unmount();
    act(() => vi.advanceTimersByTime(RELEASE_DELAY_MS * 2));
    expect(socket.disconnectCalls).toBe(0);
    b.unmount();
    act(() => vi.advanceTimersByTime(RELEASE_DELAY_MS - 1));
    expect(socket.disconnectCalls).toBe(0);
    act(() => vi.advanceTimersByTime(1));
    expect(socket.disconnectCalls).toBe(1);

    // coming back reuses the same socket
    const c = renderHook(() => useSocketIO('/workflow'));
    expect(fake.sockets).toHaveLength(1);
    expect(socket.connectCalls).toBe(2);
    expect(c.result.current.status).toBe('reconnecting');
  });

  it('reconnects once after the server closes the socket, without new listeners', () => {
    const handler = vi.fn();
    const { result } = renderHook(() => useSubscriber('/workflow', 'card_move', handler));
    const socket = socketFor('/workflow');
    act(() => socket.serverAccepts());
    const connectListeners = socket.count('connect');
    act(() => {
      socket.active = false;
      socket.connected = false;
      socket.fire('disconnect', 'io server disconnect');
    });
    expect(result.current.status).toBe('reconnecting');
    act(() => vi.advanceTimersByTime(SERVER_KICK_RETRY_MS * 2));
    expect(socket.connectCalls).toBe(2);
    act(() => socket.serverAccepts());
    expect(result.current.status).toBe('connected');
    expect(socket.count('connect')).toBe(connectListeners);
    expect(socket.count('card_move')).toBe(1);
  });

  it('re-opens sockets in use when the session changes, and only those', () => {
    const used = renderHook(() => useSocketIO('/workflow'));
    const left = renderHook(() => useSocketIO('/appointments'));
    act(() => {
      socketFor('/workflow').serverAccepts();
      socketFor('/appointments').serverAccepts();
    });
    left.unmount();
    act(() => reconnectAllSockets());
    expect(socketFor('/workflow')).toMatchObject({ disconnectCalls: 1, connectCalls: 2 });
    expect(socketFor('/appointments')).toMatchObject({ disconnectCalls: 1, connectCalls: 1 });
    expect(used.result.current.status).toBe('reconnecting');
    act(() => vi.advanceTimersByTime(RELEASE_DELAY_MS * 2));
    expect(socketFor('/appointments').disconnectCalls).toBe(1);
  });

  it('reports a refused connection as offline with its code', () => {
    const { result } = renderHook(() => useSocketIO('/appointments'));
    const socket = socketFor('/appointments');
    act(() => {
      socket.active = false;
      socket.fire('connect_error', Object.assign(new Error('refused'), { data: { code: 'not_authenticated' } }));
    });
    expect(result.current.status).toBe('offline');
    expect(result.current.error).toBe('not_authenticated');
  });

  it('answers emit with an offline error instead of buffering while disconnected', async () => {
    const { result } = renderHook(() => useSocketIO('/workflow'));
    const offline = await result.current.emit('leave_board', { board_id: 1 });
    expect(offline).toMatchObject({ ok: false, error: { code: 'offline' } });
    act(() => socketFor('/workflow').serverAccepts());
    socketFor('/workflow').answer = (event, payload) => ({ ok: true, data: { event, payload } });
    const answer = await result.current.emit('leave_board', { board_id: 1 });
    expect(answer).toEqual({ ok: true, data: { event: 'leave_board', payload: { board_id: 1 } } });
  });

  it('says when it had to fall back to long-polling, and when it upgrades again', () => {
    const { result } = renderHook(() => useSocketIO('/workflow'));
    const socket = socketFor('/workflow');
    act(() => socket.serverAccepts('polling'));
    expect(result.current.status).toBe('connected');
    expect(result.current.transport).toBe('polling');
    act(() => socket.upgrades());
    expect(result.current.transport).toBe('websocket');
  });

  it('tries WebSocket first and long-polling where WebSocket is refused', async () => {
    renderHook(() => useSocketIO('/workflow'));
    const { io } = await import('socket.io-client');
    expect(io).toHaveBeenCalledWith(
      '/workflow',
      expect.objectContaining({ transports: ['websocket', 'polling'], tryAllTransports: true }),
    );
  });
});
