// How the booking pages word prices and times: the business's currency, and
// times in the business time zone with the customer's own beside them.
import { browserTimeZone, dateInZone, formatDay, formatMoney, formatPrice, timeInZone, timeWithLocal } from '@/lib/format';
import type { Business, Service, Slot } from '@/lib/types';

export function servicePrice(service: Pick<Service, 'price'>, business: Business | undefined): string {
  if (service.price === null || service.price === '') return 'Price on request';
  return business ? (formatMoney(service.price, business.currency, business.locale) ?? '') : (formatPrice(service.price) ?? '');
}

/** "Tue 8 Dec 2026, 10:00–10:30 (11:00 your time)" in the business zone. */
export function slotText(slot: Pick<Slot, 'start' | 'end'>, business: Business, viewerZone: string = browserTimeZone()): string {
  const start = timeWithLocal(slot.start, business.time_zone, viewerZone, business.locale);
  const day = formatDay(dateInZone(slot.start, business.time_zone), business.locale, true);
  const end = timeInZone(slot.end, business.time_zone);
  return `${day}, ${start.business}–${end}${start.local ? ` (${start.local} your time)` : ''}`;
}
