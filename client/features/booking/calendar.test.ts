import { describe, expect, it } from 'vitest';
import {
  addDays,
  addMonths,
  clampDate,
  daysInMonth,
  isDate,
  keyTarget,
  monthGrid,
  monthOf,
  monthTitle,
  sameDayInMonth,
  weekdayIndex,
  weekdayNames,
} from './calendar';
import { dayState } from './MonthCalendar';

describe('monthGrid', () => {
  it('lays December 2026 out in Monday-first weeks', () => {
    // 1 December 2026 is a Tuesday, the 31st a Thursday.
    const weeks = monthGrid('2026-12');
    expect(weeks).toHaveLength(5);
    expect(weeks.every((w) => w.length === 7)).toBe(true);
    expect(weeks[0]).toEqual([null, '2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04', '2026-12-05', '2026-12-06']);
    expect(weeks[4]).toEqual(['2026-12-28', '2026-12-29', '2026-12-30', '2026-12-31', null, null, null]);
    expect(weeks.flat().filter(Boolean)).toHaveLength(31);
  });

  it('needs six weeks when the month starts late in the week', () => {
    // 1 August 2026 is a Saturday: 2 + 7*4 + 1 days.
    const weeks = monthGrid('2026-08');
    expect(weeks).toHaveLength(6);
    expect(weeks[0]!.slice(5)).toEqual(['2026-08-01', '2026-08-02']);
    expect(weeks[5]).toEqual(['2026-08-31', null, null, null, null, null, null]);
  });

  it('fits February of a non-leap year starting on Monday into four weeks', () => {
    const weeks = monthGrid('2027-02');
    expect(weeks).toHaveLength(4);
    expect(weeks[0]![0]).toBe('2027-02-01');
    expect(weeks[3]![6]).toBe('2027-02-28');
  });

  it('is not moved by daylight-saving changes', () => {
    // London changes its clocks on 29 March and 25 October 2026.
    for (const month of ['2026-03', '2026-10']) {
      const days = monthGrid(month).flat().filter(Boolean);
      expect(days).toEqual(Array.from({ length: 31 }, (_, i) => `${month}-${String(i + 1).padStart(2, '0')}`));
    }
  });
});

describe('date arithmetic', () => {
  it('adds days and months across ends of months and years', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2028-03-01', -1)).toBe('2028-02-29');
    expect(addMonths('2026-12', 1)).toBe('2027-01');
    expect(addMonths('2026-01', -1)).toBe('2025-12');
    expect(addMonths('2026-05', 12)).toBe('2027-05');
    expect(monthOf('2026-12-08')).toBe('2026-12');
    expect(daysInMonth('2026-02')).toBe(28);
    expect(daysInMonth('2028-02')).toBe(29);
    expect(weekdayIndex('2026-12-08')).toBe(1); // Tuesday
    expect(weekdayIndex('2026-12-13')).toBe(6); // Sunday
  });

  it('keeps the day of the month when it can', () => {
    expect(sameDayInMonth('2026-01-31', 1)).toBe('2026-02-28');
    expect(sameDayInMonth('2026-03-15', -1)).toBe('2026-02-15');
    expect(sameDayInMonth('2026-12-08', 12)).toBe('2027-12-08');
  });

  it('recognises real dates only', () => {
    expect(isDate('2026-12-08')).toBe(true);
    expect(isDate('2026-02-30')).toBe(false);
    expect(isDate('2026-12-8')).toBe(false);
    expect(isDate('')).toBe(false);
  });

  it('clamps into a range', () => {
    expect(clampDate('2026-11-30', '2026-12-01', '2027-12-31')).toBe('2026-12-01');
    expect(clampDate('2028-01-01', '2026-12-01', '2027-12-31')).toBe('2027-12-31');
    expect(clampDate('2027-01-05', '2026-12-01', '2027-12-31')).toBe('2027-01-05');
  });
});

describe('keyboard navigation', () => {
  const tue = '2026-12-08';
  it.each([
    ['ArrowLeft', false, '2026-12-07'],
    ['ArrowRight', false, '2026-12-09'],
    ['ArrowUp', false, '2026-12-01'],
    ['ArrowDown', false, '2026-12-15'],
    ['Home', false, '2026-12-07'],
    ['End', false, '2026-12-13'],
    ['PageUp', false, '2026-11-08'],
    ['PageDown', false, '2027-01-08'],
    ['PageDown', true, '2027-12-08'],
  ])('%s (shift %s) moves to %s', (key, shift, expected) => {
    expect(keyTarget(tue, key, shift)).toBe(expected);
  });

  it('crosses into the next month and ignores other keys', () => {
    expect(keyTarget('2026-12-31', 'ArrowRight')).toBe('2027-01-01');
    expect(keyTarget('2026-12-03', 'ArrowUp')).toBe('2026-11-26');
    expect(keyTarget(tue, 'Enter')).toBeNull();
    expect(keyTarget(tue, 'a')).toBeNull();
  });
});

describe('day states', () => {
  const today = '2026-12-08';
  it('marks past, loading, closed, full and available days', () => {
    expect(dayState('2026-12-07', today, { date: '2026-12-07', open: true, available: true })).toBe('past');
    expect(dayState('2026-12-09', today, undefined)).toBe('loading');
    expect(dayState('2026-12-13', today, { date: '2026-12-13', open: false, available: false })).toBe('closed');
    expect(dayState('2026-12-10', today, { date: '2026-12-10', open: true, available: false })).toBe('full');
    expect(dayState(today, today, { date: today, open: true, available: true })).toBe('available');
  });
});

describe('names', () => {
  it('names weekdays Monday first and months in the locale', () => {
    expect(weekdayNames('en-GB').map((n) => n.short)).toEqual(['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun']);
    expect(weekdayNames('en-GB')[6]!.long).toBe('Sunday');
    expect(monthTitle('2026-12', 'en-GB')).toBe('December 2026');
    expect(monthTitle('2026-12', 'de-DE')).toBe('Dezember 2026');
  });
});
