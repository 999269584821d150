// Pure date arithmetic for the month calendar. Dates are calendar dates
// ("YYYY-MM-DD") and months "YYYY-MM", both in the business time zone; they are
// computed on UTC noon so no daylight-saving change can shift a day.

const DAY_MS = 86_400_000;

function toUtc(date: string): Date {
  return new Date(`${date.slice(0, 10)}T12:00:00Z`);
}

function fromUtc(d: Date): string {
  return d.toISOString().slice(0, 10);
}

export function isDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = toUtc(value);
  return !Number.isNaN(d.getTime()) && fromUtc(d) === value;
}

export function addDays(date: string, days: number): string {
  return fromUtc(new Date(toUtc(date).getTime() + days * DAY_MS));
}

/** "2026-12-08" -> "2026-12". */
export function monthOf(date: string): string {
  return date.slice(0, 7);
}

export function addMonths(month: string, months: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const index = y * 12 + (m - 1) + months;
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

export function daysInMonth(month: string): number {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** 0 = Monday ... 6 = Sunday. */
export function weekdayIndex(date: string): number {
  return (toUtc(date).getUTCDay() + 6) % 7;
}

/**
 * The month as weeks of seven cells, Monday first: each cell the date, or null
 * for the days before the 1st and after the last that complete the first and
 * last week.
 */
export function monthGrid(month: string): (string | null)[][] {
  const first = `${month}-01`;
  const cells: (string | null)[] = Array.from({ length: weekdayIndex(first) }, () => null);
  const count = daysInMonth(month);
  for (let i = 0; i < count; i++) cells.push(addDays(first, i));
  while (cells.length % 7) cells.push(null);
  const weeks: (string | null)[][] = [];
  for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7));
  return weeks;
}

/** Same day of the month `months` away, or that month's last day when it is shorter. */
export function sameDayInMonth(date: string, months: number): string {
  const month = addMonths(monthOf(date), months);
  const day = Math.min(Number(date.slice(8, 10)), daysInMonth(month));
  return `${month}-${String(day).padStart(2, '0')}`;
}

/**
 * Where a key moves the focus in the grid (the WAI-ARIA date picker pattern):
 * arrows by a day or a week, Home/End to the week's start/end, PageUp/PageDown
 * by a month (with Shift: a year). null: the key does not move.
 */
export function keyTarget(date: string, key: string, shiftKey = false): string | null {
  switch (key) {
    case 'ArrowLeft':
      return addDays(date, -1);
    case 'ArrowRight':
      return addDays(date, 1);
    case 'ArrowUp':
      return addDays(date, -7);
    case 'ArrowDown':
      return addDays(date, 7);
    case 'Home':
      return addDays(date, -weekdayIndex(date));
    case 'End':
      return addDays(date, 6 - weekdayIndex(date));
    case 'PageUp':
      return sameDayInMonth(date, shiftKey ? -12 : -1);
    case 'PageDown':
      return sameDayInMonth(date, shiftKey ? 12 : 1);
    default:
      return null;
  }
}

/** `date` moved into [min, max] (dates compare as strings). */
export function clampDate(date: string, min: string, max: string): string {
  return date < min ? min : date > max ? max : date;
}

/** Weekday names Monday first, short ("Mon") and long ("Monday"). */
export function weekdayNames(locale?: string): { short: string; long: string }[] {
  // 2024-01-01 was a Monday.
  return Array.from({ length: 7 }, (_, i) => {
    const d = toUtc(addDays('2024-01-01', i));
    return {
      short: d.toLocaleDateString(locale, { weekday: 'short', timeZone: 'UTC' }),
      long: d.toLocaleDateString(locale, { weekday: 'long', timeZone: 'UTC' }),
    };
  });
}

/** "December 2026". */
export function monthTitle(month: string, locale?: string): string {
  return toUtc(`${month}-15`).toLocaleDateString(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' });
}

/** "Tuesday 8 December 2026". */
export function longDay(date: string, locale?: string): string {
  return toUtc(date).toLocaleDateString(locale, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
}
