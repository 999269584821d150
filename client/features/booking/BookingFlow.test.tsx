// The customer's booking flow, rendered whole against a fake API: service -> day ->
// time -> book, and what the customer sees when the time was taken meanwhile.
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, render, screen } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Resource, Service } from '@/lib/types';
import { appointment } from '@/test/fixtures';
import { BookingFlow } from './BookingFlow';

const ZONE = 'Europe/London';
const SERVICES: Service[] = [
  { id: 1, name: 'Haircut', duration_minutes: 30, price: '25.00', adjustable_duration: false, active: true, resource_ids: [] },
];
const RESOURCES: Resource[] = [{ id: 1, name: 'Chair 1', kind: 'place' }];
const MONDAY = '2026-12-07';
const slot = (time: string) => ({
  start: `${MONDAY}T${time}:00Z`,
  end: `${MONDAY}T${time.replace(':00', ':30')}:00Z`,
  resource_ids: [1],
});

interface Call {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: unknown;
}

/** Answers the booking page's requests like the server would; a booking answers `bookings` in turn. */
function fakeApi(bookings: Array<{ status: number; body: unknown }>) {
  const calls: Call[] = [];
  const json = (status: number, body: unknown) =>
    new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
  const fetchFake = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = new URL(String(input), 'http://desk.test');
    const method = (init.method ?? 'GET').toUpperCase();
    calls.push({
      method,
      path: url.pathname + url.search,
      headers: Object.fromEntries(new Headers(init.headers).entries()),
      body: init.body ? JSON.parse(String(init.body)) : undefined,
    });
    switch (`${method} ${url.pathname}`) {
      case 'GET /api/auth/csrf':
        return json(200, { csrf_token: 'token' });
      case 'GET /api/business':
        return json(200, {
          name: 'Front desk', time_zone: ZONE, currency: 'GBP', locale: 'en-GB',
          slot_minutes: 30, cancellation_notice_hours: 24, reminder_hours: 24,
        });
      case 'GET /api/services':
        return json(200, SERVICES);
      case 'GET /api/resources':
        return json(200, RESOURCES);
      case 'GET /api/availability/next':
        return json(200, slot('10:00'));
      case 'GET /api/availability/days': {
        const days = Array.from({ length: 31 }, (_, i) => {
          const date = `2026-12-${String(i + 1).padStart(2, '0')}`;
          return { date, open: true, available: date >= '2026-12-03' };
        });
        return json(200, { month: '2026-12', service: 1, days });
      }
      case 'GET /api/availability':
        return json(200, { date: MONDAY, service: 1, slots: [slot('10:00'), slot('11:00')] });
      case 'POST /api/appointments': {
        const next = bookings.shift()!;
        return json(next.status, next.body);
      }
      default:
        return json(404, { error: { code: 'not_found', message: `no fake for ${method} ${url.pathname}` } });
    }
  });
  return { calls, fetchFake };
}

function renderFlow(): void {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const wrapper = ({ children }: { children: ReactNode }) => <QueryClientProvider client={client}>{children}</QueryClientProvider>;
  render(<BookingFlow />, { wrapper });
}

beforeEach(() => {
  // The calendar opens on the current month: make that December 2026.
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-12-02T09:00:00Z'));
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

async function pickMondayAt(time: string): Promise<void> {
  fireEvent.click(await screen.findByTestId(`day-${MONDAY}`));
  fireEvent.click(await screen.findByTestId(`slot-${time}`));
}

describe('BookingFlow', () => {
  it('books a chosen time once, and offers another time when that one was just taken', async () => {
    const booked = appointment(9, slot('11:00').start, { status: 'pending' });
    const { calls, fetchFake } = fakeApi([
      { status: 409, body: { error: { code: 'slot_unavailable', message: 'That slot is no longer free.' } } },
      { status: 201, body: booked },
    ]);
    vi.stubGlobal('fetch', fetchFake);
    renderFlow();

    expect(((await screen.findByTestId('book-submit')) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(await screen.findByLabelText(/Haircut/));
    await pickMondayAt('10:00');
    expect(screen.getByTestId('booking-summary').textContent).toContain('Haircut');
    fireEvent.click(screen.getByTestId('book-submit'));

    // Taken meanwhile: the customer is told, the time is cleared, nothing is booked.
    expect((await screen.findByTestId('error-start')).textContent).toMatch(/just taken/);
    expect(screen.queryByTestId('booking-summary')).toBeNull();

    await pickMondayAt('11:00');
    fireEvent.click(screen.getByTestId('book-submit'));
    expect((await screen.findByTestId('booking-confirmation')).textContent).toContain('Request received');

    const posts = calls.filter((c) => c.method === 'POST');
    expect(posts.map((c) => c.body)).toEqual([
      { service: 1, start: slot('10:00').start, notes: '' },
      { service: 1, start: slot('11:00').start, notes: '' },
    ]);
    // Each attempt at a new time is a new request: a retry of the first could not book the second.
    const keys = posts.map((c) => c.headers['idempotency-key']);
    expect(keys[0]).toBeTruthy();
    expect(keys[0]).not.toBe(keys[1]);
    expect(posts.every((c) => c.headers['x-csrftoken'] === 'token')).toBe(true);
  });

  it('does not send a booking without a time', async () => {
    const { calls, fetchFake } = fakeApi([]);
    vi.stubGlobal('fetch', fetchFake);
    renderFlow();
    fireEvent.click(await screen.findByLabelText(/Haircut/));
    await screen.findByTestId(`day-${MONDAY}`);
    fireEvent.submit(screen.getByRole('form', { name: 'Book an appointment' }));
    // The form says what is missing instead of sending anything.
    expect((await screen.findByTestId('error-start')).textContent).not.toBe('');
    expect(calls.filter((c) => c.method === 'POST')).toEqual([]);
  });
});
