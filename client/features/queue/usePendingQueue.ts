// The pending queue, live. The list comes from REST; `schedule_updated` on the
// `appointments` stream (the dashboard's stream, same socket) keeps it current,
// in seq order through the stream cursor, with gaps fetched. After a reconnect,
// or when a gap cannot be filled, the list is read again: a request confirmed
// while we were away must leave.
import { useCallback, useEffect, useReducer, useRef } from 'react';
import { useSocketIO } from '@/hooks/useSocketIO';
import { EVENT_NAMES, type AppointmentsEnvelope } from '@/lib/events';
import { StreamFollower } from '@/lib/streamCursor';
import { unwatchDashboard, watchDashboard } from '@/features/appointments';
import type { Appointment, Id } from '@/lib/types';
import { bulk, confirmOne, declineOne, fetchPending, type BulkResult } from './api';
import { applyChange, emptyQueue, loadList, startLoad, type QueueState } from './queueState';

export const APPOINTMENTS_STREAM = 'appointments';

type Action = { type: 'change'; appointment: Appointment } | { type: 'load'; list: Appointment[] } | { type: 'start' } | { type: 'error'; error: unknown };

interface Model {
  queue: QueueState;
  error: unknown;
}

function reducer(m: Model, action: Action): Model {
  switch (action.type) {
    case 'change':
      return { ...m, queue: applyChange(m.queue, action.appointment) };
    case 'load':
      return { queue: loadList(m.queue, action.list), error: null };
    case 'start':
      return { ...m, queue: startLoad(m.queue) };
    case 'error':
      return { ...m, error: action.error };
  }
}

export function usePendingQueue() {
  const socket = useSocketIO('/appointments');
  const { on, emit, epoch } = socket;
  const [model, dispatch] = useReducer(reducer, { queue: emptyQueue, error: null });
  const loads = useRef(0);

  const reload = useCallback(() => {
    const n = ++loads.current;
    dispatch({ type: 'start' });
    fetchPending().then(
      (list) => {
        if (n === loads.current) dispatch({ type: 'load', list });
      },
      (error: unknown) => n === loads.current && dispatch({ type: 'error', error }),
    );
  }, []);

  const followerRef = useRef<StreamFollower<AppointmentsEnvelope> | null>(null);
  if (followerRef.current === null) {
    followerRef.current = new StreamFollower<AppointmentsEnvelope>({
      apply: (events) => {
        for (const e of events) if (e.event === 'schedule_updated') dispatch({ type: 'change', appointment: e.data });
      },
      fetchMissing: async ({ after, until }) => {
        const ack = await emit('fetch_events', { stream: APPOINTMENTS_STREAM, after, until });
        return ack.ok ? (ack.data.events as AppointmentsEnvelope[]) : null;
      },
      resync: reload,
    });
  }

  useEffect(() => {
    const follower = followerRef.current!;
    const handle = (envelope: AppointmentsEnvelope) => {
      if (envelope.stream !== APPOINTMENTS_STREAM) return;
      // The snapshot sent on joining says where the stream stands; it is not a change.
      if (envelope.op === 'snapshot') follower.reset(envelope.seq);
      else follower.push([envelope]);
    };
    const offs = EVENT_NAMES.server_to_client['/appointments'].map((name) => on(name, handle as (e: AppointmentsEnvelope) => void));
    return () => offs.forEach((off) => off());
  }, [on]);

  // Shown at once from REST; then on every connect the stream is joined first and
  // the list read again, so no change falls between the two (missed events are not
  // replayed here: the list is read whole).
  const loadedOnce = useRef(false);
  useEffect(() => {
    if (!loadedOnce.current) {
      loadedOnce.current = true;
      reload();
    }
    if (epoch >= 1) void watchDashboard(emit).then(reload);
  }, [epoch, emit, reload]);
  useEffect(() => () => unwatchDashboard(emit), [emit]);

  const apply = useCallback((a: Appointment) => dispatch({ type: 'change', appointment: a }), []);

  const confirm = useCallback(async (id: Id) => apply(await confirmOne(id)), [apply]);
  const decline = useCallback(async (id: Id, reason: string) => apply(await declineOne(id, reason)), [apply]);
  const runBulk = useCallback(
    async (action: 'confirm' | 'decline', ids: Id[], reason = ''): Promise<Extract<BulkResult, { ok: false }>[]> => {
      const { results } = await bulk(action, ids, reason);
      for (const r of results) if (r.ok) apply(r.appointment);
      return results.filter((r): r is Extract<BulkResult, { ok: false }> => !r.ok);
    },
    [apply],
  );

  return { socket, queue: model.queue, error: model.error, reload, confirm, decline, runBulk };
}
