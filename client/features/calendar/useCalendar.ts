// The days on screen, live: GET /api/calendar, then `watch_days` for the same
// range (with `after` = each day's last seq, so the server replays what
// happened in between); after every reconnect the watch is sent again with the
// seqs applied so far (the server replays, or sends a day afresh when it no
// longer has the history). Gaps are fetched with fetch_events; when that fails
// the range is read again.
// Reschedules are optimistic: drawn at once, rolled back if refused.
import { useCallback, useEffect, useReducer, useRef, useState } from 'react';
import { useSocketIO } from '@/hooks/useSocketIO';
import { ApiError, errorFields, newMutationId } from '@/lib/api';
import type { Appointment, Id, Resource } from '@/lib/types';
import { useToast } from '@/components/Toast';
import { fetchCalendar, reschedule, runAction, saveNotes, type StatusAction } from './api';
import {
  dateOfStream,
  fromCalendar,
  lastSeqs,
  loadDay,
  receiveEvents,
  upsertAppointment,
  type CalendarState,
  type DayEnvelope,
  type PendingMove,
  type StreamGap,
} from './calendarState';

interface Model {
  calendar: CalendarState | null;
  pending: PendingMove[];
}

export interface MoveTarget {
  start: string;
  end: string;
  resource: Resource;
}

export const STALE_TEXT = 'Someone else changed this appointment first; it now shows their change.';

function isAppointment(value: unknown): value is Appointment {
  return !!value && typeof value === 'object' && 'start' in value && 'version' in value;
}

