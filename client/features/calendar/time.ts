// Dates and wall-clock times in the BUSINESS time zone, whatever zone the
// browser is in: the server sends instants (UTC), the calendar shows and snaps
// them on the business's clock, and sends instants back. Pure; see time.test.ts.

import { zonedParts } from '@/lib/format';

export type CalendarView = 'day' | 'week';

function wallClock(ms: number, timeZone: string) {
  const { date, time } = zonedParts(new Date(ms), timeZone);
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [h, min] = time.split(':').map(Number) as [number, number];
  return { y, m, d, h: h % 24, min };
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The business-local date and minutes since midnight of an instant. */
export function zoned(instant: string | number | Date, timeZone: string): { date: string; minutes: number } {
  const ms = instant instanceof Date ? instant.getTime() : typeof instant === 'number' ? instant : Date.parse(instant);
  const w = wallClock(ms, timeZone);
  return { date: `${w.y}-${pad(w.m)}-${pad(w.d)}`, minutes: w.h * 60 + w.min };
}

function offsetMs(ms: number, timeZone: string): number {
  const w = wallClock(ms, timeZone);
  const asUtc = Date.UTC(w.y, w.m - 1, w.d, w.h, w.min);
  return asUtc - Math.floor(ms / 60_000) * 60_000;
}

/** The instant (ISO, UTC) of a business-local date and minutes since midnight. */
export function instantOf(date: string, minutes: number, timeZone: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const guess = Date.UTC(y, m - 1, d, 0, minutes);
  let t = guess - offsetMs(guess, timeZone);
  // Across a DST change the offset at the answer can differ from the guess's.
  const second = guess - offsetMs(t, timeZone);
  if (second !== t) t = second;
  return new Date(t).toISOString().replace('.000Z', 'Z');
}

export function todayIn(timeZone: string, now: Date = new Date()): string {
  return zoned(now, timeZone).date;
}

export function addDays(date: string, days: number): string {
  const t = Date.parse(`${date}T12:00:00Z`) + days * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

/** 0 = Monday ... 6 = Sunday (the business week starts on Monday). */
export function weekday(date: string): number {
  return (new Date(`${date}T12:00:00Z`).getUTCDay() + 6) % 7;
}

export function isValidDate(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T12:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

/** The inclusive date range a view shows around `date`. */
export function rangeOf(view: CalendarView, date: string): { from: string; to: string; dates: string[] } {
  const from = view === 'day' ? date : addDays(date, -weekday(date));
  const count = view === 'day' ? 1 : 7;
  const dates = Array.from({ length: count }, (_, i) => addDays(from, i));
  return { from, to: dates[dates.length - 1]!, dates };
}

/** Where prev/next go: a day or a week away. */
export function step(view: CalendarView, date: string, direction: -1 | 1): string {
  return addDays(date, direction * (view === 'day' ? 1 : 7));
}

/** "09:00" -> 540. */
export function parseHHMM(value: string): number {
  const [h, m] = value.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

/** 570 -> "09:30". */
export function hhmm(minutes: number): string {
  return `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
}

export function snap(minutes: number, slot: number): number {
  return Math.round(minutes / slot) * slot;
}

/** "Mon 7 Dec" in the given locale, read as a calendar date (no zone shift). */
export function dayLabel(date: string, locale?: string, long = false): string {
  return new Date(`${date}T12:00:00Z`).toLocaleDateString(locale, {
    weekday: long ? 'long' : 'short',
    day: 'numeric',
    month: long ? 'long' : 'short',
    ...(long ? { year: 'numeric' } : {}),
    timeZone: 'UTC',
  });
}
