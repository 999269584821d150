// Staff dashboard: pending count, today's appointments with actions, schedule.
// Everything comes live from /appointments; nothing polls.
import Link from 'next/link';
import { useState } from 'react';
import { formatDate, formatTime } from '@/lib/format';
import type { ScheduleAction } from '@/lib/events';
import type { Appointment } from '@/lib/types';
import { ConnectionBadge } from '@/components/ConnectionBadge';
import { Empty, Loading } from '@/components/States';
import { StatusPill } from '@/components/StatusPill';
import { activityText, isLoaded, sortedAppointments } from './dashboardState';
import { Timeline } from './Timeline';
import { useDashboard } from './useDashboard';

const ACTIONS: Record<Appointment['status'], { action: ScheduleAction; label: string; tone?: string }[]> = {
  pending: [
    { action: 'confirm', label: 'Confirm', tone: 'primary' },
    { action: 'cancel', label: 'Cancel', tone: 'danger' },
  ],
  confirmed: [
    { action: 'complete', label: 'Complete', tone: 'primary' },
    { action: 'no_show', label: 'No-show' },
    { action: 'cancel', label: 'Cancel', tone: 'danger' },
  ],
  completed: [],
  cancelled: [],
  no_show: [],
};

export function AdminDashboard() {
  const { state, socket, act } = useDashboard();
  const [busy, setBusy] = useState<Record<number, boolean>>({});
  const [rowErrors, setRowErrors] = useState<Record<number, string>>({});
  const live = socket.status === 'connected';

  async function run(action: ScheduleAction, id: number) {
    setBusy((b) => ({ ...b, [id]: true }));
    setRowErrors((e) => ({ ...e, [id]: '' }));
    const ack = await act(action, id);
    setBusy((b) => ({ ...b, [id]: false }));
    if (!ack.ok) setRowErrors((e) => ({ ...e, [id]: ack.error.message || ack.error.code }));
  }

  return (
    <section className={live ? '' : 'stale'}>
      <div className="page-head">
        <h1>Today{state.date ? `, ${formatDate(state.date)}` : ''}</h1>
        <ConnectionBadge status={socket.status} error={socket.error} transport={socket.transport} />
      </div>
      {socket.error === 'forbidden' || socket.error === 'not_authenticated' ? (
        <p className="error-box" role="alert">
          The live dashboard refused this session ({socket.error}). Log in again as staff.
        </p>
      ) : null}
      {!live && isLoaded(state) ? (
        <p className="notice" role="status">
          Connection lost. The figures below are from before the disconnect and will refresh when it is back.
        </p>
      ) : null}
      {!isLoaded(state) ? (
        <Loading label="Waiting for today’s figures…" />
      ) : (
        <div className="dashboard">
          <div className="stat panel">
            <span className="stat-label">Pending requests</span>
            <span className="stat-value" data-testid="pending-count">
              {state.pendingCount}
            </span>
            <Link href="/admin/queue" data-testid="pending-queue-link">
              Review the queue
            </Link>
          </div>

          <section className="panel today" aria-labelledby="today-title">
            <h2 id="today-title">Appointments today</h2>
            {state.appointments!.length === 0 ? (
              <Empty>No appointments today.</Empty>
            ) : (
              <ul className="list" data-testid="today-appointments">
                {sortedAppointments(state.appointments!).map((a) => (
                  <li key={a.id} className="row" data-testid={`appointment-${a.id}`}>
                    <div className="row-main">
                      <strong>
                        {formatTime(a.start)}–{formatTime(a.end)} {a.customer.name}
                      </strong>
                      <span className="muted">
                        {a.service.name} · {a.resource?.name}
                        {a.notes ? ` · “${a.notes}”` : ''}
                      </span>
                    </div>
                    <StatusPill status={a.status} />
                    <div className="row-actions">
                      {ACTIONS[a.status].map((b) => (
                        <button
                          key={b.action}
                          type="button"
                          className={b.tone}
                          disabled={!live || busy[a.id]}
                          onClick={() => void run(b.action, a.id)}
                          data-testid={`${b.action}-${a.id}`}
                        >
                          {b.label}
                        </button>
                      ))}
                    </div>
                    {rowErrors[a.id] ? (
                      <p className="field-error row-error" role="alert">
                        {rowErrors[a.id]}
                      </p>
                    ) : null}
                  </li>
                ))}
              </ul>
            )}
          </section>

          <section className="panel schedule" aria-labelledby="schedule-title">
            <h2 id="schedule-title">Schedule</h2>
            <Timeline schedule={state.schedule!} />
          </section>

          {state.activity.length > 0 ? (
            <section className="panel activity" aria-labelledby="activity-title">
              <h2 id="activity-title">Just now</h2>
              <ul className="plain" data-testid="activity">
                {state.activity.map((e) => (
                  <li key={e.seq} data-testid={`activity-${e.seq}`}>
                    {activityText(e, state.date)}
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
        </div>
      )}
    </section>
  );
}
