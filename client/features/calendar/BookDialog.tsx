// Booking from an empty slot: who (search or a new walk-in/phone customer),
// which service, and the lane's resource and the slot's time prefilled.
// Staff bookings are confirmed at once; the server's field errors show next
// to their fields.
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { Appointment, Customer, Resource } from '@/lib/types';
import { Dialog } from '@/components/Dialog';
import { Field, FormError } from '@/components/Form';
import { useFormSubmit } from '@/components/useFormSubmit';
import { bookAppointment, calendarKeys, fetchServices } from './api';
import { CustomerPicker } from './CustomerPicker';
import { NewCustomerForm } from './NewCustomerForm';
import { slotBookingSchema } from './schemas';
import { dayLabel, hhmm, instantOf, parseHHMM } from './time';

const FIELDS = ['customer', 'service', 'start', 'resource', 'notes'] as const;

export function BookDialog({
  date,
  minutes,
  resourceId,
  resources,
  timeZone,
  locale,
  slot,
  onBooked,
  onClose,
}: {
  date: string;
  minutes: number;
  resourceId: number;
  resources: Resource[];
  timeZone: string;
  locale: string;
  slot: number;
  onBooked: (a: Appointment) => void;
  onClose: () => void;
}) {
  const services = useQuery({ queryKey: calendarKeys.services, queryFn: fetchServices, staleTime: 5 * 60_000 });
  const [customer, setCustomer] = useState<Customer | null>(null);
  const [creating, setCreating] = useState(false);
  const [serviceId, setServiceId] = useState('');
  const [resource, setResource] = useState(String(resourceId));
  const [day, setDay] = useState(date);
  const [time, setTime] = useState(hhmm(minutes));
  const [notes, setNotes] = useState('');
  const form = useFormSubmit({
    schema: slotBookingSchema(creating),
    fields: FIELDS,
    send: (data) =>
      bookAppointment({
        customer: data.customer,
        service: data.service,
        start: instantOf(data.start.date, parseHHMM(data.start.time), timeZone),
        resource: data.resource,
        ...(data.notes ? { notes: data.notes } : {}),
      }),
    onSuccess: onBooked,
  });
  const { errors, message, busy } = form;

  const offered = (services.data ?? []).filter(
    (s) => s.active && (s.resource_ids.length === 0 || s.resource_ids.includes(Number(resource))),
  );

  return (
    <Dialog title={`Book ${resources.find((r) => String(r.id) === resource)?.name ?? ''}, ${dayLabel(day, locale)} ${time}`} onClose={onClose} testId="book-dialog">
      <form
        onSubmit={form.onSubmit({
          customer: customer?.id ?? 0,
          service: Number(serviceId),
          start: { date: day, time },
          resource: Number(resource),
          notes,
        })}
        noValidate
      >
        {creating && !customer ? (
          <>
            <NewCustomerForm
              onCreated={(c) => {
                setCustomer(c);
                setCreating(false);
              }}
              onCancel={() => setCreating(false)}
            />
            <FormError message={errors.customer} testId="error-customer" />
          </>
        ) : (
          <Field label="Customer" name="customer-search" error={errors.customer}>
            <CustomerPicker value={customer} onChange={setCustomer} error={errors.customer} />
            {!customer ? (
              <button type="button" className="link" style={{ alignSelf: 'flex-start' }} onClick={() => setCreating(true)} data-testid="new-customer-toggle">
                + New customer (walk-in or phone)
              </button>
            ) : null}
          </Field>
        )}
        <Field label="Service" name="service" error={errors.service}>
          <select id="service" value={serviceId} onChange={(e) => setServiceId(e.target.value)} aria-invalid={!!errors.service} data-testid="book-service">
            <option value="">{services.isPending ? 'Loading…' : 'Choose…'}</option>
            {offered.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name} ({s.duration_minutes} min)
              </option>
            ))}
          </select>
        </Field>
        <Field label="With" name="resource" error={errors.resource}>
          <select id="resource" value={resource} onChange={(e) => setResource(e.target.value)} aria-invalid={!!errors.resource}>
            {resources.map((r) => (
              <option key={r.id} value={r.id}>
                {r.name}
              </option>
            ))}
          </select>
        </Field>
        <div className="two">
          <Field label="Date" name="book-date" error={errors.start}>
            <input id="book-date" type="date" value={day} onChange={(e) => setDay(e.target.value)} aria-invalid={!!errors.start} />
          </Field>
          <Field label={`Time (${timeZone})`} name="book-time">
            <input id="book-time" type="time" step={slot * 60} value={time} onChange={(e) => setTime(e.target.value)} />
          </Field>
        </div>
        <Field label="Notes (optional)" name="book-notes" error={errors.notes}>
          <textarea id="book-notes" rows={2} value={notes} onChange={(e) => setNotes(e.target.value)} />
        </Field>
        <FormError message={message} testId="book-error" />
        <div className="actions">
          <button type="submit" className="primary" disabled={busy} data-testid="book-submit">
            Book
          </button>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </Dialog>
  );
}
