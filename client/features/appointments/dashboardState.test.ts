import { describe, expect, it } from 'vitest';
import type { AppointmentsEnvelope } from '@/lib/events';
import type { Appointment, Schedule } from '@/lib/types';
import { receive } from '@/lib/streamCursor';
import { activityText, applyEnvelope, emptyDashboard, isLoaded, recordActivity, sortedAppointments } from './dashboardState';

const appt = (id: number, start: string, status: Appointment['status'] = 'pending'): Appointment =>
  ({
    id,
    customer: { id: 1, name: 'Cleo', email: 'c@example.test', phone: '' },
    service: { id: 1, name: 'Cut', duration_minutes: 30, price: null },
    resource: { id: 1, name: 'Chair 1', kind: 'place' },
    start,
    end: start,
    status,
    notes: '',
    cancel_reason: '',
    version: 1,
    created_at: start,
    updated_at: start,
  }) as Appointment;
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

  it('names the date of an activity entry that is not today', () => {
    const today = '2026-11-25';
    const entry = (start: string) => ({ seq: 1, op: 'created' as const, appointment: appt(1, start) });
    expect(activityText(entry('2026-11-25T10:00:00+01:00'), today)).toBe('Cleo: Cut at 10:00 booked (pending)');
    const other = activityText(entry('2026-12-03T10:00:00+01:00'), today);
    expect(other).toContain('Cut at 10:00 on ');
    expect(other).toContain('3');
    expect(other).toMatch(/Dec/);
    expect(other).not.toBe('Cleo: Cut at 10:00 booked (pending)');
  });

  it('records replayed bookings as activity, newest first, once each', () => {
    // Live: seq 4 was seen. Then offline; the connect snapshot moved the
    // cursor to 9, and resume replays 5..9, including two bookings.
    let s = applyEnvelope(emptyDashboard, env(4, 'schedule_updated', appt(1, '2026-11-25T09:00:00+01:00'), 'created'));
    const replay = [
      env(5, 'schedule_updated', appt(2, '2026-12-03T10:00:00+01:00'), 'created'),
      env(6, 'pending_count', { date: '2026-11-25', count: 2 }),
      env(7, 'schedule_updated', appt(3, '2026-11-25T15:00:00+01:00'), 'created'),
      env(8, 'today_appointments', { date: '2026-11-25', appointments: [] }),
      env(9, 'today_schedule', schedule),
    ];
    s = recordActivity(s, replay);
    expect(s.activity.map((a) => [a.seq, a.appointment.id])).toEqual([
      [7, 3],
      [5, 2],
      [4, 1],
    ]);
    // The same events arriving again (live and replayed) are not listed twice.
    s = recordActivity(s, replay);
    s = applyEnvelope(s, replay[2]!);
    expect(s.activity.map((a) => a.seq)).toEqual([7, 5, 4]);
  });
});
