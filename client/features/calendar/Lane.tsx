// One resource's column on one day: closed hours shaded, a button per free
// slot to book (one Tab stop per lane; arrow keys move between its slots),
// the appointments, the drop preview and the now-line.
import { useDroppable } from '@dnd-kit/core';
import type { KeyboardEvent, ReactNode } from 'react';
import type { Resource } from '@/lib/types';
import { hhmm } from './time';
import { outsideHours, PX_PER_MIN, slotStarts, type Hours, type LaneRef, type Spot } from './layout';
import styles from './calendar.module.css';

export const laneDndId = (date: string, resourceId: number) => `lane-${date}-${resourceId}`;

function moveFocus(e: KeyboardEvent<HTMLButtonElement>) {
  const step = e.key === 'ArrowDown' ? 1 : e.key === 'ArrowUp' ? -1 : 0;
  if (!step) return;
  e.preventDefault();
  const buttons = [...(e.currentTarget.parentElement?.querySelectorAll<HTMLButtonElement>('button[data-slot]') ?? [])];
  const next = buttons[buttons.indexOf(e.currentTarget) + step];
  next?.focus();
}

export function Lane({
  date,
  dayText,
  resource,
  hours,
  span,
  slot,
  preview,
  taken,
  nowMinutes,
  disabled,
  onBook,
  children,
}: {
  date: string;
  dayText: string;
  resource: Resource;
  hours: Hours;
  span: { start: number; end: number };
  slot: number;
  preview: (Spot & { text: string }) | null;
  /** Times already booked in this lane, [start, end) minutes: no slot to book there. */
  taken: ReadonlyArray<readonly [number, number]>;
  nowMinutes: number | null;
  disabled: boolean;
  onBook: (lane: LaneRef, minutes: number) => void;
  children: ReactNode;
}) {
  const { setNodeRef, isOver } = useDroppable({ id: laneDndId(date, resource.id), data: { date, resourceId: resource.id } satisfies LaneRef });
  const height = (span.end - span.start) * PX_PER_MIN;
  const y = (m: number) => (m - span.start) * PX_PER_MIN;
  const slots = slotStarts(hours, slot).filter(
    (m) => m >= span.start && m + slot <= span.end && !taken.some(([from, to]) => m < to && m + slot > from),
  );

  return (
    <div className={styles.lane} data-testid={`lane-${date}-${resource.id}`}>
      <div className={styles.laneName} title={resource.name}>
        {resource.name}
      </div>
      <div
        ref={setNodeRef}
        className={styles.laneBody}
        style={{ height, backgroundSize: `100% ${slot * PX_PER_MIN}px`, outline: isOver ? '2px solid #86a8f0' : undefined }}
        role="group"
        aria-label={`${resource.name}, ${dayText}`}
      >
        {outsideHours(hours, span).map(([from, to]) => (
          <div key={from} className={styles.outside} style={{ top: y(from), height: (to - from) * PX_PER_MIN }} aria-hidden="true" />
        ))}
        {slots.map((m, i) => (
          <button
            key={m}
            type="button"
            data-slot
            className={styles.slot}
            style={{ top: y(m), height: slot * PX_PER_MIN }}
            tabIndex={i === 0 ? 0 : -1}
            disabled={disabled}
            aria-label={`Book ${resource.name} at ${hhmm(m)}, ${dayText}`}
            data-testid={`slot-${date}-${resource.id}-${hhmm(m)}`}
            onClick={() => onBook({ date, resourceId: resource.id }, m)}
            onKeyDown={moveFocus}
          />
        ))}
        {children}
        {preview ? (
          <div
            className={styles.preview}
            style={{ top: y(preview.start), height: (preview.end - preview.start) * PX_PER_MIN }}
            data-testid="drop-preview"
            aria-hidden="true"
          >
            {preview.text}
          </div>
        ) : null}
        {nowMinutes !== null && nowMinutes >= span.start && nowMinutes <= span.end ? (
          <div className={styles.nowLine} style={{ top: y(nowMinutes) }} data-testid="now-line" aria-hidden="true" />
        ) : null}
      </div>
    </div>
  );
}
