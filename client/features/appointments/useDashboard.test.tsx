import { act, renderHook, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { AppointmentsEnvelope } from '@/lib/events';
import { resetSocketsForTests } from '@/lib/socket';
import type { Appointment, Schedule } from '@/lib/types';
import * as fake from '@/test/fakeSocket';
import { useDashboard } from './useDashboard';

vi.mock('socket.io-client', async () => {
  const mod = await import('@/test/fakeSocket');
  return { io: vi.fn(mod.io) };
});

const DAY = '2026-11-25';
const appt = (id: number, start: string): Appointment =>
  ({
    id,
    customer: { id: 1, name: `Customer ${id}`, email: 'c@example.test', phone: '' },
    service: { id: 1, name: 'Cut', duration_minutes: 30, price: null },
    resource: { id: 1, name: 'Chair 1', kind: 'place' },
    start,
    end: start,
    status: 'pending',
    notes: '',
    cancel_reason: '',
    version: 1,
    created_at: start,
    updated_at: start,
  }) as Appointment;
const schedule: Schedule = { date: DAY, opens: null, closes: null, lanes: [] };
const env = (seq: number, event: AppointmentsEnvelope['event'], data: unknown, op = 'updated'): AppointmentsEnvelope =>
  ({ stream: 'appointments', seq, event, op, data, mutation_id: null }) as AppointmentsEnvelope;

/** What the server sends to every socket that connects: the three values at `seq`. */
function sendSnapshot(socket: fake.FakeSocket, seq: number, count: number) {
  socket.fire('pending_count', env(seq, 'pending_count', { date: DAY, count }, 'snapshot'));
  socket.fire('today_appointments', env(seq, 'today_appointments', { date: DAY, appointments: [] }, 'snapshot'));
  socket.fire('today_schedule', env(seq, 'today_schedule', schedule, 'snapshot'));
}

beforeEach(() => {
  fake.sockets.length = 0;
  resetSocketsForTests();
});

describe('useDashboard', () => {
  it('lists bookings made while it was offline, after the reconnect', async () => {
    const { result } = renderHook(() => useDashboard());
    const socket = fake.socketFor('/appointments');
    act(() => {
      socket.serverAccepts();
      sendSnapshot(socket, 3, 0);
    });
    await waitFor(() => expect(result.current.state.pendingCount).toBe(0));
    act(() => socket.fire('schedule_updated', env(4, 'schedule_updated', appt(1, `${DAY}T09:00:00+01:00`), 'created')));
    expect(result.current.state.activity.map((a) => a.seq)).toEqual([4]);

    // Offline; meanwhile two bookings (seq 5..10). On reconnect the server sends
    // its snapshot at seq 10 first, then answers resume with the missed events.
    act(() => socket.transportCloses());
    const missed = [
      env(5, 'schedule_updated', appt(2, '2026-12-03T10:00:00+01:00'), 'created'),
      env(6, 'pending_count', { date: DAY, count: 1 }),
      env(7, 'today_appointments', { date: DAY, appointments: [] }),
      env(8, 'schedule_updated', appt(3, `${DAY}T15:00:00+01:00`), 'created'),
      env(9, 'pending_count', { date: DAY, count: 2 }),
      env(10, 'today_schedule', schedule),
    ];
    socket.answer = (event, payload) => {
      const after = (payload as { after: number }).after;
      return event === 'resume' ? { ok: true, data: { events: missed.filter((e) => e.seq > after) } } : { ok: true, data: {} };
    };
    act(() => {
      socket.serverAccepts();
      sendSnapshot(socket, 10, 2);
    });

    await waitFor(() => expect(result.current.state.activity.map((a) => a.seq)).toEqual([8, 5, 4]));
    expect(socket.emitted.filter((e) => e.event === 'resume').map((e) => e.payload)).toEqual([{ after: 4 }]);
    // The dashboard's stream is asked for on each connect (the calendar, which does not ask, gets none of it).
    expect(socket.emitted.filter((e) => e.event === 'watch_dashboard')).toHaveLength(2);
    expect(result.current.state.pendingCount).toBe(2);
    expect(result.current.state.activity[1]!.appointment.id).toBe(2);
  });
});
