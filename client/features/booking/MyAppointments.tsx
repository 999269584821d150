// The customer's own appointments; status changes arrive live on /customer.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useEffect, useState } from 'react';
import { useSocketIO } from '@/hooks/useSocketIO';
import { errorFields } from '@/lib/api';
import { formatDateTime, formatTime } from '@/lib/format';
import type { Appointment } from '@/lib/types';
import { ConnectionBadge } from '@/components/ConnectionBadge';
import { Empty, ErrorBox, Loading } from '@/components/States';
import { StatusPill } from '@/components/StatusPill';
import { bookingKeys, cancelAppointment, fetchMyAppointments } from './api';

const CANCELLABLE = new Set(['pending', 'confirmed']);

/**
 * Newer copy wins, so an older envelope cannot undo a newer REST answer. Each
 * envelope holds the whole appointment, so ordering by updated_at is enough
 * here; no seq bookkeeping is needed for this one-object-per-event stream.
 */
function merge(list: Appointment[] | undefined, next: Appointment): Appointment[] | undefined {
  if (!list) return list;
  const i = list.findIndex((a) => a.id === next.id);
  if (i < 0) return [...list, next];
  if (list[i]!.updated_at > next.updated_at) return list;
  const copy = [...list];
  copy[i] = next;
  return copy;
}

export function MyAppointments() {
  const client = useQueryClient();
  const { status, error: socketError, epoch, on } = useSocketIO('/customer');
  const query = useQuery({ queryKey: bookingKeys.mine, queryFn: fetchMyAppointments });
  const [rowErrors, setRowErrors] = useState<Record<number, string>>({});

  // patch: an appointment_status envelope holds the whole appointment.
  useEffect(
    () => on('appointment_status', (envelope) => client.setQueryData(bookingKeys.mine, (list: Appointment[] | undefined) => merge(list, envelope.data))),
    [on, client],
  );
  // After a reconnect, re-read: changes made while offline were not delivered.
  useEffect(() => {
    if (epoch > 1) void client.invalidateQueries({ queryKey: bookingKeys.mine });
  }, [epoch, client]);

  const cancel = useMutation({
    mutationFn: cancelAppointment,
    onMutate: (id) => setRowErrors((e) => ({ ...e, [id]: '' })),
    onSuccess: (appointment) => client.setQueryData(bookingKeys.mine, (list: Appointment[] | undefined) => merge(list, appointment)),
    onError: (error, id) => setRowErrors((e) => ({ ...e, [id]: errorFields(error).message ?? 'Could not cancel.' })),
  });

  const now = Date.now();
  const sorted = [...(query.data ?? [])].sort((a, b) => a.start.localeCompare(b.start));
  const upcoming = sorted.filter((a) => Date.parse(a.end) >= now && CANCELLABLE.has(a.status));
  const past = sorted.filter((a) => !upcoming.includes(a)).reverse();

  return (
    <section>
      <div className="page-head">
        <h1>My appointments</h1>
        <ConnectionBadge status={status} error={socketError} />
      </div>
      {query.isPending ? (
        <Loading />
      ) : query.isError ? (
        <ErrorBox error={query.error} onRetry={() => void query.refetch()} />
      ) : sorted.length === 0 ? (
        <Empty>
          You have no appointments yet. <Link href="/book">Book one</Link>.
        </Empty>
      ) : (
        <>
          <h2>Upcoming</h2>
          {upcoming.length === 0 ? <Empty>Nothing coming up.</Empty> : null}
          <ul className="list" data-testid="upcoming-appointments">
            {upcoming.map((a) => (
              <li key={a.id} className="row" data-testid={`appointment-${a.id}`}>
                <div className="row-main">
                  <strong>{a.service.name}</strong>
                  <span>
                    {formatDateTime(a.start)}–{formatTime(a.end)} · {a.resource?.name}
                  </span>
                </div>
                <StatusPill status={a.status} />
                <button
                  type="button"
                  className="danger"
                  disabled={cancel.isPending && cancel.variables === a.id}
                  onClick={() => {
                    if (window.confirm(`Cancel ${a.service.name} on ${formatDateTime(a.start)}?`)) cancel.mutate(a.id);
                  }}
                >
                  Cancel
                </button>
                {rowErrors[a.id] ? (
                  <p className="field-error row-error" role="alert">
                    {rowErrors[a.id]}
                  </p>
                ) : null}
              </li>
            ))}
          </ul>
          {past.length > 0 ? (
            <>
              <h2>Earlier and cancelled</h2>
              <ul className="list muted-list">
                {past.map((a) => (
                  <li key={a.id} className="row" data-testid={`appointment-${a.id}`}>
                    <div className="row-main">
                      <strong>{a.service.name}</strong>
                      <span>
                        {formatDateTime(a.start)}–{formatTime(a.end)}
                      </span>
                    </div>
                    <StatusPill status={a.status} />
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </>
      )}
    </section>
  );
}
