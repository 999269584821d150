import { act, renderHook, screen, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ToastProvider } from '@/components/Toast';
import { ApiError } from '@/lib/api';
import { resetSocketsForTests } from '@/lib/socket';
import * as fake from '@/test/fakeSocket';
import * as api from './api';
import { appointmentsOn } from './calendarState';
import { appt, calendar, env } from './fixtures';
import { useCalendar } from './useCalendar';

vi.mock('socket.io-client', async () => {
  const mod = await import('@/test/fakeSocket');
  return { io: vi.fn(mod.io) };
});
vi.mock('./api', () => ({ fetchCalendar: vi.fn(), reschedule: vi.fn(), runAction: vi.fn(), saveNotes: vi.fn() }));

const MON = '2026-12-07';
const TUE = '2026-12-08';
const wrapper = ({ children }: { children: ReactNode }) => <ToastProvider>{children}</ToastProvider>;
const first = appt(1, `${MON}T09:00:00Z`);

async function watching() {
  vi.mocked(api.fetchCalendar).mockResolvedValue(
    calendar({ days: [
      { date: MON, open: '09:00', close: '17:00', closed_reason: '', seq: 4, appointments: [first] },
      { date: TUE, open: null, close: null, closed_reason: 'Training', seq: 0, appointments: [] },
    ] }),
  );
  const hook = renderHook(() => useCalendar(MON, TUE), { wrapper });
  const socket = fake.socketFor('/appointments');
  socket.answer = (event) =>
    event === 'watch_days'
      ? { ok: true, data: { days: [{ date: MON, seq: 5, events: [env(MON, 5, 'created', appt(2, `${MON}T10:00:00Z`))] }, { date: TUE, seq: 0, appointments: [] }] } }
      : { ok: true, data: {} };
  act(() => socket.serverAccepts());
  await waitFor(() => expect(hook.result.current.calendar).not.toBeNull());
  await waitFor(() => expect(socket.emitted.some((e) => e.event === 'watch_days')).toBe(true));
  const ids = (date: string) => appointmentsOn(hook.result.current.calendar!, date, hook.result.current.pending).map((a) => a.id);
  await waitFor(() => expect(ids(MON)).toEqual([1, 2]));
  return { ...hook, socket, ids };
}

beforeEach(() => {
  fake.sockets.length = 0;
  resetSocketsForTests();
  vi.mocked(api.fetchCalendar).mockReset();
  vi.mocked(api.reschedule).mockReset();
});

describe('useCalendar', () => {
  it('watches the range from the REST seqs and applies the replay, live events and fetched gaps', async () => {
    const { socket, ids, result } = await watching();
    expect(socket.emitted.find((e) => e.event === 'watch_days')!.payload).toEqual({ from: MON, to: TUE, after: { [MON]: 4, [TUE]: 0 } });

    act(() => socket.fire('appointment_update', env(TUE, 1, 'created', appt(3, `${TUE}T11:00:00Z`))));
    expect(ids(TUE)).toEqual([3]);

    // seq 7 after 5: fetch 6, then apply both in order.
    socket.answer = (event) =>
      event === 'fetch_events'
        ? { ok: true, data: { events: [env(MON, 6, 'updated', appt(2, `${MON}T12:00:00Z`, { version: 2 }))] } }
        : { ok: true, data: {} };
    act(() => socket.fire('appointment_update', env(MON, 7, 'deleted', appt(1, `${MON}T09:00:00Z`, { version: 2 }))));
    await waitFor(() => expect(ids(MON)).toEqual([2]));
    expect(socket.emitted.at(-1)).toEqual({ event: 'fetch_events', payload: { stream: `day:${MON}`, after: 5, until: 6 } });
    expect(appointmentsOn(result.current.calendar!, MON)[0]!.start).toBe(`${MON}T12:00:00Z`);
  });

  it('reads the range again when a gap cannot be filled', async () => {
    const { socket, ids } = await watching();
    expect(vi.mocked(api.fetchCalendar)).toHaveBeenCalledTimes(1);
    vi.mocked(api.fetchCalendar).mockResolvedValue(
      calendar({ days: [
        { date: MON, open: '09:00', close: '17:00', closed_reason: '', seq: 9, appointments: [appt(4, `${MON}T15:00:00Z`)] },
        { date: TUE, open: null, close: null, closed_reason: 'Training', seq: 0, appointments: [] },
      ] }),
    );
    socket.answer = (event) =>
      event === 'fetch_events' ? { ok: true, data: { events: [] } } : { ok: true, data: { days: [] } };
    act(() => socket.fire('appointment_update', env(MON, 9, 'created', appt(4, `${MON}T15:00:00Z`))));
    await waitFor(() => expect(ids(MON)).toEqual([4]));
    expect(vi.mocked(api.fetchCalendar)).toHaveBeenCalledTimes(2);
  });

  it('re-sends the watch with the applied seqs after a reconnect', async () => {
    const { socket } = await watching();
    act(() => socket.transportCloses());
    socket.emitted.length = 0;
    act(() => socket.serverAccepts());
    await waitFor(() => expect(socket.emitted.find((e) => e.event === 'watch_days')?.payload).toEqual({ from: MON, to: TUE, after: { [MON]: 5, [TUE]: 0 } }));
  });

  it('moves optimistically and puts the block back with the server’s message when refused', async () => {
    const { result, ids } = await watching();
    let refuse: (e: unknown) => void = () => {};
    vi.mocked(api.reschedule).mockReturnValue(new Promise((_, reject) => (refuse = reject)));
    const chair2 = { id: 2, name: 'Chair 2', kind: 'place' as const };
    let done: Promise<boolean>;
    act(() => {
      done = result.current.move(first, { start: `${TUE}T09:00:00Z`, end: `${TUE}T09:30:00Z`, resource: chair2 }, false);
    });
    expect(ids(TUE)).toEqual([1]);
    expect(vi.mocked(api.reschedule)).toHaveBeenCalledWith(1, { start: `${TUE}T09:00:00Z`, resource: 2, expected_version: 1 });
    await act(async () => {
      refuse(new ApiError(409, { code: 'slot_unavailable', message: 'That time has just been taken.' }));
      await done;
    });
    expect(ids(TUE)).toEqual([]);
    expect(ids(MON)).toEqual([1, 2]);
    expect(screen.getByTestId('toast').textContent).toContain('That time has just been taken.');
  });
});
