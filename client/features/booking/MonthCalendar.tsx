// A month of days to pick from (the WAI-ARIA date grid pattern): one Tab stop,
// arrows move by a day or a week, Home/End to the week's ends, PageUp/PageDown
// by a month; Enter or Space picks the focused day. Days without free times
// (closed, fully booked, past) stay focusable but cannot be picked.
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { AvailabilityDay } from './api';
import { addMonths, clampDate, daysInMonth, keyTarget, longDay, monthGrid, monthOf, monthTitle, weekdayNames } from './calendar';
import { Icon } from '@/components/Icon';
import styles from './booking.module.css';

export type DayState = 'available' | 'full' | 'closed' | 'past' | 'loading';

export function dayState(date: string, today: string, info: AvailabilityDay | undefined): DayState {
  if (date < today) return 'past';
  if (!info) return 'loading';
  if (!info.open) return 'closed';
  return info.available ? 'available' : 'full';
}

const STATE_TEXT: Record<DayState, string> = {
  available: 'free times',
  full: 'fully booked',
  closed: 'closed',
  past: 'past',
  loading: 'checking…',
};

export function MonthCalendar({
  month,
  onMonthChange,
  minMonth,
  maxMonth,
  days,
  selected,
  onSelect,
  today,
  locale,
}: {
  month: string;
  onMonthChange: (month: string) => void;
  minMonth: string;
  maxMonth: string;
  /** The month's days by date; undefined while loading. */
  days: Record<string, AvailabilityDay> | undefined;
  selected: string | null;
  onSelect: (date: string) => void;
  today: string;
  locale?: string;
}) {
  const [focus, setFocus] = useState<string | null>(null);
  const focusAfterRender = useRef(false);
  const grid = useRef<HTMLDivElement>(null);
  const weeks = monthGrid(month);
  const names = weekdayNames(locale);
  const inMonth = (date: string | null): date is string => !!date && monthOf(date) === month;
  const firstFree = weeks.flat().find((d): d is string => !!d && dayState(d, today, days?.[d]) === 'available');
  // The one day in the Tab order.
  const tabStop = inMonth(focus)
    ? focus
    : inMonth(selected)
      ? selected
      : (firstFree ?? (inMonth(today) ? today : `${month}-01`));

  useEffect(() => {
    if (!focusAfterRender.current) return;
    focusAfterRender.current = false;
    grid.current?.querySelector<HTMLButtonElement>(`[data-date="${tabStop}"]`)?.focus();
  }, [tabStop, month]);

  const first = `${minMonth}-01`;
  const last = `${maxMonth}-${String(daysInMonth(maxMonth)).padStart(2, '0')}`;

  function onKeyDown(e: KeyboardEvent<HTMLButtonElement>, date: string) {
    const target = keyTarget(date, e.key, e.shiftKey);
    if (!target) return;
    e.preventDefault();
    const next = clampDate(target, first, last);
    focusAfterRender.current = true;
    setFocus(next);
    if (monthOf(next) !== month) onMonthChange(monthOf(next));
  }

  function go(months: number) {
    setFocus(null);
    onMonthChange(addMonths(month, months));
  }

  const title = monthTitle(month, locale);
  return (
    <div className={styles.calendar} data-testid="calendar">
      <div className={styles.calendarHead}>
        <button
          type="button"
          className={styles.navButton}
          onClick={() => go(-1)}
          disabled={month <= minMonth}
          aria-label="Previous month"
          data-testid="calendar-prev"
        >
          <Icon name="chevron-left" />
        </button>
        <h3 className={styles.calendarTitle} aria-live="polite" data-testid="calendar-month" id={`calendar-title-${month}`}>
          {title}
        </h3>
        <button
          type="button"
          className={styles.navButton}
          onClick={() => go(1)}
          disabled={month >= maxMonth}
          aria-label="Next month"
          data-testid="calendar-next"
        >
          <Icon name="chevron-right" />
        </button>
      </div>
      <div role="grid" aria-label={title} className={styles.grid} ref={grid} aria-busy={!days}>
        <div role="row" className={styles.week}>
          {names.map((n) => (
            <div role="columnheader" key={n.long} className={styles.weekday}>
              <abbr title={n.long}>{n.short}</abbr>
            </div>
          ))}
        </div>
        {weeks.map((week, w) => (
          <div role="row" className={styles.week} key={w}>
            {week.map((date, i) => {
              if (!date) return <div role="gridcell" key={`empty-${i}`} className={styles.cell} />;
              const state = dayState(date, today, days?.[date]);
              const isSelected = date === selected;
              const classes = [
                'day',
                styles.day,
                state === 'available' ? styles.available : '',
                state === 'full' ? styles.full : '',
                state === 'closed' ? styles.closed : '',
                state === 'past' ? styles.past : '',
                state === 'loading' ? styles.loadingDay : '',
                date === today ? styles.today : '',
                isSelected ? styles.selected : '',
              ];
              return (
                <div role="gridcell" key={date} className={styles.cell} aria-selected={isSelected}>
                  <button
                    type="button"
                    className={classes.filter(Boolean).join(' ')}
                    data-date={date}
                    data-state={state}
                    data-testid={`day-${date}`}
                    tabIndex={date === tabStop ? 0 : -1}
                    aria-disabled={state !== 'available'}
                    aria-current={date === today ? 'date' : undefined}
                    aria-label={`${longDay(date, locale)}, ${STATE_TEXT[state]}`}
                    onKeyDown={(e) => onKeyDown(e, date)}
                    onFocus={() => setFocus(date)}
                    onClick={() => {
                      setFocus(date);
                      if (state === 'available') onSelect(date);
                    }}
                  >
                    {Number(date.slice(8, 10))}
                  </button>
                </div>
              );
            })}
          </div>
        ))}
      </div>
      <p className={styles.legend} aria-hidden="true">
        <span>
          <span className={styles.legendDot} />
          Free times
        </span>
        <span>
          <span className={styles.legendClosed} />
          Closed
        </span>
      </p>
    </div>
  );
}
