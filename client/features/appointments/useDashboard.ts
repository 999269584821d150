// Keeps the dashboard current from /appointments: snapshot on every connect,
// then ordered events (gaps filled with fetch_events), resume after reconnects.
import { useCallback, useEffect, useRef, useState } from 'react';
import { useSocketIO } from '@/hooks/useSocketIO';
import { api, newMutationId } from '@/lib/api';
import type { AppointmentsEnvelope, ScheduleAction } from '@/lib/events';
import { EVENT_NAMES } from '@/lib/events';
import { StreamFollower } from '@/lib/streamCursor';
import type { Ack, Appointment, Dashboard } from '@/lib/types';
import { applyEnvelope, emptyDashboard, fromDashboard, type DashboardState } from './dashboardState';

export const APPOINTMENTS_STREAM = 'appointments';

export function useDashboard() {
  const socket = useSocketIO('/appointments');
  const { on, emit, epoch } = socket;
  const [state, setState] = useState<DashboardState>(emptyDashboard);
  const followerRef = useRef<StreamFollower<AppointmentsEnvelope> | null>(null);

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

  // After a reconnect ask for what happened while away (the connect snapshot
  // covers the values; resume also restores the activity list).
  useEffect(() => {
    const follower = followerRef.current!;
    if (epoch < 2 || follower.last === null) return;
    void emit('resume', { after: follower.last }).then((ack) => {
      if (!ack.ok) return;
      if ('resync' in ack.data) loadSnapshot(ack.data.snapshot);
      else follower.push(ack.data.events as AppointmentsEnvelope[]);
    });
  }, [epoch, emit, loadSnapshot]);

  const act = useCallback(
    (action: ScheduleAction, appointmentId: number): Promise<Ack<Appointment>> =>
      emit('schedule_update', { action, appointment_id: appointmentId, mutation_id: newMutationId() }),
    [emit],
  );

  return { state, socket, act };
}
