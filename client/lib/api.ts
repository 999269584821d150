// REST client: JSON in and out, session cookie (credentials: 'include') and
// Django CSRF (GET /api/auth/csrf, then X-CSRFToken on unsafe requests).
import { env } from './env';
import type { ApiErrorBody } from './types';

export class ApiError extends Error {
  readonly code: string;
  readonly status: number;
  readonly fields: Record<string, string[]>;
  readonly current: unknown;

  constructor(status: number, body: ApiErrorBody) {
    super(body.message || body.code);
    this.name = 'ApiError';
    this.status = status;
    this.code = body.code;
    this.fields = body.fields ?? {};
    this.current = body.current;
  }
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

// The token from the last /api/auth/csrf answer. The csrftoken cookie wins when it
// is readable (same origin); in `next dev` against another origin it is not.
let csrfFromBody: string | null = null;
let csrfRequest: Promise<string> | null = null;

function readCookie(name: string): string | null {
  if (typeof document === 'undefined') return null;
  for (const part of document.cookie.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return null;
}

async function csrfToken(): Promise<string> {
  const cookie = readCookie('csrftoken');
  if (cookie) return cookie;
  if (csrfFromBody) return csrfFromBody;
  csrfRequest ??= fetch(`${env.apiUrl}/api/auth/csrf`, { credentials: 'include' })
    .then(async (res) => {
      const body = (await res.json().catch(() => ({}))) as { csrf_token?: string };
      csrfFromBody = body.csrf_token ?? null;
      return readCookie('csrftoken') ?? csrfFromBody ?? '';
    })
    .finally(() => {
      csrfRequest = null;
    });
  return csrfRequest;
}

/** Login and logout rotate Django's CSRF token. */
export function forgetCsrfToken(): void {
  csrfFromBody = null;
}

export interface RequestOptions {
  idempotencyKey?: string;
  signal?: AbortSignal;
}

async function parseError(res: Response): Promise<ApiError> {
  const body = (await res.json().catch(() => null)) as { error?: ApiErrorBody } | null;
  return new ApiError(
    res.status,
    body?.error ?? { code: res.status >= 500 ? 'server_error' : 'http_error', message: `Request failed (${res.status})` },
  );
}

export async function request<T>(method: string, path: string, body?: unknown, options: RequestOptions = {}): Promise<T> {
  const send = async (): Promise<Response> => {
    const headers: Record<string, string> = { Accept: 'application/json' };
    // A FormData body (a file upload) sets its own multipart Content-Type with the boundary.
    const form = typeof FormData !== 'undefined' && body instanceof FormData;
    if (body !== undefined && !form) headers['Content-Type'] = 'application/json';
    if (UNSAFE.has(method)) headers['X-CSRFToken'] = await csrfToken();
    if (options.idempotencyKey) headers['Idempotency-Key'] = options.idempotencyKey;
    return fetch(`${env.apiUrl}${path}`, {
      method,
      headers,
      credentials: 'include',
      body: body === undefined ? undefined : form ? (body as FormData) : JSON.stringify(body),
      signal: options.signal,
    });
  };

  let res: Response;
  try {
    res = await send();
    // A 403 on an unsafe request may be a rotated/missing CSRF token: refresh once.
    if (res.status === 403 && UNSAFE.has(method)) {
      const err = await parseError(res.clone());
      if (err.code !== 'forbidden' || /csrf/i.test(err.message)) {
        forgetCsrfToken();
        res = await send();
      }
    }
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw new ApiError(0, { code: 'network_error', message: 'Cannot reach the server. Check your connection.' });
  }
  if (!res.ok) throw await parseError(res);
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export const api = {
  get: <T>(path: string, options?: RequestOptions) => request<T>('GET', path, undefined, options),
  post: <T>(path: string, body?: unknown, options?: RequestOptions) => request<T>('POST', path, body ?? {}, options),
  /** multipart/form-data, e.g. a file upload; CSRF and errors as for every other call. */
  postForm: <T>(path: string, form: FormData, options?: RequestOptions) => request<T>('POST', path, form, options),
  patch: <T>(path: string, body: unknown, options?: RequestOptions) => request<T>('PATCH', path, body, options),
  delete: <T>(path: string, options?: RequestOptions) => request<T>('DELETE', path, undefined, options),
};

/**
 * Splits an error for a form: messages for the fields the form shows, and one
 * message for everything else (the error itself and fields the form lacks).
 */
export function errorFields(
  error: unknown,
  knownFields: readonly string[] = [],
): { fields: Record<string, string>; message: string | null } {
  if (!error) return { fields: {}, message: null };
  if (!(error instanceof ApiError)) return { fields: {}, message: error instanceof Error ? error.message : String(error) };
  const fields: Record<string, string> = {};
  const other: string[] = [];
  for (const [key, messages] of Object.entries(error.fields)) {
    if (knownFields.includes(key)) fields[key] = messages.join(' ');
    else other.push(key === 'non_field_errors' || key === '__all__' ? messages.join(' ') : `${key}: ${messages.join(' ')}`);
  }
  const message = [error.message, ...other].filter(Boolean).join(' ');
  return { fields, message: message || null };
}

export function newMutationId(): string {
  if (typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  return `m-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}
