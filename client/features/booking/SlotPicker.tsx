// Day and time for one service (and optionally one resource): "Next available",
// a month calendar of the days with free times, and the chosen day's slots, all in
// the business time zone with the customer's own time beside them when it differs.
// Used to book and to reschedule. Remount it (key) when the service or resource
// changes: the chosen day then starts again from the next available one.
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { errorFields } from '@/lib/api';
import { browserTimeZone, dateInZone, formatDay, formatDayTime, timeInZone, timeWithLocal, zonesDiffer } from '@/lib/format';
import type { Business, Slot } from '@/lib/types';
import { Empty, Loading } from '@/components/States';
import { bookingKeys, fetchAvailability, fetchAvailabilityDays, fetchNextAvailable, type AvailabilityDay } from './api';
import { addMonths, daysInMonth, isDate, monthOf } from './calendar';
import { MonthCalendar } from './MonthCalendar';
import styles from './booking.module.css';

/** How far ahead the calendar goes. */
export const MONTHS_AHEAD = 12;

export function SlotPicker({
  serviceId,
  serviceName,
  resourceId,
  business,
  value,
  onChange,
  error,
}: {
  serviceId: number;
  serviceName: string;
  resourceId: number | null;
  business: Business;
  value: Slot | null;
  onChange: (slot: Slot | null) => void;
  /** A message about the chosen time (e.g. "That time was just taken"). */
  error?: string | null;
}) {
  const zone = business.time_zone;
  const locale = business.locale;
  const viewerZone = browserTimeZone();
  const showLocal = zonesDiffer(zone, viewerZone);
  const today = dateInZone(new Date(), zone);
  const minMonth = monthOf(today);
  const maxMonth = addMonths(minMonth, MONTHS_AHEAD);
  const lastDay = `${maxMonth}-${String(daysInMonth(maxMonth)).padStart(2, '0')}`;

  // The customer's own pick wins; until then the day of the next free time.
  const [pickedDate, setPickedDate] = useState<string | null>(null);
  const [viewMonth, setViewMonth] = useState<string | null>(null);

  const next = useQuery({
    queryKey: bookingKeys.next(serviceId, resourceId),
    queryFn: ({ signal }) => fetchNextAvailable(serviceId, resourceId, signal),
  });
  const nextDate = next.data ? dateInZone(next.data.start, zone) : null;
  const date = pickedDate ?? nextDate;
  const dateValid = !!date && isDate(date);
  const month = viewMonth ?? (dateValid ? monthOf(date) : minMonth);

  const days = useQuery({
    queryKey: bookingKeys.days(serviceId, month, resourceId),
    queryFn: ({ signal }) => fetchAvailabilityDays(serviceId, month, resourceId, signal),
  });
  const byDate = useMemo(() => {
    if (!days.data) return undefined;
    const map: Record<string, AvailabilityDay> = {};
    for (const d of days.data.days) map[d.date] = d;
    return map;
  }, [days.data]);

  const slots = useQuery({
    queryKey: bookingKeys.availability(serviceId, date ?? '', resourceId),
    queryFn: ({ signal }) => fetchAvailability(serviceId, date!, signal, resourceId),
    enabled: dateValid,
  });

  function pickDay(day: string, slot: Slot | null = null) {
    setPickedDate(day);
    onChange(slot);
  }

  const dayInfo = dateValid ? byDate?.[date] : undefined;

  return (
    <div className={styles.picker}>
      <div className={styles.nextRow}>
        {next.isPending ? (
          <Loading label="Finding the next free time…" />
        ) : next.isError ? (
          <p className="field-error" role="alert">
            {errorFields(next.error).message}
          </p>
        ) : next.data ? (
          <button
            type="button"
            className={value?.start === next.data.start ? 'primary' : undefined}
            data-testid="next-available"
            onClick={() => {
              setViewMonth(null);
              pickDay(nextDate!, next.data);
            }}
          >
            Next available: {formatDayTime(next.data.start, zone, locale)}
          </button>
        ) : (
          <Empty>No free times for {serviceName} in the next 90 days. Please call us.</Empty>
        )}
      </div>

      <MonthCalendar
        month={month}
        onMonthChange={setViewMonth}
        minMonth={minMonth}
        maxMonth={maxMonth}
        days={byDate}
        selected={dateValid ? date : null}
        onSelect={(day) => pickDay(day)}
        today={today}
        locale={locale}
      />
      {days.isError ? (
        <div className="field-error" role="alert" data-testid="error-days">
          {errorFields(days.error).message}{' '}
          <button type="button" className="link" onClick={() => void days.refetch()}>
            Try again
          </button>
        </div>
      ) : null}

      <div className={`field ${styles.goTo}`}>
        <label htmlFor="date">Or go to a date</label>
        <input
          id="date"
          type="date"
          value={date ?? ''}
          min={today}
          max={lastDay}
          onChange={(e) => {
            const day = e.target.value;
            pickDay(day);
            if (isDate(day)) setViewMonth(monthOf(day));
          }}
          data-testid="booking-date"
        />
      </div>

      <p className={styles.zoneNote} data-testid="time-zone-note">
        Times in {zone}
        {showLocal ? `; your own time (${viewerZone}) in brackets` : ''}.
      </p>

      {!date ? null : !dateValid ? (
        <p className="muted">Choose a day.</p>
      ) : slots.isPending ? (
        <Loading label="Finding free times…" />
      ) : slots.isError ? (
        <div className="field-error" role="alert" data-testid="error-availability">
          {errorFields(slots.error).message}
        </div>
      ) : slots.data.slots.length === 0 ? (
        <Empty>
          {dayInfo && !dayInfo.open
            ? `We are closed on ${formatDay(date, locale, true)}. Please pick another day.`
            : `No free times for ${serviceName} on ${formatDay(date, locale, true)}. Try another day.`}
        </Empty>
      ) : (
        <>
          <h3 className={styles.slotsHeading} id="slots-heading">
            Free times on {formatDay(date, locale, true)}
          </h3>
          <div className="slots" role="group" aria-labelledby="slots-heading">
            {slots.data.slots.map((s) => {
              const label = timeWithLocal(s.start, zone, viewerZone, locale);
              const selected = value?.start === s.start;
              return (
                <button
                  key={s.start}
                  type="button"
                  className={`slot${selected ? ' selected' : ''}`}
                  aria-pressed={selected}
                  onClick={() => onChange(s)}
                  data-testid={`slot-${timeInZone(s.start, zone)}`}
                >
                  {label.business}
                  {label.local ? <span className={styles.localTime}> ({label.local} your time)</span> : null}
                </button>
              );
            })}
          </div>
        </>
      )}
      {error ? (
        <small className="field-error" role="alert" data-testid="error-start">
          {error}
        </small>
      ) : null}
    </div>
  );
}
