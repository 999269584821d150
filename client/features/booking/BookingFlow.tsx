// Customer booking: service -> day -> free slot -> confirm -> confirmation.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useMemo, useRef, useState, type FormEvent } from 'react';
import { ApiError, errorFields, newMutationId } from '@/lib/api';
import { formatDate, formatDateTime, formatPrice, formatTime, todayISO } from '@/lib/format';
import type { Appointment, Slot } from '@/lib/types';
import { Field, FormError, issuesToFields } from '@/components/Form';
import { Empty, ErrorBox, Loading } from '@/components/States';
import { StatusPill } from '@/components/StatusPill';
import { bookAppointment, bookingKeys, fetchAvailability, fetchServices } from './api';
import { bookingSchema } from './schemas';

const FIELDS = ['service', 'date', 'start', 'notes'] as const;

export function BookingFlow() {
  const client = useQueryClient();
  const [serviceId, setServiceId] = useState<number | null>(null);
  const [date, setDate] = useState(todayISO());
  const [slot, setSlot] = useState<Slot | null>(null);
  const [notes, setNotes] = useState('');
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [booked, setBooked] = useState<Appointment | null>(null);
  // One key per chosen slot, so a retried request cannot book twice.
  const idempotencyKey = useRef(newMutationId());

  const services = useQuery({ queryKey: bookingKeys.services, queryFn: fetchServices });
  const dateValid = /^\d{4}-\d{2}-\d{2}$/.test(date);
  const availability = useQuery({
    queryKey: bookingKeys.availability(serviceId ?? 0, date),
    queryFn: ({ signal }) => fetchAvailability(serviceId!, date, signal),
    enabled: serviceId !== null && dateValid,
  });
  const service = useMemo(() => services.data?.find((s) => s.id === serviceId) ?? null, [services.data, serviceId]);

  function choose(next: { serviceId?: number; date?: string; slot?: Slot | null }) {
    if (next.serviceId !== undefined) setServiceId(next.serviceId);
    if (next.date !== undefined) setDate(next.date);
    setSlot(next.slot ?? null);
    idempotencyKey.current = newMutationId();
    setFieldErrors({});
    setFormError(null);
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    setFormError(null);
    const parsed = bookingSchema.safeParse({ service: serviceId ?? 0, date, start: slot?.start ?? '', notes });
    if (!parsed.success) {
      setFieldErrors(issuesToFields(parsed.error.issues));
      return;
    }
    setFieldErrors({});
    setBusy(true);
    try {
      const appointment = await bookAppointment(
        { service: parsed.data.service, start: parsed.data.start, notes: parsed.data.notes },
        idempotencyKey.current,
      );
      setBooked(appointment);
      void client.invalidateQueries({ queryKey: bookingKeys.mine });
    } catch (error) {
      if (error instanceof ApiError && error.code === 'slot_unavailable') {
        setSlot(null);
        setFieldErrors({ start: 'That time was just taken. Please pick another one.' });
        void availability.refetch();
      } else if (error instanceof ApiError && error.code === 'outside_business_hours') {
        setFieldErrors({ date: error.message });
      } else {
        const { fields, message } = errorFields(error, FIELDS);
        setFieldErrors(fields);
        setFormError(message);
      }
    } finally {
      setBusy(false);
    }
  }

  if (booked) {
    return (
      <section className="panel confirmation" data-testid="booking-confirmation" aria-live="polite">
        <h2>Request received</h2>
        <p>
          <strong>{booked.service.name}</strong> on {formatDateTime(booked.start)}–{formatTime(booked.end)}
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
    <form onSubmit={submit} noValidate className="booking" aria-label="Book an appointment">
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
                <span className="muted">
                  {s.duration_minutes} min{formatPrice(s.price) ? ` · ${formatPrice(s.price)}` : ''}
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
        <Field label="Day" name="date" error={fieldErrors.date}>
          <input
            id="date"
            type="date"
            value={date}
            min={todayISO()}
            onChange={(e) => choose({ date: e.target.value })}
            data-testid="booking-date"
            aria-invalid={!!fieldErrors.date}
          />
        </Field>
        {serviceId === null ? (
          <p className="muted">Choose a service first.</p>
        ) : !dateValid ? (
          <p className="muted">Choose a day.</p>
        ) : availability.isPending ? (
          <Loading label="Finding free times…" />
        ) : availability.isError ? (
          <div className="field-error" role="alert" data-testid="error-availability">
            {errorFields(availability.error).message}
          </div>
        ) : availability.data.slots.length === 0 ? (
          <Empty>
            No free times for {service?.name ?? 'this service'} on {formatDate(date)}. Try another day.
          </Empty>
        ) : (
          <div className="slots" role="group" aria-label="Free times">
            {availability.data.slots.map((s) => (
              <button
                key={s.start}
                type="button"
                className={`slot${slot?.start === s.start ? ' selected' : ''}`}
                aria-pressed={slot?.start === s.start}
                onClick={() => choose({ slot: s })}
                data-testid={`slot-${formatTime(s.start)}`}
              >
                {formatTime(s.start)}
              </button>
            ))}
          </div>
        )}
        {fieldErrors.start ? (
          <small className="field-error" role="alert" data-testid="error-start">
            {fieldErrors.start}
          </small>
        ) : null}
      </fieldset>

      <fieldset className="panel" disabled={!slot}>
        <legend>3. Confirm</legend>
        {slot && service ? (
          <p data-testid="booking-summary">
            <strong>{service.name}</strong>, {formatDate(slot.start)} at {formatTime(slot.start)}–{formatTime(slot.end)}
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
