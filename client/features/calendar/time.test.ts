import { describe, expect, it } from 'vitest';
import { addDays, dayLabel, hhmm, instantOf, isValidDate, parseHHMM, rangeOf, snap, step, todayIn, weekday, zoned } from './time';

describe('business time', () => {
  it('reads an instant on the business clock, not the browser’s', () => {
    expect(zoned('2026-12-07T09:30:00Z', 'Europe/London')).toEqual({ date: '2026-12-07', minutes: 570 });
    expect(zoned('2026-07-07T09:30:00Z', 'Europe/London')).toEqual({ date: '2026-07-07', minutes: 630 });
    expect(zoned('2026-12-07T23:30:00Z', 'Etc/GMT-3')).toEqual({ date: '2026-12-08', minutes: 150 });
  });

  it('turns a business date and time into an instant, across DST', () => {
    expect(instantOf('2026-12-07', 570, 'Europe/London')).toBe('2026-12-07T09:30:00Z');
    expect(instantOf('2026-07-07', 630, 'Europe/London')).toBe('2026-07-07T09:30:00Z');
    expect(instantOf('2026-12-08', 150, 'Etc/GMT-3')).toBe('2026-12-07T23:30:00Z');
    // The day the clocks go forward (29 March 2026): 10:00 is BST.
    expect(instantOf('2026-03-29', 600, 'Europe/London')).toBe('2026-03-29T09:00:00Z');
  });

  it('knows today in the business zone', () => {
    expect(todayIn('Etc/GMT-3', new Date('2026-12-07T22:00:00Z'))).toBe('2026-12-08');
  });

  it('computes day and week ranges, Monday first', () => {
    expect(weekday('2026-12-07')).toBe(0);
    expect(weekday('2026-12-13')).toBe(6);
    expect(rangeOf('week', '2026-12-10')).toMatchObject({ from: '2026-12-07', to: '2026-12-13' });
    expect(rangeOf('week', '2026-12-10').dates).toHaveLength(7);
    expect(rangeOf('day', '2026-12-10')).toEqual({ from: '2026-12-10', to: '2026-12-10', dates: ['2026-12-10'] });
    expect(step('week', '2026-12-10', 1)).toBe('2026-12-17');
    expect(step('day', '2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });

  it('parses, formats and snaps times', () => {
    expect(parseHHMM('09:30')).toBe(570);
    expect(hhmm(570)).toBe('09:30');
    expect(snap(584, 30)).toBe(570);
    expect(snap(586, 30)).toBe(600);
    expect(isValidDate('2026-12-07')).toBe(true);
    expect(isValidDate('2026-02-30')).toBe(false);
    expect(isValidDate('x')).toBe(false);
    expect(dayLabel('2026-12-07', 'en-GB')).toBe('Mon 7 Dec');
  });
});
