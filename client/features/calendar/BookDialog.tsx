// Booking from an empty slot: who (search or a new walk-in/phone customer),
// which service, and the lane's resource and the slot's time prefilled.
// Staff bookings are confirmed at once; the server's field errors show next
// to their fields.
import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { errorFields } from '@/lib/api';
import type { Appointment, Customer, Resource } from '@/lib/types';
import { Dialog } from '@/components/Dialog';
import { Field, FormError } from '@/components/Form';
import { bookAppointment, calendarKeys, fetchServices } from './api';
import { CustomerPicker } from './CustomerPicker';
import { NewCustomerForm } from './NewCustomerForm';
import { dayLabel, hhmm, instantOf, isValidDate, parseHHMM } from './time';

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
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const offered = (services.data ?? []).filter(
    (s) => s.active && (s.resource_ids.length === 0 || s.resource_ids.includes(Number(resource))),
  );

  async function submit(e: FormEvent) {
    e.preventDefault();
    const local: Record<string, string> = {};
    if (!customer) local.customer = creating ? 'Add the new customer first.' : 'Choose a customer, or add a new one.';
    if (!serviceId) local.service = 'Choose a service.';
    if (!isValidDate(day) || !/^\d{2}:\d{2}$/.test(time)) local.start = 'Enter a date and a time.';
    setErrors(local);
    setMessage(null);
    if (Object.keys(local).length) return;
    setBusy(true);
    try {
      const booked = await bookAppointment({
        customer: customer!.id,
        service: Number(serviceId),
        start: instantOf(day, parseHHMM(time), timeZone),
        resource: Number(resource),
        ...(notes.trim() ? { notes: notes.trim() } : {}),
      });
      onBooked(booked);
    } catch (error) {
      const { fields, message: m } = errorFields(error, FIELDS);
      setErrors(fields);
      setMessage(m);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog title={`Book ${resources.find((r) => String(r.id) === resource)?.name ?? ''}, ${dayLabel(day, locale)} ${time}`} onClose={onClose} testId="book-dialog">
      <form onSubmit={submit} noValidate>
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
