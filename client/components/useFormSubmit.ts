// The one way a form submits: check the values with its zod schema (a message
// under each field at fault, nothing sent), send while `busy`, and split a
// refusal into messages under the fields the form shows and one message for
// the rest (errorFields). REST calls throw ApiError; a socket acknowledgement
// goes through `ackData` to be thrown the same way.
import { useState, type FormEvent } from 'react';
import type { z } from 'zod';
import { ApiError, errorFields } from '@/lib/api';
import type { Ack } from '@/lib/types';
import { issuesToFields } from './Form';

export interface FormSubmit<S extends z.ZodType, R> {
  /** Messages by field name (the schema's keys, or the server's). */
  errors: Record<string, string>;
  /** What belongs to no field the form shows. */
  message: string | null;
  /**
   * The error that refused the last submit (null again on the next submit and on reset),
   * for a form that reacts to what kind of refusal it was (a lost connection, once it is back;
   * an email address a customer has already, to book for them instead).
   */
  refusal: unknown;
  busy: boolean;
  /** Validates and sends; the answer, or undefined when refused (the messages say why). */
  submit: (values: z.input<S>) => Promise<R | undefined>;
  /** For `<form onSubmit>`: no page reload, then `submit(values)`. */
  onSubmit: (values: z.input<S>) => (e: FormEvent) => void;
  reset: () => void;
}

export function useFormSubmit<S extends z.ZodType, R>({
  schema,
  fields,
  send,
  onSuccess,
  onRefused,
}: {
  schema: S;
  /** The fields the form shows a message under; a server message about any other goes to `message`. */
  fields: readonly string[];
  send: (data: z.output<S>) => Promise<R>;
  onSuccess?: (result: R) => void;
  /**
   * A refusal the form words itself (and reacts to, e.g. clearing a taken time): the
   * messages to show, or undefined to show the server's as they come.
   */
  onRefused?: (error: unknown) => { fields?: Record<string, string>; message?: string | null } | undefined;
}): FormSubmit<S, R> {
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [refusal, setRefusal] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function submit(values: z.input<S>): Promise<R | undefined> {
    setMessage(null);
    setRefusal(null);
    const parsed = schema.safeParse(values);
    if (!parsed.success) {
      setErrors(issuesToFields(parsed.error.issues));
      return undefined;
    }
    setErrors({});
    setBusy(true);
    let result: R;
    try {
      result = await send(parsed.data);
    } catch (error) {
      const worded = onRefused?.(error);
      const split = worded ? { fields: worded.fields ?? {}, message: worded.message ?? null } : errorFields(error, fields);
      setErrors(split.fields);
      setMessage(split.message);
      setRefusal(error);
      return undefined;
    } finally {
      setBusy(false);
    }
    onSuccess?.(result);
    return result;
  }

  return {
    errors,
    message,
    refusal,
    busy,
    submit,
    onSubmit: (values) => (e) => {
      e.preventDefault();
      void submit(values);
    },
    reset: () => {
      setErrors({});
      setMessage(null);
      setRefusal(null);
    },
  };
}

/** A socket acknowledgement's data, or its error thrown as the ApiError a REST call would throw. */
export function ackData<T>(ack: Ack<T>): T {
  if (ack.ok) return ack.data;
  throw new ApiError(0, ack.error);
}
