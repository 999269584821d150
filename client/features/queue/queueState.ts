// The pending queue: every request still pending, oldest first. Built from
// GET /api/appointments/pending and kept current by `schedule_updated`
// (every appointment change on any day): an appointment that is no longer
// pending leaves, a new pending one joins. Pure; see queueState.test.ts.
import type { Appointment, Id } from '@/lib/types';

export interface QueueState {
  items: Record<Id, Appointment>;
  /** The newest version seen of every appointment, so an older copy never wins. */
  versions: Record<Id, number>;
  /** Changes seen since the list was last asked for: they are newer than it may be. */
  recent: Appointment[];
  loaded: boolean;
}

export const emptyQueue: QueueState = { items: {}, versions: {}, recent: [], loaded: false };

function change(state: QueueState, a: Appointment): QueueState {
  const seen = state.versions[a.id];
  if (seen !== undefined && seen > a.version) return state;
  const versions = { ...state.versions, [a.id]: a.version };
  const { [a.id]: _old, ...rest } = state.items;
  return { ...state, versions, items: a.status === 'pending' ? { ...rest, [a.id]: a } : rest };
}

/** One appointment changed (a stream event or our own REST answer). */
export function applyChange(state: QueueState, a: Appointment): QueueState {
  const next = change(state, a);
  return { ...next, recent: [...state.recent, a].slice(-500) };
}

/** The list is being read again: from now on, note the changes that may be newer than it. */
export function startLoad(state: QueueState): QueueState {
  return { ...state, recent: [] };
}

/**
 * The REST list arrived: it replaces what we had (a request that left while
 * we were disconnected goes), then the changes seen since it was asked for are
 * applied again, so neither a late list nor a late event wins over newer data.
 */
export function loadList(state: QueueState, list: readonly Appointment[]): QueueState {
  let next: QueueState = { items: {}, versions: {}, recent: state.recent, loaded: true };
  for (const a of list) next = change(next, a);
  for (const a of state.recent) next = change(next, a);
  return next;
}

export function pendingList(state: QueueState): Appointment[] {
  return Object.values(state.items).sort(
    (a, b) => Date.parse(a.created_at) - Date.parse(b.created_at) || a.id - b.id,
  );
}

/** "waiting 3 h", "waiting 2 days": how long a request has been open. */
export function waited(since: string, now: number): string {
  const minutes = Math.max(0, Math.floor((now - Date.parse(since)) / 60_000));
  if (minutes < 1) return 'waiting under a minute';
  if (minutes < 60) return `waiting ${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `waiting ${hours} h`;
  return `waiting ${Math.floor(hours / 24)} days`;
}
