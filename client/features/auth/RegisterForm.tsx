import { useState } from 'react';
import { api, ApiError } from '@/lib/api';
import type { User } from '@/lib/types';
import { Field, FormError } from '@/components/Form';
import { useFormSubmit } from '@/components/useFormSubmit';
import { registerSchema, type RegisterInput } from './schemas';
import { useLogin } from './useLogin';

const FIELDS = ['name', 'email', 'phone', 'password'] as const;

/** Registers a customer and logs them straight in. */
export function RegisterForm({ onRegistered }: { onRegistered: (user: User) => void }) {
  const login = useLogin();
  const [values, setValues] = useState<RegisterInput>({ name: '', email: '', phone: '', password: '' });
  const form = useFormSubmit({
    schema: registerSchema,
    fields: FIELDS,
    send: async (data) => {
      await api.post('/api/auth/register', data);
      try {
        return await login(data.email, data.password);
      } catch (error) {
        // The API answers alike for new and known emails, so the login tells.
        if (error instanceof ApiError && error.code === 'invalid_credentials') {
          throw new Error('This email may already have an account. Log in instead, or use another email.');
        }
        throw error;
      }
    },
    onSuccess: onRegistered,
  });
  const { errors: fieldErrors, message: formError, busy } = form;

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
    <form onSubmit={form.onSubmit(values)} noValidate className="card-form" aria-label="Register">
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
