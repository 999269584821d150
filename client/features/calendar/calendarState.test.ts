import { describe, expect, it } from 'vitest';
import { appt, calendar, env } from './fixtures';
import {
  appointmentsOn,
  fromCalendar,
  lastSeqs,
  loadDay,
  receiveEvents,
  upsertAppointment,
  type CalendarState,
} from './calendarState';

const MON = '2026-12-07';
const TUE = '2026-12-08';
const ids = (s: CalendarState, date: string, cancelled = false) => appointmentsOn(s, date, [], cancelled).map((a) => a.id);

describe('calendar state', () => {
  const base = fromCalendar(calendar({ days: [
    { date: MON, open: '09:00', close: '17:00', closed_reason: '', seq: 4, appointments: [appt(1, `${MON}T09:00:00Z`)] },
    { date: TUE, open: null, close: null, closed_reason: 'Staff training', seq: 0, appointments: [] },
  ] }));

  it('starts from the REST answer, with each day at its seq', () => {
    expect(ids(base, MON)).toEqual([1]);
    expect(base.days[TUE]!.closedReason).toBe('Staff training');
    expect(lastSeqs(base)).toEqual({ [MON]: 4, [TUE]: 0 });
  });

  it('applies created, updated and deleted', () => {
    let { state } = receiveEvents(base, [env(MON, 5, 'created', appt(2, `${MON}T11:00:00Z`))]);
    expect(ids(state, MON)).toEqual([1, 2]);
    state = receiveEvents(state, [env(MON, 6, 'updated', appt(2, `${MON}T12:00:00Z`, { version: 2, status: 'pending' }))]).state;
    expect(appointmentsOn(state, MON).find((a) => a.id === 2)).toMatchObject({ status: 'pending', version: 2 });
    state = receiveEvents(state, [env(MON, 7, 'deleted', appt(1, `${MON}T09:00:00Z`, { version: 2 }))]).state;
    expect(ids(state, MON)).toEqual([2]);
    expect(lastSeqs(state)[MON]).toBe(7);
  });

  it('applies out-of-order events in seq order and ignores duplicates', () => {
    const a5 = env(MON, 5, 'updated', appt(1, `${MON}T10:00:00Z`, { version: 2 }));
    const a6 = env(MON, 6, 'updated', appt(1, `${MON}T11:00:00Z`, { version: 3 }));
    let step = receiveEvents(base, [a6]);
    expect(step.gaps).toEqual([{ stream: `day:${MON}`, date: MON, after: 4, until: 5 }]);
    expect(appointmentsOn(step.state, MON)[0]!.start).toBe(`${MON}T09:00:00Z`);
    step = receiveEvents(step.state, [a5, a5, env(MON, 3, 'deleted', appt(1, `${MON}T09:00:00Z`, { version: 9 }))]);
    expect(step.gaps).toEqual([]);
    expect(appointmentsOn(step.state, MON)[0]).toMatchObject({ start: `${MON}T11:00:00Z`, version: 3 });
    expect(lastSeqs(step.state)[MON]).toBe(6);
  });

  it('follows a move from one day to another, whichever stream comes first', () => {
    const moved = appt(1, `${TUE}T10:00:00Z`, { version: 2 });
    // Tuesday's `created` before Monday's `deleted`: never drawn twice.
    let { state } = receiveEvents(base, [env(TUE, 1, 'created', moved)]);
    expect(ids(state, MON)).toEqual([]);
    expect(ids(state, TUE)).toEqual([1]);
    state = receiveEvents(state, [env(MON, 5, 'deleted', moved)]).state;
    expect(ids(state, TUE)).toEqual([1]);
    expect(lastSeqs(state)).toEqual({ [MON]: 5, [TUE]: 1 });
  });

  it('ignores days not on screen', () => {
    const step = receiveEvents(base, [env('2026-12-20', 9, 'created', appt(5, '2026-12-20T10:00:00Z'))]);
    expect(step.state).toBe(base);
    expect(step.gaps).toEqual([]);
  });

  it('never lets an older copy replace a newer one', () => {
    const ours = appt(1, `${MON}T13:00:00Z`, { version: 3 });
    let state = upsertAppointment(base, ours);
    expect(appointmentsOn(state, MON)[0]!.start).toBe(ours.start);
    // The stream then replays the change before ours.
    state = receiveEvents(state, [env(MON, 5, 'updated', appt(1, `${MON}T12:00:00Z`, { version: 2 }))]).state;
    expect(appointmentsOn(state, MON)[0]!.start).toBe(ours.start);
    expect(upsertAppointment(state, appt(1, `${MON}T09:00:00Z`, { version: 1 }))).toBe(state);
  });

  it('moves an appointment between days on a REST answer', () => {
    const state = upsertAppointment(base, appt(1, `${TUE}T09:00:00Z`, { version: 2 }));
    expect(ids(state, MON)).toEqual([]);
    expect(ids(state, TUE)).toEqual([1]);
  });

  it('loads a day snapshot and continues from its seq, applying held events', () => {
    const held = env(MON, 12, 'created', appt(3, `${MON}T15:00:00Z`));
    let step = receiveEvents(base, [held]);
    expect(step.gaps).toHaveLength(1);
    step = loadDay(step.state, MON, 11, [appt(2, `${MON}T10:00:00Z`)]);
    expect(ids(step.state, MON)).toEqual([2, 3]);
    expect(lastSeqs(step.state)[MON]).toBe(12);
    expect(step.gaps).toEqual([]);
  });

  it('hides cancelled appointments unless asked and draws pending moves', () => {
    const state = upsertAppointment(base, appt(2, `${MON}T10:00:00Z`, { status: 'cancelled' }));
    expect(ids(state, MON)).toEqual([1]);
    expect(ids(state, MON, true)).toEqual([1, 2]);
    const moved = appointmentsOn(state, TUE, [{ key: 'k', id: 1, start: `${TUE}T09:00:00Z`, end: `${TUE}T09:30:00Z`, resource: { id: 2, name: 'Chair 2', kind: 'place' } }]);
    expect(moved.map((a) => [a.id, a.resource.id])).toEqual([[1, 2]]);
  });
});
