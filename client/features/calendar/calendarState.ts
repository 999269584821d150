// The calendar's live state: the days on screen, each following its own
// stream `day:<date>` (docs/protocol.md): envelopes applied once, in seq order,
// duplicates ignored, events past a gap held until the gap is fetched. Pure;
// see calendarState.test.ts. The hook (useCalendar) does the I/O.
import { receive, resetTo, type CursorState, type Gap } from '@/lib/streamCursor';
import type { Appointment, Calendar, Envelope, Id, Resource } from '@/lib/types';
import { zoned } from './time';

export type DayEnvelope = Envelope<'appointment_update', Appointment>;

export interface DayState {
  date: string;
  open: string | null;
  close: string | null;
  closedReason: string;
  cursor: CursorState<DayEnvelope>;
  appointments: Record<Id, Appointment>;
}

export interface CalendarState {
  timeZone: string;
  from: string;
  to: string;
  resources: Resource[];
  days: Record<string, DayState>;
}

export interface StreamGap extends Gap {
  stream: string;
  date: string;
}

export const DAY_PREFIX = 'day:';
export const streamOf = (date: string) => `${DAY_PREFIX}${date}`;
export const dateOfStream = (stream: string) => (stream.startsWith(DAY_PREFIX) ? stream.slice(DAY_PREFIX.length) : null);

const byId = (list: readonly Appointment[]) => Object.fromEntries(list.map((a) => [a.id, a])) as Record<Id, Appointment>;

export function fromCalendar(calendar: Calendar): CalendarState {
  const days: Record<string, DayState> = {};
  for (const d of calendar.days) {
    days[d.date] = {
      date: d.date,
      open: d.open,
      close: d.close,
      closedReason: d.closed_reason,
      cursor: { last: d.seq, held: [] },
      appointments: byId(d.appointments),
    };
  }
  return { timeZone: calendar.time_zone, from: calendar.from, to: calendar.to, resources: calendar.resources, days };
}

/** Removes `a.id` from every other day where an older version of it still sits. */
function dropElsewhere(days: Record<string, DayState>, keep: string, a: Appointment): Record<string, DayState> {
  let out = days;
  for (const [date, day] of Object.entries(days)) {
    if (date === keep) continue;
    const old = day.appointments[a.id];
    if (old && old.version <= a.version) {
      const { [a.id]: _gone, ...rest } = day.appointments;
      out = { ...out, [date]: { ...day, appointments: rest } };
    }
  }
  return out;
}

/**
 * One event of one day. The version check matters because the same
 * appointment also arrives outside the stream (REST answers applied at once,
 * another day's stream): an older copy must never replace a newer one.
 */
function applyToDay(days: Record<string, DayState>, date: string, e: DayEnvelope): Record<string, DayState> {
  const day = days[date]!;
  const a = e.data;
  const old = day.appointments[a.id];
  if (e.op === 'deleted') {
    if (!old || old.version > a.version) return days;
    const { [a.id]: _gone, ...rest } = day.appointments;
    return { ...days, [date]: { ...day, appointments: rest } };
  }
  if (e.op === 'snapshot') return days;
  if (old && old.version > a.version) return days;
  const next = { ...days, [date]: { ...day, appointments: { ...day.appointments, [a.id]: a } } };
  // Moved here from another day whose `deleted` has not arrived yet.
  return dropElsewhere(next, date, a);
}

/**
 * Takes envelopes of any day streams (live, replayed or fetched; any order;
 * duplicates). Streams of days not on screen are ignored. Returns the gaps
 * to fetch with `fetch_events`.
 */
export function receiveEvents(state: CalendarState, incoming: readonly DayEnvelope[]): { state: CalendarState; gaps: StreamGap[] } {
  const byDate = new Map<string, DayEnvelope[]>();
  for (const e of incoming) {
    const date = dateOfStream(e.stream);
    if (date === null || !state.days[date]) continue;
    byDate.set(date, [...(byDate.get(date) ?? []), e]);
  }
  let days = state.days;
  const gaps: StreamGap[] = [];
  for (const [date, events] of byDate) {
    const step = receive(days[date]!.cursor, events);
    days = { ...days, [date]: { ...days[date]!, cursor: step.state } };
    for (const e of step.apply) days = applyToDay(days, date, e);
    if (step.gap) gaps.push({ ...step.gap, stream: streamOf(date), date });
  }
  return { state: days === state.days ? state : { ...state, days }, gaps };
}

/** A day's snapshot (watch_days without history): replaces the day, continues from `seq`. */
export function loadDay(
  state: CalendarState,
  date: string,
  seq: number,
  appointments: readonly Appointment[],
): { state: CalendarState; gaps: StreamGap[] } {
  const day = state.days[date];
  if (!day) return { state, gaps: [] };
  const step = resetTo(day.cursor, seq);
  let days: Record<string, DayState> = { ...state.days, [date]: { ...day, cursor: step.state, appointments: byId(appointments) } };
  for (const e of step.apply) days = applyToDay(days, date, e);
  const gaps = step.gap ? [{ ...step.gap, stream: streamOf(date), date }] : [];
  return { state: { ...state, days }, gaps };
}

/**
 * An appointment from a REST answer (our own change): shown at once on the
 * day it now falls on, gone from any other, unless we already hold a newer
 * version. The stream's events for the same change then change nothing.
 */
export function upsertAppointment(state: CalendarState, a: Appointment): CalendarState {
  const date = zoned(a.start, state.timeZone).date;
  let days = state.days;
  const day = days[date];
  if (day) {
    const old = day.appointments[a.id];
    if (old && old.version > a.version) return state;
    days = { ...days, [date]: { ...day, appointments: { ...day.appointments, [a.id]: a } } };
  }
  days = dropElsewhere(days, date, a);
  return days === state.days ? state : { ...state, days };
}

/** What `watch_days` should replay from: the last applied seq of every day. */
export function lastSeqs(state: CalendarState): Record<string, number> {
  const after: Record<string, number> = {};
  for (const [date, day] of Object.entries(state.days)) if (day.cursor.last !== null) after[date] = day.cursor.last;
  return after;
}

/** A move sent to the server and not answered yet: drawn where it will be. */
export interface PendingMove {
  key: string;
  id: Id;
  start: string;
  end: string;
  resource: Resource;
}

/** Every appointment of `date` as it should be drawn: with unanswered moves applied. */
export function appointmentsOn(
  state: CalendarState,
  date: string,
  pending: readonly PendingMove[] = [],
  showCancelled = false,
): Appointment[] {
  const all = new Map<Id, Appointment>();
  for (const day of Object.values(state.days)) for (const a of Object.values(day.appointments)) all.set(a.id, a);
  const moved = new Map(pending.map((p) => [p.id, p]));
  const out: Appointment[] = [];
  for (const a of all.values()) {
    const p = moved.get(a.id);
    const shown = p ? { ...a, start: p.start, end: p.end, resource: p.resource } : a;
    if (zoned(shown.start, state.timeZone).date !== date) continue;
    if (!showCancelled && shown.status === 'cancelled') continue;
    out.push(shown);
  }
  return out.sort((x, y) => Date.parse(x.start) - Date.parse(y.start) || x.id - y.id);
}

export function findAppointment(state: CalendarState, id: Id): Appointment | null {
  for (const day of Object.values(state.days)) if (day.appointments[id]) return day.appointments[id]!;
  return null;
}
