// The customer's own appointments; status changes arrive live on /customer.
// Upcoming ones can be rescheduled or cancelled until the policy's notice period
// (GET /api/business: cancellation_notice_hours) and added to a calendar app.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useMinuteClock } from '@/hooks/useMinuteClock';
import { useSocketIO } from '@/hooks/useSocketIO';
import { ApiError, newMutationId } from '@/lib/api';
import type { Appointment, Business, Slot } from '@/lib/types';
import { ConnectionBadge } from '@/components/ConnectionBadge';
import { Dialog } from '@/components/Dialog';
import { Empty, ErrorBox, Loading } from '@/components/States';
import { StatusPill } from '@/components/StatusPill';
import {
  bookingKeys,
  calendarFileUrl,
  cancelAppointment,
  fetchMyAppointments,
  rescheduleAppointment,
  serviceResources,
  useBusiness,
  useResources,
  useServices,
} from './api';
import { slotText } from './display';
import { canChange, changeErrorMessage, policyText } from './policy';
import { ResourceSelect } from './ResourceSelect';
import { SlotPicker } from './SlotPicker';
import styles from './booking.module.css';

const ACTIVE = new Set(['pending', 'confirmed']);

/**
 * Newer copy wins, so an older envelope cannot undo a newer REST answer. Each
 * envelope holds the whole appointment; `version` increases on every change
 * (updated_at breaks ties for answers from before versions existed).
 */
export function merge(list: Appointment[] | undefined, next: Appointment): Appointment[] | undefined {
  if (!list) return list;
  const i = list.findIndex((a) => a.id === next.id);
  if (i < 0) return [...list, next];
  const old = list[i]!;
  if ((old.version ?? 0) > (next.version ?? 0)) return list;
  if ((old.version ?? 0) === (next.version ?? 0) && old.updated_at > next.updated_at) return list;
  const copy = [...list];
  copy[i] = next;
  return copy;
}

