// Builders for calendar unit tests (not imported by the app).
import type { Appointment, Calendar } from '@/lib/types';
import type { DayEnvelope } from './calendarState';

export { appointment as appt } from '@/test/fixtures';

export const calendar = (over: Partial<Calendar> = {}): Calendar => ({
  time_zone: 'Europe/London',
  from: '2026-12-07',
  to: '2026-12-08',
  resources: [
    { id: 1, name: 'Chair 1', kind: 'place' },
    { id: 2, name: 'Chair 2', kind: 'place' },
  ],
  days: [
    { date: '2026-12-07', open: '09:00', close: '17:00', closed_reason: '', seq: 4, appointments: [] },
    { date: '2026-12-08', open: null, close: null, closed_reason: 'Staff training', seq: 0, appointments: [] },
  ],
  ...over,
});

export const env = (date: string, seq: number, op: DayEnvelope['op'], data: Appointment): DayEnvelope => ({
  stream: `day:${date}`,
  seq,
  event: 'appointment_update',
  op,
  data,
  mutation_id: null,
});
