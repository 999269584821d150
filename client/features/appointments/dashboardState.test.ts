import { describe, expect, it } from 'vitest';
import type { AppointmentsEnvelope } from '@/lib/events';
import type { Appointment, Schedule } from '@/lib/types';
import { receive } from '@/lib/streamCursor';
import { applyEnvelope, emptyDashboard, isLoaded, sortedAppointments } from './dashboardState';

const appt = (id: number, start: string, status: Appointment['status'] = 'pending'): Appointment => ({
  id,
  customer: { id: 1, name: 'Cleo', email: 'c@example.test', phone: '' },
  service: { id: 1, name: 'Cut', duration_minutes: 30 },
  resource: { id: 1, name: 'Chair 1', kind: 'place' },
  start,
  end: start,
  status,
  notes: '',
  created_at: start,
  updated_at: start,
});
const schedule: Schedule = { date: '2026-11-25', opens: null, closes: null, lanes: [] };
const env = (seq: number, event: AppointmentsEnvelope['event'], data: unknown, op = 'updated'): AppointmentsEnvelope =>
  ({ stream: 'appointments', seq, event, op, data, mutation_id: null }) as AppointmentsEnvelope;

describe('dashboard state', () => {
  it('is loaded once the three snapshot values arrived', () => {
    let s = applyEnvelope(emptyDashboard, env(3, 'pending_count', { date: '2026-11-25', count: 2 }, 'snapshot'));
    s = applyEnvelope(s, env(3, 'today_appointments', { date: '2026-11-25', appointments: [] }, 'snapshot'));
    expect(isLoaded(s)).toBe(false);
    s = applyEnvelope(s, env(3, 'today_schedule', schedule, 'snapshot'));
    expect(isLoaded(s)).toBe(true);
    expect(s.pendingCount).toBe(2);
  });

  it('applies a change sequence through the cursor, once and in order', () => {
    const a = appt(7, '2026-11-25T10:00:00+01:00');
    const batch = [
      env(5, 'pending_count', { date: '2026-11-25', count: 3 }),
      env(4, 'schedule_updated', a, 'created'),
      env(6, 'today_appointments', { date: '2026-11-25', appointments: [a] }),
      env(5, 'pending_count', { date: '2026-11-25', count: 99 }), // duplicate
    ];
    const step = receive({ last: 3, held: [] }, batch);
    const s = step.apply.reduce(applyEnvelope, emptyDashboard);
    expect(s.pendingCount).toBe(3);
    expect(s.appointments).toEqual([a]);
    expect(s.activity.map((x) => x.seq)).toEqual([4]);
    expect(step.state.last).toBe(6);
  });

  it('sorts by start time', () => {
    const list = sortedAppointments([appt(2, '2026-11-25T11:00:00+01:00'), appt(1, '2026-11-25T09:00:00+01:00')]);
    expect(list.map((x) => x.id)).toEqual([1, 2]);
  });
});
