// Which days are on screen: day/week, previous/today/next, and whether
// cancelled appointments are drawn. The time zone is named so nobody reads
// business times as their own.
import { Icon } from '@/components/Icon';
import { dayLabel, rangeOf, type CalendarView } from './time';
import styles from './calendar.module.css';

export function CalendarToolbar({
  view,
  date,
  locale,
  timeZone,
  showCancelled,
  onNavigate,
  onToday,
  onShowCancelled,
}: {
  view: CalendarView;
  date: string;
  locale: string;
  timeZone: string;
  showCancelled: boolean;
  onNavigate: (view: CalendarView, direction: -1 | 0 | 1) => void;
  onToday: () => void;
  onShowCancelled: (show: boolean) => void;
}) {
  const range = rangeOf(view, date);
  const title =
    view === 'day' ? dayLabel(date, locale, true) : `${dayLabel(range.from, locale)} – ${dayLabel(range.to, locale)}`;
  const unit = view === 'day' ? 'day' : 'week';
  return (
    <div className={styles.toolbar}>
      <h1 data-testid="calendar-title">Calendar: {title}</h1>
      <div className={styles.group} role="group" aria-label="View">
        <button type="button" aria-pressed={view === 'day'} onClick={() => onNavigate('day', 0)} data-testid="view-day">
          Day
        </button>
        <button type="button" aria-pressed={view === 'week'} onClick={() => onNavigate('week', 0)} data-testid="view-week">
          Week
        </button>
      </div>
      <div className={styles.group} role="group" aria-label="Go to">
        <button type="button" onClick={() => onNavigate(view, -1)} aria-label={`Previous ${unit}`} data-testid="calendar-prev">
          <Icon name="chevron-left" />
        </button>
        <button type="button" onClick={onToday} data-testid="calendar-today">
          Today
        </button>
        <button type="button" onClick={() => onNavigate(view, 1)} aria-label={`Next ${unit}`} data-testid="calendar-next">
          <Icon name="chevron-right" />
        </button>
      </div>
      <label className={styles.toggle}>
        <input type="checkbox" checked={showCancelled} onChange={(e) => onShowCancelled(e.target.checked)} data-testid="show-cancelled" />
        Show cancelled
      </label>
      <span className={styles.zone} data-testid="time-zone">
        <Icon name="clock" /> Times in {timeZone}
      </span>
    </div>
  );
}
