// "Forgot password" (ask for a link) and the page the emailed link opens.
import Link from 'next/link';
import { useState } from 'react';
import { api } from '@/lib/api';
import { Field, FormError } from '@/components/Form';
import { useFormSubmit } from '@/components/useFormSubmit';
import { resetConfirmSchema, resetRequestSchema } from './schemas';

export function ResetRequestForm() {
  const [email, setEmail] = useState('');
  const [sent, setSent] = useState(false);
  const form = useFormSubmit({
    schema: resetRequestSchema,
    fields: ['email'],
    send: (data) => api.post('/api/auth/password-reset', data),
    onSuccess: () => setSent(true),
  });
  const { errors, message, busy } = form;

  if (sent) {
    return (
      <p className="notice" role="status">
        If an account uses {email}, we have emailed it a link to choose a new password.
      </p>
    );
  }
  return (
    <form onSubmit={form.onSubmit({ email })} noValidate className="card-form" aria-label="Reset password">
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
  const [done, setDone] = useState(false);
  const form = useFormSubmit({
    schema: resetConfirmSchema,
    fields: ['new_password'],
    send: (data) => api.post('/api/auth/password-reset/confirm', { uid, token, new_password: data.new_password }),
    onSuccess: () => setDone(true),
  });
  const { errors, message, busy } = form;

  if (done) {
    return (
      <p className="notice" role="status">
        Your password is changed. <Link href="/login">Log in</Link>
      </p>
    );
  }
  return (
    <form onSubmit={form.onSubmit(values)} noValidate className="card-form" aria-label="Choose a new password">
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
