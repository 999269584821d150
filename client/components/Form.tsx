// Small form helpers: a labelled field with its error right under it, and a
// form-level error for messages that belong to no single field.
import type { ReactNode } from 'react';

export function Field({
  label,
  name,
  error,
  children,
  hint,
}: {
  label: string;
  name: string;
  error?: string | null;
  children: ReactNode;
  hint?: string;
}) {
  return (
    <div className={`field${error ? ' field-invalid' : ''}`}>
      <label htmlFor={name}>{label}</label>
      {children}
      {hint && !error ? <small className="hint">{hint}</small> : null}
      {error ? (
        <small className="field-error" id={`${name}-error`} role="alert" data-testid={`error-${name}`}>
          {error}
        </small>
      ) : null}
    </div>
  );
}

export function FormError({ message, testId = 'form-error' }: { message?: string | null; testId?: string }) {
  if (!message) return null;
  return (
    <p className="form-error" role="alert" data-testid={testId}>
      {message}
    </p>
  );
}

/** zod issues -> {field: message}, first message per field. */
export function issuesToFields(issues: readonly { path: readonly PropertyKey[]; message: string }[]): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of issues) {
    const key = String(issue.path[0] ?? 'form');
    fields[key] ??= issue.message;
  }
  return fields;
}
