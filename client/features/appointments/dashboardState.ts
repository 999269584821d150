// State of the staff dashboard, built only from /appointments envelopes (and a
// REST snapshot when a gap cannot be filled). Pure: see dashboardState.test.ts.
import type { AppointmentsEnvelope } from '@/lib/events';
import { formatDate, formatTime, STATUS_TEXT } from '@/lib/format';
import type { Appointment, Dashboard, Op, Schedule } from '@/lib/types';

export interface Activity {
  seq: number;
  op: Op;
  appointment: Appointment;
}

export interface DashboardState {
  date: string | null;
  pendingCount: number | null;
  appointments: Appointment[] | null;
  schedule: Schedule | null;
  /** The latest schedule_updated events, newest first. */
  activity: Activity[];
}

export const emptyDashboard: DashboardState = {
  date: null,
  pendingCount: null,
  appointments: null,
  schedule: null,
  activity: [],
};

export const ACTIVITY_LIMIT = 8;

export function fromDashboard(d: Dashboard, previous: DashboardState = emptyDashboard): DashboardState {
  return {
    date: d.date,
    pendingCount: d.pending_count,
    appointments: d.today_appointments,
    schedule: d.today_schedule,
    activity: previous.activity,
  };
}

export function isLoaded(s: DashboardState): boolean {
  return s.pendingCount !== null && s.appointments !== null && s.schedule !== null;
}

/**
 * Every /appointments envelope carries the whole new value of what it names
 * (the count, the list, the schedule), so each one PATCHES by replacement and
 * none triggers a refetch. schedule_updated is only recorded as activity: the
 * three value events that follow it carry its effect.
 */
export function applyEnvelope(state: DashboardState, envelope: AppointmentsEnvelope): DashboardState {
  switch (envelope.event) {
    case 'pending_count':
      return { ...state, date: envelope.data.date, pendingCount: envelope.data.count };
    case 'today_appointments':
      return { ...state, date: envelope.data.date, appointments: envelope.data.appointments };
    case 'today_schedule':
      return { ...state, date: envelope.data.date, schedule: envelope.data };
    case 'schedule_updated':
      return recordActivity(state, [envelope]);
    default:
      return state;
  }
}

/**
 * Adds the schedule_updated events among `events` to the activity list (newest
 * first, each seq once). Used for live events and for a replay after a
 * reconnect, whose value events the connect snapshot already covers but whose
 * bookings and changes would otherwise never be listed.
 */
export function recordActivity(state: DashboardState, events: readonly AppointmentsEnvelope[]): DashboardState {
  const entries: Activity[] = [];
  for (const e of events) {
    if (e.event === 'schedule_updated' && e.op !== 'snapshot') entries.push({ seq: e.seq, op: e.op, appointment: e.data });
  }
  if (entries.length === 0) return state;
  const bySeq = new Map<number, Activity>();
  for (const a of [...state.activity, ...entries]) bySeq.set(a.seq, a);
  const activity = [...bySeq.values()].sort((a, b) => b.seq - a.seq).slice(0, ACTIVITY_LIMIT);
  return { ...state, activity };
}

const OP_TEXT: Record<string, string> = {
  created: 'booked',
  updated: 'changed',
  moved: 'rescheduled',
  archived: 'archived',
  deleted: 'deleted',
};

/**
 * One line of "Just now": who, what, when. The appointment's date is named
 * unless it is `today` (the dashboard's business date), so a booking for
 * another day does not read as today's.
 */
export function activityText(entry: Activity, today: string | null): string {
  const a = entry.appointment;
  const day = a.start.slice(0, 10);
  const when = today !== null && day === today ? formatTime(a.start) : `${formatTime(a.start)} on ${formatDate(day)}`;
  return `${a.customer.name}: ${a.service.name} at ${when} ${OP_TEXT[entry.op] ?? entry.op} (${(STATUS_TEXT[a.status] ?? a.status).toLowerCase()})`;
}

const ORDER: Record<Appointment['status'], number> = { pending: 0, confirmed: 1, completed: 2, no_show: 3, cancelled: 4 };

export function sortedAppointments(list: readonly Appointment[]): Appointment[] {
  return [...list].sort((a, b) => a.start.localeCompare(b.start) || ORDER[a.status] - ORDER[b.status] || a.id - b.id);
}
