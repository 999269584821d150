import { act, renderHook, screen, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ToastProvider } from '@/components/Toast';
import { resetSocketsForTests } from '@/lib/socket';
import * as fake from '@/test/fakeSocket';
import { card, envelope, snapshot } from '@/test/fixtures';
import { cardsInColumn } from './boardState';
import { STALE_MESSAGE, useBoard } from './useBoard';

vi.mock('socket.io-client', async () => {
  const mod = await import('@/test/fakeSocket');
  return { io: vi.fn(mod.io) };
});

const wrapper = ({ children }: { children: ReactNode }) => <ToastProvider>{children}</ToastProvider>;
const ids = (cards: { id: number }[]) => cards.map((c) => c.id);

async function joined() {
  const hook = renderHook(() => useBoard(1), { wrapper });
  const socket = fake.socketFor('/workflow');
  socket.answer = (event) => (event === 'join_board' ? { ok: true, data: { snapshot: snapshot() } } : { ok: true, data: {} });
  act(() => socket.serverAccepts());
  await waitFor(() => expect(hook.result.current.view).not.toBeNull());
  return { ...hook, socket };
}

beforeEach(() => {
  fake.sockets.length = 0;
  resetSocketsForTests();
});

describe('useBoard', () => {
  it('joins on connect and applies ordered events, filling gaps with fetch_events', async () => {
    const { result, socket } = await joined();
    expect(socket.emitted[0]).toEqual({ event: 'join_board', payload: { board_id: 1 } });

    act(() => socket.fire('card_move', envelope('card_move', 6, 'moved', card(1, 20, 0, { version: 2 }))));
    expect(ids(cardsInColumn(result.current.view!, 20))).toEqual([1, 4]);

    socket.answer = (event, payload) =>
      event === 'fetch_events'
        ? { ok: true, data: { events: [envelope('card_update', 7, 'updated', card(2, 10, 2, { title: 'seven', version: 2 }))] } }
        : { ok: false, error: { code: 'unexpected', message: String(payload) } };
    act(() => socket.fire('card_update', envelope('card_update', 8, 'updated', card(3, 10, 3, { title: 'eight', version: 2 }))));
    await waitFor(() => expect(result.current.view!.cards.entities[3]!.title).toBe('eight'));
    expect(socket.emitted.at(-1)).toEqual({ event: 'fetch_events', payload: { stream: 'board:1', after: 6, until: 7 } });
    expect(result.current.view!.cards.entities[2]!.title).toBe('seven');
    expect(result.current.view!.seq).toBe(8);

    // a duplicate, and an event for another board, change nothing
    const before = result.current.view;
    act(() => socket.fire('card_update', envelope('card_update', 8, 'updated', card(3, 10, 3, { title: 'dup', version: 3 }))));
    act(() => socket.fire('card_update', { ...envelope('card_update', 9, 'updated', card(3, 10, 3)), stream: 'board:2' }));
    expect(result.current.view).toBe(before);
  });

  it('re-joins with the last applied seq after a reconnect', async () => {
    const { socket } = await joined();
    act(() => socket.transportCloses());
    socket.answer = () => ({ ok: true, data: { events: [], seq: 5 } });
    act(() => socket.serverAccepts());
    await waitFor(() => expect(socket.emitted.at(-1)).toEqual({ event: 'join_board', payload: { board_id: 1, after: 5 } }));
  });

  it('shows a move at once and keeps it when the server agrees', async () => {
    const { result, socket } = await joined();
    let answer: (value: unknown) => void = () => {};
    socket.answer = () => new Promise((resolve) => (answer = resolve));
    let done: Promise<void> = Promise.resolve();
    act(() => {
      done = result.current.moveCard(1, 20, 0);
    });
    expect(ids(cardsInColumn(result.current.view!, 20))).toEqual([1, 4]);
    const sent = socket.emitted.at(-1)!;
    expect(sent.event).toBe('card_move');
    expect(sent.payload).toMatchObject({ card_id: 1, column_id: 20, index: 0, expected_version: 1 });
    expect(typeof (sent.payload as { mutation_id: unknown }).mutation_id).toBe('string');

    await act(async () => {
      answer({ ok: true, data: card(1, 20, 0.5, { version: 2 }) });
      await done;
    });
    expect(result.current.pending).toEqual([]);
    expect(ids(cardsInColumn(result.current.view!, 20))).toEqual([1, 4]);
  });

  it('rolls a refused move back and says so', async () => {
    const { result, socket } = await joined();
    socket.answer = () => ({ ok: false, error: { code: 'forbidden', message: 'Nope.' } });
    await act(() => result.current.moveCard(1, 20, 0));
    expect(ids(cardsInColumn(result.current.view!, 10))).toEqual([1, 2, 3]);
    expect(result.current.pending).toEqual([]);
    expect(screen.getByRole('alert').textContent).toMatch(/was put back: Nope\./);
  });

  it('on stale shows the current card and the stale message', async () => {
    const { result, socket } = await joined();
    const current = card(1, 20, 9, { title: 'theirs', version: 4 });
    socket.answer = () => ({ ok: false, error: { code: 'stale', message: 'Changed.', current } });
    await act(() => result.current.moveCard(1, 10, 2));
    expect(result.current.view!.cards.entities[1]).toEqual(current);
    expect(ids(cardsInColumn(result.current.view!, 20))).toEqual([4, 1]);
    expect(screen.getByRole('alert').textContent).toContain(STALE_MESSAGE);
  });
});
