import { useState } from 'react';
import type { User } from '@/lib/types';
import { Field, FormError } from '@/components/Form';
import { useFormSubmit } from '@/components/useFormSubmit';
import { loginSchema } from './schemas';
import { useLogin } from './useLogin';

const FIELDS = ['email', 'password'] as const;

export function LoginForm({ onLoggedIn }: { onLoggedIn: (user: User) => void }) {
  const login = useLogin();
  const [values, setValues] = useState({ email: '', password: '' });
  const form = useFormSubmit({
    schema: loginSchema,
    fields: FIELDS,
    send: (data) => login(data.email, data.password),
    onSuccess: onLoggedIn,
  });
  const { errors: fieldErrors, message: formError, busy } = form;

  return (
    <form onSubmit={form.onSubmit(values)} noValidate className="card-form" aria-label="Log in">
      <Field label="Email" name="email" error={fieldErrors.email}>
        <input
          id="email"
          name="email"
          type="email"
          autoComplete="email"
          value={values.email}
          onChange={(e) => setValues({ ...values, email: e.target.value })}
          aria-invalid={!!fieldErrors.email}
        />
      </Field>
      <Field label="Password" name="password" error={fieldErrors.password}>
        <input
          id="password"
          name="password"
          type="password"
          autoComplete="current-password"
          value={values.password}
          onChange={(e) => setValues({ ...values, password: e.target.value })}
          aria-invalid={!!fieldErrors.password}
        />
      </Field>
      <FormError message={formError} />
      <button type="submit" className="primary" disabled={busy}>
        {busy ? 'Logging in…' : 'Log in'}
      </button>
    </form>
  );
}