export function useCalendar(from: string, to: string) {
  const socket = useSocketIO('/appointments');
  const { on, emit, epoch, isConnected } = socket;
  const toast = useToast();
  const model = useRef<Model>({ calendar: null, pending: [] });
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [liveError, setLiveError] = useState<string | null>(null);
  const range = useRef({ from, to });
  range.current = { from, to };
  const fetching = useRef(new Set<string>());
  const watchRef = useRef<() => Promise<void>>(async () => {});
  const reloadRef = useRef<() => Promise<void>>(async () => {});

  const update = useCallback((fn: (m: Model) => Model) => {
    model.current = fn(model.current);
    rerender();
  }, []);

  const sameRange = (r: { from: string; to: string }) => r.from === range.current.from && r.to === range.current.to;

  const fillGaps = useCallback(
    (gaps: StreamGap[]) => {
      for (const gap of gaps) {
        if (fetching.current.has(gap.stream)) continue;
        fetching.current.add(gap.stream);
        const asked = { ...range.current };
        void emit('fetch_events', { stream: gap.stream, after: gap.after, until: gap.until }).then((ack) => {
          fetching.current.delete(gap.stream);
          if (!sameRange(asked) || !model.current.calendar) return;
          if (!ack.ok) return void reloadRef.current();
          const step = receiveEvents(model.current.calendar, ack.data.events as DayEnvelope[]);
          update((m) => ({ ...m, calendar: step.state }));
          // The server had nothing for the gap (pruned): start again from a fresh read.
          if ((step.state.days[gap.date]?.cursor.last ?? 0) <= gap.after) void reloadRef.current();
          else fillGaps(step.gaps);
        });
      }
    },
    [emit, update],
  );

  const push = useCallback(
    (events: DayEnvelope[]) => {
      if (!model.current.calendar) return;
      const step = receiveEvents(model.current.calendar, events);
      if (step.state !== model.current.calendar) update((m) => ({ ...m, calendar: step.state }));
      fillGaps(step.gaps);
    },
    [update, fillGaps],
  );

  const watch = useCallback(async () => {
    const calendar = model.current.calendar;
    if (!calendar) return;
    const asked = { ...range.current };
    const ack = await emit('watch_days', { from: asked.from, to: asked.to, after: lastSeqs(calendar) });
    if (!sameRange(asked) || !model.current.calendar) return;
    if (!ack.ok) {
      if (ack.error.code !== 'offline' && ack.error.code !== 'timeout') setLiveError(ack.error.message || ack.error.code);
      return;
    }
    setLiveError(null);
    let state = model.current.calendar;
    const gaps: StreamGap[] = [];
    for (const day of ack.data.days) {
      const step =
        'appointments' in day
          ? loadDay(state, day.date, day.seq, day.appointments)
          : receiveEvents(state, day.events as DayEnvelope[]);
      state = step.state;
      gaps.push(...step.gaps);
      // A replay should end at the day's head; fetch whatever it left out.
      const last = state.days[day.date]?.cursor.last;
      if (last != null && last < day.seq && step.gaps.length === 0) {
        gaps.push({ stream: `day:${day.date}`, date: day.date, after: last, until: day.seq });
      }
    }
    update((m) => ({ ...m, calendar: state }));
    fillGaps(gaps);
  }, [emit, update, fillGaps]);
  watchRef.current = watch;

  /** Reads the range afresh (each day at its seq), then watches it from there. */
  const reload = useCallback(async () => {
    const asked = { ...range.current };
    try {
      const calendar = await fetchCalendar(asked.from, asked.to);
      if (!sameRange(asked)) return;
      fetching.current.clear();
      update((m) => ({ ...m, calendar: fromCalendar(calendar) }));
      await watchRef.current();
    } catch (error) {
      if (sameRange(asked)) setLoadError(error);
    }
  }, [update]);
  reloadRef.current = reload;

  // A new range: forget the old days, read the new ones, then watch them.
  useEffect(() => {
    fetching.current.clear();
    model.current = { calendar: null, pending: [] };
    setLoadError(null);
    rerender();
    void reload();
  }, [from, to, reload]);

  // Every (re)connect: the server forgot our watch; send it again from where we are.
  useEffect(() => {
    if (isConnected && model.current.calendar) void watchRef.current();
  }, [isConnected, epoch]);

  useEffect(() => {
    const off = on('appointment_update', (envelope) => {
      if (dateOfStream(envelope.stream) !== null) push([envelope as DayEnvelope]);
    });
    return off;
  }, [on, push]);

  // Stop the day feeds when the calendar closes (unless strict mode re-mounts at once).
  const mounted = useRef(false);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
      setTimeout(() => {
        if (!mounted.current) void emit('unwatch_days', {});
      }, 0);
    };
  }, [emit]);

  /** Our own change, answered by REST: shown now; the stream's copy changes nothing. */
  const apply = useCallback(
    (a: Appointment) => update((m) => (m.calendar ? { ...m, calendar: upsertAppointment(m.calendar, a) } : m)),
    [update],
  );

  const move = useCallback(
    async (a: Appointment, target: MoveTarget, changeEnd: boolean) => {
      const key = newMutationId();
      update((m) => ({ ...m, pending: [...m.pending, { key, id: a.id, ...target }] }));
      try {
        const answer = await reschedule(a.id, {
          start: target.start,
          resource: target.resource.id,
          expected_version: a.version,
          ...(changeEnd ? { end: target.end } : {}),
        });
        update((m) => ({
          calendar: m.calendar ? upsertAppointment(m.calendar, answer) : m.calendar,
          pending: m.pending.filter((p) => p.key !== key),
        }));
        return true;
      } catch (error) {
        const current = error instanceof ApiError && isAppointment(error.current) ? error.current : null;
        update((m) => ({
          calendar: m.calendar && current ? upsertAppointment(m.calendar, current) : m.calendar,
          pending: m.pending.filter((p) => p.key !== key),
        }));
        const text =
          error instanceof ApiError && error.code === 'stale'
            ? STALE_TEXT
            : `${a.customer.name} was put back: ${errorFields(error).message ?? 'the server refused the change.'}`;
        toast(text, 'error');
        return false;
      }
    },
    [update, toast],
  );

  const act = useCallback(
    async (id: Id, action: StatusAction, reason?: string) => {
      const answer = await runAction(id, action, reason);
      apply(answer);
      return answer;
    },
    [apply],
  );

  const editNotes = useCallback(
    async (a: Appointment, notes: string) => {
      try {
        const answer = await saveNotes(a.id, notes, a.version);
        apply(answer);
        return answer;
      } catch (error) {
        if (error instanceof ApiError && isAppointment(error.current)) apply(error.current);
        throw error;
      }
    },
    [apply],
  );

  return {
    socket,
    calendar: model.current.calendar,
    pending: model.current.pending,
    loadError,
    liveError,
    move,
    act,
    editNotes,
    apply,
  };
}

export type CalendarApi = ReturnType<typeof useCalendar>;
