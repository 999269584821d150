import { useState, type FormEvent } from 'react';
import { errorFields } from '@/lib/api';
import type { User } from '@/lib/types';
import { Field, FormError, issuesToFields } from '@/components/Form';
import { loginSchema } from './schemas';
import { useLogin } from './useLogin';

const FIELDS = ['email', 'password'] as const;

export function LoginForm({ onLoggedIn }: { onLoggedIn: (user: User) => void }) {
  const login = useLogin();
  const [values, setValues] = useState({ email: '', password: '' });
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setFormError(null);
    const parsed = loginSchema.safeParse(values);
    if (!parsed.success) {
      setFieldErrors(issuesToFields(parsed.error.issues));
      return;
    }
    setFieldErrors({});
    setBusy(true);
    try {
      onLoggedIn(await login(parsed.data.email, parsed.data.password));
    } catch (error) {
      const { fields, message } = errorFields(error, FIELDS);
      setFieldErrors(fields);
      setFormError(message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate className="card-form" aria-label="Log in">
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
