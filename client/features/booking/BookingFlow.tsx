// Customer booking: service -> (who) -> day on a month calendar -> free slot -> confirm.
import { useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useMemo, useRef, useState } from 'react';
import { ApiError, newMutationId } from '@/lib/api';
import { dateInZone } from '@/lib/format';
import type { Appointment, Slot } from '@/lib/types';
import { Field, FormError } from '@/components/Form';
import { useFormSubmit } from '@/components/useFormSubmit';
import { Empty, ErrorBox, Loading } from '@/components/States';
import { StatusPill } from '@/components/StatusPill';
import { bookAppointment, bookingKeys, calendarFileUrl, serviceResources, useBusiness, useResources, useServices } from './api';
import { ResourceSelect } from './ResourceSelect';
import { servicePrice, slotText } from './display';
import { bookingSchema } from './schemas';
import { SlotPicker } from './SlotPicker';

const FIELDS = ['service', 'date', 'start', 'notes'] as const;

export function BookingFlow() {
  const client = useQueryClient();
  const [serviceId, setServiceId] = useState<number | null>(null);
  const [resourceId, setResourceId] = useState<number | null>(null);
  const [slot, setSlot] = useState<Slot | null>(null);
  const [notes, setNotes] = useState('');
  const [booked, setBooked] = useState<Appointment | null>(null);
  // One key per chosen slot, so a retried request cannot book twice.
  const idempotencyKey = useRef(newMutationId());

  const business = useBusiness();
  const services = useServices();
  const resources = useResources();
  const service = useMemo(() => services.data?.find((s) => s.id === serviceId) ?? null, [services.data, serviceId]);
  const candidates = useMemo(() => serviceResources(service, resources.data ?? []), [service, resources.data]);

  function choose(next: { serviceId?: number; resourceId?: number | null; slot?: Slot | null }) {
    if (next.serviceId !== undefined) {
      setServiceId(next.serviceId);
      setResourceId(null);
    }
    if (next.resourceId !== undefined) setResourceId(next.resourceId);
    setSlot(next.slot ?? null);
    idempotencyKey.current = newMutationId();
    form.reset();
  }

  const form = useFormSubmit({
    schema: bookingSchema,
    fields: FIELDS,
    send: (data) =>
      bookAppointment(
        { service: data.service, start: data.start, notes: data.notes, ...(resourceId ? { resource: resourceId } : {}) },
        idempotencyKey.current,
      ),
    onSuccess: (appointment) => {
      setBooked(appointment);
      void client.invalidateQueries({ queryKey: bookingKeys.mine });
      void client.invalidateQueries({ queryKey: ['availability'] });
    },
    onRefused: (error) => {
      if (!(error instanceof ApiError)) return undefined;
      if (error.code === 'slot_unavailable') {
        setSlot(null);
        void client.invalidateQueries({ queryKey: ['availability'] });
        return { fields: { start: 'That time was just taken. Please pick another one.' } };
      }
      if (error.code === 'customer_overlap') {
        setSlot(null);
        return { fields: { start: 'You already have an appointment at that time. Please pick another one.' } };
      }
      if (error.code === 'outside_business_hours') return { fields: { start: error.message } };
      return undefined;
    },
  });
  const { errors: fieldErrors, message: formError, busy } = form;
  const zone = business.data?.time_zone;

  if (business.isPending) return <Loading />;
  if (business.isError) return <ErrorBox error={business.error} onRetry={() => void business.refetch()} />;
  const biz = business.data;

  if (booked) {
    return (
      <section className="panel confirmation" data-testid="booking-confirmation" aria-live="polite">
        <h2>Request received</h2>
        <p>
          <strong>{booked.service.name}</strong> on {slotText(booked, biz)}
          {booked.resource ? ` with ${booked.resource.name}` : ''}.
        </p>
        <p>
          Status: <StatusPill status={booked.status} />{' '}
          {booked.status === 'pending' ? 'We will confirm it shortly; you can follow it under My appointments.' : null}
        </p>
        <div className="actions">
          <Link className="button primary" href="/my-appointments">
            My appointments
          </Link>
          <a className="button" href={calendarFileUrl(booked.id)} download={`appointment-${booked.id}.ics`} data-testid="booked-ics">
            Add to calendar
          </a>
          <button
            type="button"
            onClick={() => {
              setBooked(null);
              setNotes('');
              choose({ slot: null });
            }}
          >
            Book another
          </button>
        </div>
      </section>
    );
  }

  return (
    <form
      onSubmit={form.onSubmit({
        service: serviceId ?? 0,
        date: slot && zone ? dateInZone(slot.start, zone) : '',
        start: slot?.start ?? '',
        notes,
      })}
      noValidate
      className="booking"
      aria-label="Book an appointment"
    >
      <fieldset className="panel">
        <legend>1. Service</legend>
        {services.isPending ? (
          <Loading label="Loading services…" />
        ) : services.isError ? (
          <ErrorBox error={services.error} onRetry={() => void services.refetch()} />
        ) : services.data.length === 0 ? (
          <Empty>No services can be booked right now.</Empty>
        ) : (
          <div className="choices" role="radiogroup" aria-label="Service">
            {services.data.map((s) => (
              <label key={s.id} className={`choice${s.id === serviceId ? ' selected' : ''}`} data-testid={`service-${s.id}`}>
                <input
                  type="radio"
                  name="service"
                  value={s.id}
                  checked={s.id === serviceId}
                  onChange={() => choose({ serviceId: s.id })}
                />
                <span className="choice-title">{s.name}</span>
                <span className="muted" data-testid={`service-price-${s.id}`}>
                  {s.duration_minutes} min · {servicePrice(s, biz)}
                </span>
              </label>
            ))}
          </div>
        )}
        {fieldErrors.service ? (
          <small className="field-error" role="alert" data-testid="error-service">
            {fieldErrors.service}
          </small>
        ) : null}
      </fieldset>

      <fieldset className="panel" disabled={serviceId === null}>
        <legend>2. Day and time</legend>
        {service === null ? (
          <p className="muted">Choose a service first.</p>
        ) : (
          <>
            <ResourceSelect
              id="resource"
              resources={candidates}
              value={resourceId}
              onChange={(id) => choose({ resourceId: id })}
            />
            <SlotPicker
              key={`${service.id}-${resourceId ?? 'any'}`}
              serviceId={service.id}
              serviceName={service.name}
              resourceId={resourceId}
              business={biz}
              value={slot}
              onChange={(next) => choose({ slot: next })}
              error={fieldErrors.start ?? fieldErrors.date}
            />
          </>
        )}
      </fieldset>

      <fieldset className="panel" disabled={!slot}>
        <legend>3. Confirm</legend>
        {slot && service ? (
          <p data-testid="booking-summary">
            <strong>{service.name}</strong>, {slotText(slot, biz)}
            {resourceId ? ` with ${candidates.find((r) => r.id === resourceId)?.name ?? ''}` : ''} ·{' '}
            {servicePrice(service, biz)}
          </p>
        ) : (
          <p className="muted">Pick a free time above.</p>
        )}
        <Field label="Notes (optional)" name="notes" error={fieldErrors.notes}>
          <textarea
            id="notes"
            rows={3}
            value={notes}
            onChange={(e) => setNotes(e.target.value)}
            aria-invalid={!!fieldErrors.notes}
          />
        </Field>
        <FormError message={formError} />
        <button type="submit" className="primary" disabled={busy || !slot} data-testid="book-submit">
          {busy ? 'Booking…' : 'Book'}
        </button>
      </fieldset>
    </form>
  );
}
