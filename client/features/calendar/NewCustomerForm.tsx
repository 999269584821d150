// A walk-in or phone customer: name plus email or phone. Not a <form> of its
// own, as it sits inside the booking form.
import { useState } from 'react';
import { ApiError } from '@/lib/api';
import type { Customer } from '@/lib/types';
import { Field, FormError } from '@/components/Form';
import { useFormSubmit } from '@/components/useFormSubmit';
import { createCustomer } from './api';
import { newCustomerSchema } from './schemas';
import styles from './calendar.module.css';

function isCustomer(value: unknown): value is Customer {
  return !!value && typeof value === 'object' && 'id' in value && 'name' in value;
}

export function NewCustomerForm({ onCreated, onCancel }: { onCreated: (c: Customer) => void; onCancel: () => void }) {
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [phone, setPhone] = useState('');
  const form = useFormSubmit({
    schema: newCustomerSchema,
    fields: ['name', 'email', 'phone'],
    send: createCustomer,
    onSuccess: onCreated,
  });
  const { errors, message, refusal } = form;
  // The email belongs to a customer already: offer booking for them.
  const existing =
    refusal instanceof ApiError && refusal.code === 'email_taken' && isCustomer(refusal.current) ? refusal.current : null;
  const add = () => void form.submit({ name, email, phone });

  return (
    <fieldset
      className={styles.newCustomer}
      data-testid="new-customer"
      onKeyDown={(e) => {
        // Enter adds the customer rather than submitting the booking around it.
        if (e.key === 'Enter' && e.target instanceof HTMLInputElement) {
          e.preventDefault();
          add();
        }
      }}
    >
      <legend>New customer</legend>
      <Field label="Name" name="new-name" error={errors.name}>
        <input id="new-name" value={name} onChange={(e) => setName(e.target.value)} aria-invalid={!!errors.name} autoComplete="off" />
      </Field>
      <Field label="Email" name="new-email" error={errors.email} hint="Lets them claim an account later.">
        <input id="new-email" type="email" value={email} onChange={(e) => setEmail(e.target.value)} aria-invalid={!!errors.email} autoComplete="off" />
      </Field>
      <Field label="Phone" name="new-phone" error={errors.phone}>
        <input id="new-phone" type="tel" value={phone} onChange={(e) => setPhone(e.target.value)} aria-invalid={!!errors.phone} autoComplete="off" />
      </Field>
      <FormError message={message} testId="new-customer-error" />
      {existing ? (
        <p>
          <button type="button" className="link" onClick={() => onCreated(existing)}>
            Book for {existing.name} instead
          </button>
        </p>
      ) : null}
      <div className="actions">
        <button type="button" className="primary" onClick={add} disabled={form.busy} data-testid="add-customer">
          Add customer
        </button>
        <button type="button" onClick={onCancel}>
          Search instead
        </button>
      </div>
    </fieldset>
  );
}
