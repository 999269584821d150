import { describe, expect, it } from 'vitest';
import { timeAgo } from '@/lib/format';
import { dueOf } from './due';

describe('dueOf', () => {
  const today = '2026-03-30';

  it('says the due date relative to today', () => {
    expect(dueOf('2026-03-30', today).text).toBe('today');
    expect(dueOf('2026-03-31', today).text).toBe('tomorrow');
    expect(dueOf('2026-04-02', today).text).toBe('in 3 days');
    expect(dueOf('2026-03-29', today).text).toBe('yesterday');
    expect(dueOf('2026-03-28', today).text).toBe('2 days ago');
  });

  it('counts calendar days across a month and a daylight saving change', () => {
    expect(dueOf('2026-04-01', '2026-03-28')).toMatchObject({ days: 4, text: 'in 4 days' });
    expect(dueOf('2026-11-02', '2026-10-24')).toMatchObject({ days: 9 });
  });

  it('colours overdue, due soon (within two days) and later', () => {
    expect(dueOf('2026-03-29', today).tone).toBe('overdue');
    expect(dueOf('2026-03-30', today).tone).toBe('soon');
    expect(dueOf('2026-04-01', today).tone).toBe('soon');
    expect(dueOf('2026-04-02', today).tone).toBe('later');
  });
});

describe('timeAgo', () => {
  const now = new Date('2026-03-30T12:00:00Z');
  it('says how long ago in minutes, hours, then days', () => {
    expect(timeAgo('2026-03-30T11:59:40Z', now)).toBe('just now');
    expect(timeAgo('2026-03-30T11:55:00Z', now)).toBe('5 min ago');
    expect(timeAgo('2026-03-30T09:00:00Z', now)).toBe('3 h ago');
    expect(timeAgo('2026-03-26T12:00:00Z', now)).toBe('4 days ago');
  });
});
