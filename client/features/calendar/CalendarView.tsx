// The staff calendar: a day or a week of lanes (one per resource), live, with
// booking from empty slots, rescheduling by drag or keyboard, and the
// appointment detail. The page passes the view and date from the URL.
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { Appointment } from '@/lib/types';
import { ConnectionBadge } from '@/components/ConnectionBadge';
import { ErrorBox, Loading } from '@/components/States';
import { useToast } from '@/components/Toast';
import { calendarKeys, fetchBusiness, fetchServices } from './api';
import { AppointmentDetail } from './AppointmentDetail';
import { BookDialog } from './BookDialog';
import { CalendarGrid } from './CalendarGrid';
import { CalendarToolbar } from './CalendarToolbar';
import { findAppointment } from './calendarState';
import type { LaneRef } from './layout';
import { rangeOf, step, todayIn, type CalendarView as View } from './time';
import { useCalendar } from './useCalendar';

export function CalendarView({
  view,
  date,
  onNavigate,
}: {
  view: View;
  /** null: today in the business time zone. */
  date: string | null;
  onNavigate: (view: View, date: string) => void;
}) {
  const business = useQuery({ queryKey: calendarKeys.business, queryFn: fetchBusiness, staleTime: 10 * 60_000 });
  if (business.isError) return <ErrorBox error={business.error} onRetry={() => void business.refetch()} />;
  if (!business.data) return <Loading label="Loading calendar…" />;
  const b = business.data;
  return (
    <LiveCalendar
      view={view}
      date={date ?? todayIn(b.time_zone)}
      timeZone={b.time_zone}
      locale={b.locale}
      slot={b.slot_minutes}
      onNavigate={onNavigate}
    />
  );
}

function LiveCalendar({
  view,
  date,
  timeZone,
  locale,
  slot,
  onNavigate,
}: {
  view: View;
  date: string;
  timeZone: string;
  locale: string;
  slot: number;
  onNavigate: (view: View, date: string) => void;
}) {
  const range = rangeOf(view, date);
  const cal = useCalendar(range.from, range.to);
  const toast = useToast();
  const services = useQuery({ queryKey: calendarKeys.services, queryFn: fetchServices, staleTime: 5 * 60_000 });
  const [showCancelled, setShowCancelled] = useState(false);
  const [openId, setOpenId] = useState<number | null>(null);
  const [booking, setBooking] = useState<(LaneRef & { minutes: number }) | null>(null);
  const live = cal.socket.status === 'connected';
  const tz = cal.calendar?.timeZone ?? timeZone;

  // A service's length may change only when the service says so; while the
  // services are unknown the server decides (and says why if it refuses).
  const resizable = (a: Appointment) => {
    const known = services.data?.find((s) => s.id === a.service.id);
    return (known?.adjustable_duration ?? a.service.adjustable_duration ?? false) === true;
  };

  const opened = openId !== null && cal.calendar ? findAppointment(cal.calendar, openId) : null;

  return (
    <section className={live ? '' : 'stale'} data-testid="calendar">
      <div className="page-head">
        <CalendarToolbar
          view={view}
          date={date}
          locale={locale}
          timeZone={tz}
          showCancelled={showCancelled}
          onNavigate={(v, dir) => onNavigate(v, dir === 0 ? date : step(v, date, dir))}
          onToday={() => onNavigate(view, todayIn(tz))}
          onShowCancelled={setShowCancelled}
        />
        <ConnectionBadge status={cal.socket.status} error={cal.socket.error} transport={cal.socket.transport} />
      </div>
      {!live && cal.calendar ? (
        <p className="notice" role="status" data-testid="stale-notice">
          Connection lost: this is the calendar as it was. Changes are paused and it will update when the connection is back.
        </p>
      ) : null}
      {cal.liveError ? (
        <p className="notice" role="status">
          Live updates are not available ({cal.liveError}); reload the page to see changes by others.
        </p>
      ) : null}
      {cal.loadError ? (
        <ErrorBox error={cal.loadError} />
      ) : !cal.calendar ? (
        <Loading label="Loading appointments…" />
      ) : (
        <CalendarGrid
          state={cal.calendar}
          pending={cal.pending}
          dates={range.dates}
          view={view}
          slot={slot}
          locale={locale}
          showCancelled={showCancelled}
          disabled={!live}
          resizable={resizable}
          onMove={(a, target, changeEnd) => void cal.move(a, target, changeEnd)}
          onOpen={setOpenId}
          onBook={(lane, minutes) => setBooking({ ...lane, minutes })}
        />
      )}
      {booking && cal.calendar ? (
        <BookDialog
          date={booking.date}
          minutes={booking.minutes}
          resourceId={booking.resourceId}
          resources={cal.calendar.resources}
          timeZone={tz}
          locale={locale}
          slot={slot}
          onClose={() => setBooking(null)}
          onBooked={(a) => {
            cal.apply(a);
            setBooking(null);
            toast(`Booked ${a.customer.name}: ${a.service.name}.`, 'success');
          }}
        />
      ) : null}
      {opened ? (
        <AppointmentDetail
          key={opened.id}
          appointment={opened}
          timeZone={tz}
          locale={locale}
          live={live}
          onAct={(action, reason) => cal.act(opened.id, action, reason)}
          onSaveNotes={(notes) => cal.editNotes(opened, notes)}
          onClose={() => setOpenId(null)}
        />
      ) : null}
    </section>
  );
}
