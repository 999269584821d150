// Keeps the dashboard current from /appointments: watch_dashboard on every connect
// (a snapshot), then ordered events (gaps filled with fetch_events), resume after reconnects.
import { useCallback, useEffect, useRef, useState } from 'react';
import { useSocketIO } from '@/hooks/useSocketIO';
import { api, newMutationId } from '@/lib/api';
import type { AppointmentsEnvelope, ScheduleAction } from '@/lib/events';
import { EVENT_NAMES } from '@/lib/events';
import { StreamFollower } from '@/lib/streamCursor';
import type { Ack, Appointment, Dashboard } from '@/lib/types';
import { unwatchDashboard, watchDashboard } from './dashboardFeed';
import { applyEnvelope, emptyDashboard, fromDashboard, recordActivity, type DashboardState } from './dashboardState';

export const APPOINTMENTS_STREAM = 'appointments';

export function useDashboard() {
  const socket = useSocketIO('/appointments');
  const { on, emit, epoch } = socket;
  const [state, setState] = useState<DashboardState>(emptyDashboard);
  const followerRef = useRef<StreamFollower<AppointmentsEnvelope> | null>(null);
  // The last seq applied before the connection dropped. The connect snapshot
  // moves the follower past everything missed, so resume must start here.
  const resumeFrom = useRef<number | null>(null);

  const loadSnapshot = useCallback((dashboard: Dashboard) => {
    setState((s) => fromDashboard(dashboard, s));
    followerRef.current?.reset(dashboard.seq);
  }, []);

  if (followerRef.current === null) {
    followerRef.current = new StreamFollower<AppointmentsEnvelope>({
      apply: (events) => setState((s) => events.reduce(applyEnvelope, s)),
      fetchMissing: async ({ after, until }) => {
        const ack = await emit('fetch_events', { stream: APPOINTMENTS_STREAM, after, until });
        return ack.ok ? (ack.data.events as AppointmentsEnvelope[]) : null;
      },
      // The range is gone from the event store: read the whole dashboard again.
      resync: () => {
        api.get<Dashboard>('/api/dashboard').then(loadSnapshot, () => undefined);
      },
    });
  }

  useEffect(() => {
    const follower = followerRef.current!;
    const handle = (envelope: AppointmentsEnvelope) => {
      if (envelope.stream !== APPOINTMENTS_STREAM) return;
      if (envelope.op === 'snapshot') {
        // Sent on every connect: the current value at `seq`, not a new event.
        setState((s) => applyEnvelope(s, envelope));
        follower.reset(envelope.seq);
      } else {
        follower.push([envelope]);
      }
    };
    const offs = EVENT_NAMES.server_to_client['/appointments'].map((name) =>
      on(name, handle as (e: AppointmentsEnvelope) => void),
    );
    return () => offs.forEach((off) => off());
  }, [on]);

  // Remember where the stream stood when the connection went down.
  useEffect(
    () =>
      on('disconnect', () => {
        resumeFrom.current ??= followerRef.current!.last;
      }),
    [on],
  );

  // On every connect ask for the dashboard's stream: its three values arrive as
  // snapshot events before the answer. After a reconnect, then ask for what
  // happened while away: the snapshot covers the values (moving the follower past
  // the missed range), but the activity list needs every booking or change made
  // meanwhile (asked even if joining failed: the list is worth having).
  useEffect(() => {
    if (epoch < 1) return;
    const follower = followerRef.current!;
    const after = resumeFrom.current ?? follower.last;
    void watchDashboard(emit).then(() => {
      if (epoch < 2 || after === null) return;
      return emit('resume', { after }).then((ack) => {
        if (!ack.ok) return;
        resumeFrom.current = null;
        if ('resync' in ack.data) {
          if (ack.data.snapshot) loadSnapshot(ack.data.snapshot);
          return;
        }
        const events = ack.data.events as AppointmentsEnvelope[];
        setState((s) => recordActivity(s, events));
        // Anything newer than the snapshot is applied in order (duplicates are ignored).
        follower.push(events);
      });
    });
  }, [epoch, emit, loadSnapshot]);
  useEffect(() => () => unwatchDashboard(emit), [emit]);

  const act = useCallback(
    (action: ScheduleAction, appointmentId: number): Promise<Ack<Appointment>> =>
      emit('schedule_update', { action, appointment_id: appointmentId, mutation_id: newMutationId() }),
    [emit],
  );

  return { state, socket, act };
}