export function MyAppointments() {
  const client = useQueryClient();
  const { status, error: socketError, transport, epoch, on } = useSocketIO('/customer');
  const query = useQuery({ queryKey: bookingKeys.mine, queryFn: fetchMyAppointments });
  const business = useBusiness();
  // Ids, so a dialog always works on the latest copy (a `stale` refusal updates it).
  const [reschedulingId, setReschedulingId] = useState<number | null>(null);
  const [cancellingId, setCancellingId] = useState<number | null>(null);
  const [notices, setNotices] = useState<Record<number, string>>({});

  const apply = (appointment: Appointment) =>
    client.setQueryData(bookingKeys.mine, (list: Appointment[] | undefined) => merge(list, appointment));

  // patch: an appointment_status envelope holds the whole appointment.
  useEffect(
    () => on('appointment_status', (envelope) => client.setQueryData(bookingKeys.mine, (list: Appointment[] | undefined) => merge(list, envelope.data))),
    [on, client],
  );
  // After a reconnect, re-read: changes made while offline were not delivered.
  useEffect(() => {
    if (epoch > 1) void client.invalidateQueries({ queryKey: bookingKeys.mine });
  }, [epoch, client]);

  const now = useMinuteClock();
  const sorted = [...(query.data ?? [])].sort((a, b) => a.start.localeCompare(b.start));
  const upcoming = sorted.filter((a) => Date.parse(a.end) >= now && ACTIVE.has(a.status));
  const past = sorted.filter((a) => !upcoming.includes(a)).reverse();
  const rescheduling = sorted.find((a) => a.id === reschedulingId) ?? null;
  const cancelling = sorted.find((a) => a.id === cancellingId) ?? null;

  function done(appointment: Appointment, notice: string) {
    apply(appointment);
    setNotices((n) => ({ ...n, [appointment.id]: notice }));
    void client.invalidateQueries({ queryKey: ['availability'] });
  }

  return (
    <section>
      <div className="page-head">
        <h1>My appointments</h1>
        <ConnectionBadge status={status} error={socketError} transport={transport} />
      </div>
      {query.isPending || business.isPending ? (
        <Loading />
      ) : query.isError ? (
        <ErrorBox error={query.error} onRetry={() => void query.refetch()} />
      ) : business.isError ? (
        <ErrorBox error={business.error} onRetry={() => void business.refetch()} />
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
                  <span data-testid={`when-${a.id}`}>
                    {slotText(a, business.data)}
                    {a.resource ? ` · ${a.resource.name}` : ''}
                  </span>
                </div>
                <StatusPill status={a.status} />
                <div className={styles.appointmentActions}>
                  <a
                    className="button"
                    href={calendarFileUrl(a.id)}
                    download={`appointment-${a.id}.ics`}
                    data-testid={`ics-${a.id}`}
                  >
                    Add to calendar
                  </a>
                  {canChange(a, business.data.cancellation_notice_hours, now) ? (
                    <>
                      <button type="button" onClick={() => setReschedulingId(a.id)} data-testid={`reschedule-${a.id}`}>
                        Reschedule
                      </button>
                      <button type="button" className="danger" onClick={() => setCancellingId(a.id)} data-testid={`cancel-${a.id}`}>
                        Cancel
                      </button>
                    </>
                  ) : null}
                </div>
                {!canChange(a, business.data.cancellation_notice_hours, now) ? (
                  <p className={styles.policy} data-testid={`policy-${a.id}`}>
                    {policyText(business.data.cancellation_notice_hours)}
                  </p>
                ) : null}
                {notices[a.id] ? (
                  <p className={styles.policy} role="status" data-testid={`notice-${a.id}`}>
                    {notices[a.id]}
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
                      <span>{slotText(a, business.data)}</span>
                    </div>
                    <StatusPill status={a.status} />
                    {a.status === 'cancelled' && a.cancel_reason ? (
                      <p className={styles.reason} data-testid={`cancel-reason-${a.id}`}>
                        Reason: {a.cancel_reason}
                      </p>
                    ) : null}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </>
      )}
      {rescheduling && business.data ? (
        <RescheduleDialog
          appointment={rescheduling}
          business={business.data}
          onClose={() => setReschedulingId(null)}
          onDone={(a) => {
            done(a, `Moved to ${slotText(a, business.data)}.`);
            setReschedulingId(null);
          }}
          onCurrent={apply}
        />
      ) : null}
      {cancelling && business.data ? (
        <CancelDialog
          appointment={cancelling}
          business={business.data}
          onClose={() => setCancellingId(null)}
          onDone={(a) => {
            done(a, 'Cancelled.');
            setCancellingId(null);
          }}
          onCurrent={apply}
        />
      ) : null}
    </section>
  );
}

/** What the dialogs do with a refusal: the message, and for `stale` the appointment as it is now. */
function refusal(error: unknown, business: Business, onCurrent: (a: Appointment) => void): string {
  if (error instanceof ApiError && error.code === 'stale' && error.current && typeof error.current === 'object') {
    onCurrent(error.current as Appointment);
  }
  return changeErrorMessage(error, business.cancellation_notice_hours);
}

/** The reschedule and cancel dialogs: one appointment, and what to do with the answer. */
interface ChangeDialogProps {
  appointment: Appointment;
  business: Business;
  onClose: () => void;
  onDone: (appointment: Appointment) => void;
  onCurrent: (appointment: Appointment) => void;
}

function RescheduleDialog({
  appointment,
  business,
  onClose,
  onDone,
  onCurrent,
}: ChangeDialogProps) {
  const client = useQueryClient();
  const services = useServices();
  const resources = useResources();
  const [resourceId, setResourceId] = useState<number | null>(null);
  const [slot, setSlot] = useState<Slot | null>(null);
  const [error, setError] = useState<string | null>(null);
  const key = useRef(newMutationId());
  const service = services.data?.find((s) => s.id === appointment.service.id);
  const candidates = useMemo(() => serviceResources(service, resources.data ?? []), [service, resources.data]);

  const move = useMutation({
    mutationFn: (s: Slot) =>
      rescheduleAppointment(
        {
          id: appointment.id,
          start: s.start,
          // The chosen resource, else the current one when it is free then, else any free one.
          resource:
            resourceId ?? (s.resource_ids.includes(appointment.resource?.id) ? appointment.resource.id : s.resource_ids[0]),
          expectedVersion: appointment.version,
        },
        key.current,
      ),
    onSuccess: onDone,
    onError: (e) => {
      key.current = newMutationId();
      setError(refusal(e, business, onCurrent));
      if (e instanceof ApiError && ['slot_unavailable', 'customer_overlap'].includes(e.code)) {
        setSlot(null);
        void client.invalidateQueries({ queryKey: ['availability'] });
      }
    },
  });

  return (
    <Dialog title={`Reschedule ${appointment.service.name}`} onClose={onClose} testId="reschedule-dialog">
      <p className="muted">Now: {slotText(appointment, business)}{appointment.resource ? ` · ${appointment.resource.name}` : ''}</p>
      <ResourceSelect
        id="reschedule-resource"
        resources={candidates}
        value={resourceId}
        onChange={(id) => {
          setResourceId(id);
          setSlot(null);
          setError(null);
        }}
      />
      <SlotPicker
        key={resourceId ?? 'any'}
        serviceId={appointment.service.id}
        serviceName={appointment.service.name}
        resourceId={resourceId}
        business={business}
        value={slot}
        onChange={(s) => {
          setSlot(s);
          setError(null);
          key.current = newMutationId();
        }}
      />
      {error ? (
        <p className="form-error" role="alert" data-testid="reschedule-error">
          {error}
        </p>
      ) : null}
      <div className="actions">
        <button
          type="button"
          className="primary"
          disabled={!slot || move.isPending}
          onClick={() => slot && move.mutate(slot)}
          data-testid="reschedule-confirm"
        >
          {move.isPending ? 'Moving…' : slot ? `Move to ${slotText(slot, business)}` : 'Pick a new time'}
        </button>
        <button type="button" onClick={onClose}>
          Keep the current time
        </button>
      </div>
    </Dialog>
  );
}

function CancelDialog({
  appointment,
  business,
  onClose,
  onDone,
  onCurrent,
}: ChangeDialogProps) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const key = useRef(newMutationId());
  const cancel = useMutation({
    mutationFn: () => cancelAppointment({ id: appointment.id, reason: reason.trim() }, key.current),
    onSuccess: onDone,
    onError: (e) => {
      key.current = newMutationId();
      setError(refusal(e, business, onCurrent));
    },
  });
  return (
    <Dialog title="Cancel this appointment?" onClose={onClose} testId="cancel-dialog" role="alertdialog">
      <p>
        <strong>{appointment.service.name}</strong>, {slotText(appointment, business)}
        {appointment.resource ? ` with ${appointment.resource.name}` : ''}.
      </p>
      <div className="field">
        <label htmlFor="cancel-reason">Reason (optional)</label>
        <textarea
          id="cancel-reason"
          rows={2}
          maxLength={500}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          data-testid="cancel-reason"
        />
      </div>
      {error ? (
        <p className="form-error" role="alert" data-testid="cancel-error">
          {error}
        </p>
      ) : null}
      <div className="actions">
        <button
          type="button"
          className="danger"
          disabled={cancel.isPending}
          onClick={() => cancel.mutate()}
          data-testid="cancel-confirm"
        >
          {cancel.isPending ? 'Cancelling…' : 'Cancel appointment'}
        </button>
        <button type="button" onClick={onClose} data-testid="cancel-keep">
          Keep it
        </button>
      </div>
    </Dialog>
  );
}
