// Times from the API are ISO 8601 in the business time zone; showing their own
// wall-clock part keeps them in business time whatever the browser's zone is.
import type { AppointmentStatus } from './types';

export function formatTime(iso: string): string {
  const m = /T(\d{2}:\d{2})/.exec(iso);
  return m ? m[1]! : iso;
}

export function formatDate(isoDate: string): string {
  const day = isoDate.slice(0, 10);
  const d = new Date(`${day}T12:00:00Z`);
  if (Number.isNaN(d.getTime())) return isoDate;
  return d.toLocaleDateString(undefined, { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
}

export function formatDateTime(iso: string): string {
  return `${formatDate(iso)}, ${formatTime(iso)}`;
}

/** Today's date in the browser's zone as YYYY-MM-DD. */
export function todayISO(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** Minutes since midnight of the wall-clock time in an ISO string. */
export function minutesOfDay(iso: string): number {
  const m = /T(\d{2}):(\d{2})/.exec(iso);
  return m ? Number(m[1]) * 60 + Number(m[2]) : 0;
}

export const STATUS_TEXT: Record<AppointmentStatus, string> = {
  pending: 'Pending',
  confirmed: 'Confirmed',
  cancelled: 'Cancelled',
  completed: 'Completed',
  no_show: 'No-show',
};

export function formatPrice(price: string | number | null): string | null {
  if (price === null || price === '') return null;
  const n = typeof price === 'number' ? price : Number(price);
  return Number.isFinite(n) ? n.toFixed(2) : String(price);
}
