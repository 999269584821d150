import { describe, expect, it } from 'vitest';
import { dateInZone, formatDay, formatDayTime, formatMoney, timeInZone, timeWithLocal, zonedParts, zonesDiffer } from '@/lib/format';
import type { Business } from '@/lib/types';
import { servicePrice, slotText } from './display';

const london: Business = {
  name: 'Front desk',
  time_zone: 'Europe/London',
  currency: 'GBP',
  locale: 'en-GB',
  slot_minutes: 30,
  cancellation_notice_hours: 24,
  reminder_hours: 24,
};

describe('times in a zone', () => {
  it('reads the instant, not the wall clock of the string', () => {
    // The same instant written in UTC and in London summer time.
    for (const iso of ['2026-07-08T09:00:00Z', '2026-07-08T10:00:00+01:00']) {
      expect(timeInZone(iso, 'Europe/London')).toBe('10:00');
      expect(timeInZone(iso, 'America/New_York')).toBe('05:00');
      expect(dateInZone(iso, 'Asia/Tokyo')).toBe('2026-07-08');
    }
    expect(zonedParts('2026-12-08T23:30:00Z', 'Asia/Tokyo')).toEqual({ date: '2026-12-09', time: '08:30' });
    expect(timeInZone('2026-12-08T00:00:00Z', 'Europe/London')).toBe('00:00');
  });

  it('follows daylight saving on each side of the change', () => {
    expect(timeInZone('2026-03-28T09:00:00Z', 'Europe/London')).toBe('09:00');
    expect(timeInZone('2026-03-30T08:00:00Z', 'Europe/London')).toBe('09:00');
  });

  it('labels days and day-times', () => {
    expect(formatDay('2026-12-08', 'en-GB')).toBe('Tue 8 Dec');
    // ICU puts a comma after the weekday when the year is shown.
    expect(formatDay('2026-12-08', 'en-GB', true)).toMatch(/^Tue,? 8 Dec 2026$/);
    expect(formatDayTime('2026-12-08T10:00:00Z', 'Europe/London', 'en-GB')).toBe('Tue 8 Dec, 10:00');
  });
});

describe('timeWithLocal', () => {
  it('shows only business time when the clocks agree', () => {
    expect(timeWithLocal('2026-12-08T10:00:00Z', 'Europe/London', 'Europe/London')).toEqual({
      business: '10:00',
      local: null,
      text: '10:00',
    });
    // Same clock, different name.
    expect(timeWithLocal('2026-12-08T10:00:00Z', 'Europe/London', 'Europe/Lisbon').local).toBeNull();
  });

  it("adds the customer's own time when it differs", () => {
    expect(timeWithLocal('2026-12-08T10:00:00Z', 'Europe/London', 'Europe/Paris').text).toBe('10:00 (11:00 your time)');
    expect(timeWithLocal('2026-12-08T23:30:00Z', 'Europe/London', 'Europe/Berlin', 'en-GB').text).toBe(
      '23:30 (00:30 Wed your time)',
    );
  });

  it('knows whether the zones differ now', () => {
    const winter = new Date('2026-12-08T12:00:00Z');
    expect(zonesDiffer('Europe/London', 'Europe/London', winter)).toBe(false);
    expect(zonesDiffer('Europe/London', 'Africa/Abidjan', winter)).toBe(false); // both UTC in winter
    expect(zonesDiffer('Europe/London', 'America/New_York', winter)).toBe(true);
  });

  it('words a slot for the summary', () => {
    const slot = { start: '2026-12-08T10:00:00Z', end: '2026-12-08T10:30:00Z' };
    expect(slotText(slot, london, 'Europe/London')).toMatch(/^Tue,? 8 Dec 2026, 10:00–10:30$/);
    expect(slotText(slot, london, 'Asia/Kolkata')).toMatch(/^Tue,? 8 Dec 2026, 10:00–10:30 \(15:30 your time\)$/);
  });
});

describe('money', () => {
  it('formats prices in the business currency and locale', () => {
    expect(formatMoney('25.00', 'GBP', 'en-GB')).toBe('£25.00');
    expect(formatMoney(70, 'EUR', 'de-DE')).toBe('70,00\u00a0€');
    expect(formatMoney(null, 'GBP', 'en-GB')).toBeNull();
    expect(servicePrice({ price: '25.00' }, london)).toBe('£25.00');
    expect(servicePrice({ price: null }, london)).toBe('Price on request');
  });
});
