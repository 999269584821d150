// State of the staff dashboard, built only from /appointments envelopes (and a
// REST snapshot when a gap cannot be filled). Pure: see dashboardState.test.ts.
import type { AppointmentsEnvelope } from '@/lib/events';
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
    case 'schedule_updated': {
      if (envelope.op === 'snapshot') return state;
      const entry = { seq: envelope.seq, op: envelope.op, appointment: envelope.data };
      return { ...state, activity: [entry, ...state.activity.filter((a) => a.seq !== entry.seq)].slice(0, ACTIVITY_LIMIT) };
    }
    default:
      return state;
  }
}

const ORDER: Record<Appointment['status'], number> = { pending: 0, confirmed: 1, completed: 2, no_show: 3, cancelled: 4 };

export function sortedAppointments(list: readonly Appointment[]): Appointment[] {
  return [...list].sort((a, b) => a.start.localeCompare(b.start) || ORDER[a.status] - ORDER[b.status] || a.id - b.id);
}
