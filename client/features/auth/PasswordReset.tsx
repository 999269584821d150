// "Forgot password" (ask for a link) and the page the emailed link opens.
import Link from 'next/link';
import { useState, type FormEvent } from 'react';
import { api, errorFields } from '@/lib/api';
import { Field, FormError, issuesToFields } from '@/components/Form';
import { resetConfirmSchema, resetRequestSchema } from './schemas';

export function ResetRequestForm() {
  const [email, setEmail] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [sent, setSent] = useState(false);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setMessage(null);
    const parsed = resetRequestSchema.safeParse({ email });
    if (!parsed.success) return setErrors(issuesToFields(parsed.error.issues));
    setErrors({});
    setBusy(true);
    try {
      await api.post('/api/auth/password-reset', parsed.data);
      setSent(true);
    } catch (error) {
      const split = errorFields(error, ['email']);
      setErrors(split.fields);
      setMessage(split.message);
    } finally {
      setBusy(false);
    }
  }

  if (sent) {
    return (
      <p className="notice" role="status">
        If an account uses {email}, we have emailed it a link to choose a new password.
      </p>
    );
  }
  return (
    <form onSubmit={submit} noValidate className="card-form" aria-label="Reset password">
      <Field label="Email" name="email" error={errors.email}>
        <input id="email" type="email" autoComplete="email" value={email} onChange={(e) => setEmail(e.target.value)} />
      </Field>
      <FormError message={message} />
      <button type="submit" className="primary" disabled={busy}>
        Email me a link
      </button>
    </form>
  );
}

export function ResetConfirmForm({ uid, token }: { uid: string; token: string }) {
  const [values, setValues] = useState({ new_password: '', repeat: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setMessage(null);
    const parsed = resetConfirmSchema.safeParse(values);
    if (!parsed.success) return setErrors(issuesToFields(parsed.error.issues));
    setErrors({});
    setBusy(true);
    try {
      await api.post('/api/auth/password-reset/confirm', { uid, token, new_password: parsed.data.new_password });
      setDone(true);
    } catch (error) {
      const split = errorFields(error, ['new_password']);
      setErrors(split.fields);
      setMessage(split.message);
    } finally {
      setBusy(false);
    }
  }

  if (done) {
    return (
      <p className="notice" role="status">
        Your password is changed. <Link href="/login">Log in</Link>
      </p>
    );
  }
  return (
    <form onSubmit={submit} noValidate className="card-form" aria-label="Choose a new password">
      <Field label="New password" name="new_password" error={errors.new_password} hint="At least 8 characters.">
        <input
          id="new_password"
          type="password"
          autoComplete="new-password"
          value={values.new_password}
          onChange={(e) => setValues({ ...values, new_password: e.target.value })}
        />
      </Field>
      <Field label="Repeat it" name="repeat" error={errors.repeat}>
        <input
          id="repeat"
          type="password"
          autoComplete="new-password"
          value={values.repeat}
          onChange={(e) => setValues({ ...values, repeat: e.target.value })}
        />
      </Field>
      <FormError message={message} />
      <button type="submit" className="primary" disabled={busy}>
        Set password
      </button>
    </form>
  );
}
