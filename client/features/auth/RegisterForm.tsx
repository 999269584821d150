import { useState, type FormEvent } from 'react';
import { api, ApiError, errorFields } from '@/lib/api';
import type { User } from '@/lib/types';
import { Field, FormError, issuesToFields } from '@/components/Form';
import { registerSchema, type RegisterInput } from './schemas';
import { useLogin } from './useLogin';

const FIELDS = ['name', 'email', 'phone', 'password'] as const;

/** Registers a customer and logs them straight in. */
export function RegisterForm({ onRegistered }: { onRegistered: (user: User) => void }) {
  const login = useLogin();
  const [values, setValues] = useState<RegisterInput>({ name: '', email: '', phone: '', password: '' });
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setFormError(null);
    const parsed = registerSchema.safeParse(values);
    if (!parsed.success) {
      setFieldErrors(issuesToFields(parsed.error.issues));
      return;
    }
    setFieldErrors({});
    setBusy(true);
    try {
      await api.post('/api/auth/register', parsed.data);
      onRegistered(await login(parsed.data.email, parsed.data.password));
    } catch (error) {
      if (error instanceof ApiError && error.code === 'invalid_credentials') {
        // The API answers alike for new and known emails, so the login tells.
        setFieldErrors({});
        setFormError('This email may already have an account. Log in instead, or use another email.');
        return;
      }
      const { fields, message } = errorFields(error, FIELDS);
      setFieldErrors(fields);
      setFormError(message);
    } finally {
      setBusy(false);
    }
  }

  const input = (name: keyof RegisterInput, type: string, autoComplete: string) => (
    <input
      id={name}
      name={name}
      type={type}
      autoComplete={autoComplete}
      value={values[name]}
      onChange={(e) => setValues({ ...values, [name]: e.target.value })}
      aria-invalid={!!fieldErrors[name]}
    />
  );

  return (
    <form onSubmit={submit} noValidate className="card-form" aria-label="Register">
      <Field label="Name" name="name" error={fieldErrors.name}>
        {input('name', 'text', 'name')}
      </Field>
      <Field label="Email" name="email" error={fieldErrors.email}>
        {input('email', 'email', 'email')}
      </Field>
      <Field label="Phone (optional)" name="phone" error={fieldErrors.phone}>
        {input('phone', 'tel', 'tel')}
      </Field>
      <Field label="Password" name="password" error={fieldErrors.password} hint="At least 8 characters.">
        {input('password', 'password', 'new-password')}
      </Field>
      <FormError message={formError} />
      <button type="submit" className="primary" disabled={busy}>
        {busy ? 'Creating account…' : 'Create account'}
      </button>
    </form>
  );
}
