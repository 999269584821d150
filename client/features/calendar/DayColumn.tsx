// One day: its heading (date, hours or why it is closed), the time axis and a
// lane per resource.
import type { KeyboardEvent } from 'react';
import type { Appointment, Resource } from '@/lib/types';
import { AppointmentBlock } from './AppointmentBlock';
import type { DayState } from './calendarState';
import { Lane } from './Lane';
import { placeBlocks, PX_PER_MIN, type LaneRef, type Placed, type Spot } from './layout';
import { dayLabel, hhmm } from './time';
import styles from './calendar.module.css';

export interface DayColumnProps {
  day: DayState;
  resources: Resource[];
  appointments: Appointment[];
  span: { start: number; end: number };
  slot: number;
  timeZone: string;
  locale: string;
  isToday: boolean;
  nowMinutes: number | null;
  preview: (Spot & { text: string }) | null;
  movingId: number | null;
  savingIds: Set<number>;
  disabled: boolean;
  resizable: (a: Appointment) => boolean;
  onOpen: (id: number) => void;
  onKey: (e: KeyboardEvent<HTMLElement>, a: Appointment, placed: Placed) => void;
  onBook: (lane: LaneRef, minutes: number) => void;
}

export function DayColumn(props: DayColumnProps) {
  const { day, resources, appointments, span, slot, timeZone, locale, isToday } = props;
  const heading = dayLabel(day.date, locale);
  const headingId = `day-title-${day.date}`;
  const hours: number[] = [];
  for (let m = span.start; m <= span.end; m += 60) hours.push(m);
  const closed = !day.open || !day.close;

  return (
    <section className={[styles.day, isToday ? styles.today : '', closed ? styles.closedDay : ''].join(' ')} aria-labelledby={headingId} data-testid={`day-${day.date}`}>
      <header className={styles.dayHead}>
        <h2 id={headingId}>
          {heading}
          {isToday ? <span className="visually-hidden"> (today)</span> : null}
        </h2>
        {closed ? (
          <span className={styles.closed} data-testid={`closed-${day.date}`} title={day.closedReason || undefined}>
            Closed{day.closedReason ? `: ${day.closedReason}` : ''}
          </span>
        ) : (
          <span className={styles.hoursText}>
            <span className="visually-hidden">Open </span>
            {day.open}–{day.close}
          </span>
        )}
      </header>
      <div className={styles.dayBody}>
        <div className={styles.axis} aria-hidden="true">
          <div className={styles.axisSpacer} />
          <div className={styles.axisTrack} style={{ height: (span.end - span.start) * PX_PER_MIN }}>
            {hours.map((m) => (
              <span key={m} className={styles.hour} style={{ top: (m - span.start) * PX_PER_MIN }}>
                {hhmm(m)}
              </span>
            ))}
          </div>
        </div>
        <div className={styles.lanes}>
          {resources.map((resource) => {
            const blocks = placeBlocks(
              appointments.filter((a) => a.resource.id === resource.id),
              timeZone,
            );
            const preview = props.preview?.date === day.date && props.preview.resourceId === resource.id ? props.preview : null;
            return (
              <Lane
                key={resource.id}
                date={day.date}
                dayText={heading}
                resource={resource}
                hours={day}
                span={span}
                slot={slot}
                preview={preview}
                taken={blocks.filter((b) => b.appointment.status !== 'cancelled').map((b) => [b.start, b.end] as const)}
                nowMinutes={isToday ? props.nowMinutes : null}
                disabled={props.disabled}
                onBook={props.onBook}
              >
                {blocks.map((block) => (
                  <AppointmentBlock
                    key={block.appointment.id}
                    placed={block}
                    spanStart={span.start}
                    date={day.date}
                    disabled={props.disabled || block.appointment.status === 'cancelled'}
                    resizable={props.resizable(block.appointment)}
                    saving={props.savingIds.has(block.appointment.id)}
                    moving={props.movingId === block.appointment.id}
                    onOpen={props.onOpen}
                    onKey={props.onKey}
                  />
                ))}
              </Lane>
            );
          })}
        </div>
      </div>
    </section>
  );
}
