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

// --- Time zones and money (customer booking) -------------------------------
// The helpers below never read the wall-clock part of an ISO string: they place
// the instant in an explicit IANA zone, so they are right whatever offset the
// server wrote (UTC or the business zone) and whatever the browser's zone is.

/** The browser's IANA time zone ("Europe/London"), or "UTC" when unknown. */
export function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

const partsCache = new Map<string, Intl.DateTimeFormat>();

function partsFormat(timeZone: string): Intl.DateTimeFormat {
  let format = partsCache.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    partsCache.set(timeZone, format);
  }
  return format;
}

/** An instant as the date (YYYY-MM-DD) and time (HH:MM, 24 h) on the clocks of `timeZone`. */
export function zonedParts(iso: string | Date, timeZone: string): { date: string; time: string } {
  const d = typeof iso === 'string' ? new Date(iso) : iso;
  if (Number.isNaN(d.getTime())) return { date: '', time: '' };
  const parts: Record<string, string> = {};
  for (const p of partsFormat(timeZone).formatToParts(d)) parts[p.type] = p.value;
  return { date: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}` };
}

/** "10:00" (24 h) on the clocks of `timeZone`. */
export function timeInZone(iso: string, timeZone: string): string {
  return zonedParts(iso, timeZone).time;
}

/** "YYYY-MM-DD" on the calendar of `timeZone`. */
export function dateInZone(iso: string | Date, timeZone: string): string {
  return zonedParts(iso, timeZone).date;
}

/** A calendar date (YYYY-MM-DD) as "Tue 8 Dec" (with the year when `withYear`). */
export function formatDay(isoDate: string, locale?: string, withYear = false): string {
  const d = new Date(`${isoDate.slice(0, 10)}T12:00:00Z`);
  if (Number.isNaN(d.getTime())) return isoDate;
  return d.toLocaleDateString(locale, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    ...(withYear ? { year: 'numeric' } : {}),
    timeZone: 'UTC',
  });
}

/**
 * A slot's start in the business zone, with the viewer's own clock beside it
 * when that shows a different time: "10:00", or "10:00 (11:00 your time)", or
 * "23:30 (00:30 Wed your time)" when it falls on another day there.
 */
export function timeWithLocal(
  iso: string,
  businessZone: string,
  viewerZone: string = browserTimeZone(),
  locale?: string,
): { business: string; local: string | null; text: string } {
  const here = zonedParts(iso, businessZone);
  const there = zonedParts(iso, viewerZone);
  if (here.time === there.time && here.date === there.date) return { business: here.time, local: null, text: here.time };
  const local = there.date === here.date ? there.time : `${there.time} ${formatWeekday(there.date, locale)}`;
  return { business: here.time, local, text: `${here.time} (${local} your time)` };
}

function formatWeekday(isoDate: string, locale?: string): string {
  return new Date(`${isoDate}T12:00:00Z`).toLocaleDateString(locale, { weekday: 'short', timeZone: 'UTC' });
}

/** "Tue 8 Dec, 10:00" in the business zone. */
export function formatDayTime(iso: string, timeZone: string, locale?: string, withYear = false): string {
  const { date, time } = zonedParts(iso, timeZone);
  return `${formatDay(date, locale, withYear)}, ${time}`;
}

/** Whether the viewer's clocks differ from the business's at `at` (default now). */
export function zonesDiffer(businessZone: string, viewerZone: string = browserTimeZone(), at: Date = new Date()): boolean {
  const a = zonedParts(at, businessZone);
  const b = zonedParts(at, viewerZone);
  return a.date !== b.date || a.time !== b.time;
}

/** A decimal price ("25.00") in the business currency: "£25.00"; null when there is no price. */
export function formatMoney(price: string | number | null | undefined, currency: string, locale?: string): string | null {
  if (price === null || price === undefined || price === '') return null;
  const n = typeof price === 'number' ? price : Number(price);
  if (!Number.isFinite(n)) return String(price);
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(n);
  } catch {
    return `${n.toFixed(2)} ${currency}`;
  }
}

// --- Relative dates and times (board list, card faces) ---------------------

/** Whole calendar days from `from` to `to` (both YYYY-MM-DD); negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  const day = (d: string) => Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10)));
  return Math.round((day(to.slice(0, 10)) - day(from.slice(0, 10))) / 86_400_000);
}

/** A day offset in words: "today", "tomorrow", "yesterday", "in 3 days", "2 days ago". */
export function relativeDays(days: number): string {
  if (days === 0) return 'today';
  if (days === 1) return 'tomorrow';
  if (days === -1) return 'yesterday';
  return days > 0 ? `in ${days} days` : `${-days} days ago`;
}

/** How long ago an instant was: "just now", "5 min ago", "3 h ago", "yesterday", "4 days ago", or its date. */
export function timeAgo(iso: string, now: Date = new Date()): string {
  const then = new Date(iso);
  if (Number.isNaN(then.getTime())) return iso;
  const minutes = Math.floor((now.getTime() - then.getTime()) / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  if (minutes < 24 * 60) return `${Math.floor(minutes / 60)} h ago`;
  const days = daysBetween(todayISO(then), todayISO(now));
  if (days <= 30) return relativeDays(-Math.max(days, 1));
  return formatDay(todayISO(then), undefined, true);
}
