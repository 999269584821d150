// A walk-in or phone customer: name plus email or phone. Not a <form> of its
// own, as it sits inside the booking form.
import { useState } from 'react';
import { ApiError, errorFields } from '@/lib/api';
import type { Customer } from '@/lib/types';
import { Field, FormError } from '@/components/Form';
import { createCustomer } from './api';
import styles from './calendar.module.css';

function isCustomer(value: unknown): value is Customer {
  return !!value && typeof value === 'object' && 'id' in value && 'name' in value;
}

export function NewCustomerForm({ onCreated, onCancel }: { onCreated: (c: Customer) => void; onCancel: () => void }) {
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [phone, setPhone] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [existing, setExisting] = useState<Customer | null>(null);
  const [busy, setBusy] = useState(false);

  async function add() {
    const local: Record<string, string> = {};
    if (!name.trim()) local.name = 'Enter the customer’s name.';
    if (!email.trim() && !phone.trim()) local.phone = 'Give an email address or a phone number.';
    setErrors(local);
    setMessage(null);
    setExisting(null);
    if (Object.keys(local).length) return;
    setBusy(true);
    try {
      onCreated(await createCustomer({ name: name.trim(), email: email.trim(), phone: phone.trim() }));
    } catch (error) {
      const { fields, message: m } = errorFields(error, ['name', 'email', 'phone']);
      setErrors(fields);
      setMessage(m);
      if (error instanceof ApiError && error.code === 'email_taken' && isCustomer(error.current)) setExisting(error.current);
    } finally {
      setBusy(false);
    }
  }

  return (
    <fieldset
      className={styles.newCustomer}
      data-testid="new-customer"
      onKeyDown={(e) => {
        // Enter adds the customer rather than submitting the booking around it.
        if (e.key === 'Enter' && e.target instanceof HTMLInputElement) {
          e.preventDefault();
          void add();
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
        <button type="button" className="primary" onClick={() => void add()} disabled={busy} data-testid="add-customer">
          Add customer
        </button>
        <button type="button" onClick={onCancel}>
          Search instead
        </button>
      </div>
    </fieldset>
  );
}
