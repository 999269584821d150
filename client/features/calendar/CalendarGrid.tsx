// The grid of days and lanes with rescheduling: drag a block (mouse or touch,
// dnd-kit) to another time and/or lane, or drag its bottom edge to change its
// length; or, from the keyboard, pick it up (M or Space), move it with the
// arrows and drop it with Enter. Both snap to the business's slot grid and
// are announced in words.
import {
  DndContext,
  DragOverlay,
  MouseSensor,
  pointerWithin,
  TouchSensor,
  useSensor,
  useSensors,
  type Announcements,
  type DragEndEvent,
  type DragMoveEvent,
  type DragStartEvent,
} from '@dnd-kit/core';
import { useEffect, useMemo, useState, type KeyboardEvent } from 'react';
import { useMinuteClock } from '@/hooks/useMinuteClock';
import type { Appointment, Resource } from '@/lib/types';
import { BlockFace, type DragData } from './AppointmentBlock';
import { appointmentsOn, type CalendarState, type PendingMove } from './calendarState';
import { DayColumn } from './DayColumn';
import { dropSpot, gridSpan, nudgeSpot, resizeSpot, type LaneRef, type Nudge, type Placed, type Spot } from './layout';
import { dayLabel, hhmm, instantOf, zoned } from './time';
import type { MoveTarget } from './useCalendar';
import styles from './calendar.module.css';

export const INSTRUCTIONS =
  'Press Enter to open the appointment. To move it, press M or Space, then the up and down arrows to change the time by one slot, ' +
  'left and right to change the lane, Shift with up or down to change its length, Enter to drop and Escape to cancel.';

interface Drag {
  kind: DragData['kind'];
  appointment: Appointment;
  from: Spot;
  to: Spot | null;
}

const sameSpot = (a: Spot, b: Spot) => a.date === b.date && a.resourceId === b.resourceId && a.start === b.start && a.end === b.end;

function spotOf(a: Appointment, timeZone: string): Spot {
  const s = zoned(a.start, timeZone);
  const e = zoned(a.end, timeZone);
  return { date: s.date, resourceId: a.resource.id, start: s.minutes, end: e.date === s.date ? e.minutes : 24 * 60 };
}

export function CalendarGrid({
  state,
  pending,
  dates,
  view,
  slot,
  locale,
  showCancelled,
  disabled,
  resizable,
  onMove,
  onOpen,
  onBook,
}: {
  state: CalendarState;
  pending: PendingMove[];
  dates: string[];
  view: 'day' | 'week';
  slot: number;
  locale: string;
  showCancelled: boolean;
  disabled: boolean;
  resizable: (a: Appointment) => boolean;
  onMove: (a: Appointment, target: MoveTarget, changeEnd: boolean) => void;
  onOpen: (id: number) => void;
  onBook: (lane: LaneRef, minutes: number) => void;
}) {
  const tz = state.timeZone;
  const now = zoned(useMinuteClock(), tz);
  const [drag, setDrag] = useState<Drag | null>(null);
  const [keyboard, setKeyboard] = useState<Drag | null>(null);
  const [said, setSaid] = useState('');
  // A block dropped from the keyboard is drawn anew in its new lane: keep focus on it.
  const [refocus, setRefocus] = useState<number | null>(null);
  useEffect(() => {
    if (refocus === null) return;
    document.querySelector<HTMLElement>(`[data-testid="appointment-${refocus}"]`)?.focus();
    setRefocus(null);
  }, [refocus]);

  const sensors = useSensors(
    useSensor(MouseSensor, { activationConstraint: { distance: 5 } }),
    // On touch screens a short press scrolls; a long one picks the block up.
    useSensor(TouchSensor, { activationConstraint: { delay: 250, tolerance: 8 } }),
  );

  const byDate = useMemo(
    () => Object.fromEntries(dates.map((d) => [d, appointmentsOn(state, d, pending, showCancelled)])),
    [state, pending, dates, showCancelled],
  );
  const span = useMemo(
    () => gridSpan(dates.map((d) => state.days[d] ?? { open: null, close: null }), Object.values(byDate).flat(), tz),
    [dates, state, byDate, tz],
  );
  const lanes: LaneRef[] = useMemo(
    () => dates.flatMap((date) => state.resources.map((r) => ({ date, resourceId: r.id }))),
    [dates, state.resources],
  );
  const resourceOf = (id: number): Resource | undefined => state.resources.find((r) => r.id === id);
  const savingIds = useMemo(() => new Set(pending.map((p) => p.id)), [pending]);
  const find = (id: number) => Object.values(byDate).flat().find((a) => a.id === id);

  const place = (s: Spot) => `${hhmm(s.start)}–${hhmm(s.end)}, ${resourceOf(s.resourceId)?.name ?? 'lane'}, ${dayLabel(s.date, locale, true)}`;

  function commit(d: Drag, to: Spot | null) {
    if (!to || sameSpot(to, d.from)) {
      setSaid(`${d.appointment.customer.name} stays at ${place(d.from)}.`);
      return;
    }
    const resource = resourceOf(to.resourceId);
    if (!resource) return;
    const target: MoveTarget = { start: instantOf(to.date, to.start, tz), end: instantOf(to.date, to.end, tz), resource };
    setSaid(`${d.appointment.customer.name} moved to ${place(to)}. Saving.`);
    onMove(d.appointment, target, d.kind === 'resize' || to.end - to.start !== d.from.end - d.from.start);
  }

  function spotFor(d: Drag, e: DragMoveEvent | DragEndEvent): Spot | null {
    if (d.kind === 'resize') return resizeSpot(d.from, e.delta.y, span, slot);
    const lane = e.over?.data.current as LaneRef | undefined;
    const top = e.active.rect.current.translated?.top;
    if (!lane || !e.over || top === undefined) return null;
    return dropSpot(lane, top, e.over.rect.top, span, slot, d.from.end - d.from.start);
  }

  function onDragStart(e: DragStartEvent) {
    const data = e.active.data.current as DragData | undefined;
    const appointment = data ? find(data.id) : undefined;
    setKeyboard(null);
    if (data && appointment) setDrag({ kind: data.kind, appointment, from: spotOf(appointment, tz), to: null });
  }

  function onDragMove(e: DragMoveEvent) {
    if (!drag) return;
    const to = spotFor(drag, e);
    if (to === drag.to || (to && drag.to && sameSpot(to, drag.to))) return;
    setDrag({ ...drag, to });
  }

  function onDragEnd(e: DragEndEvent) {
    if (drag) commit(drag, spotFor(drag, e));
    setDrag(null);
  }

  function onKey(e: KeyboardEvent<HTMLElement>, a: Appointment, placed: Placed) {
    const moving = keyboard && keyboard.appointment.id === a.id ? keyboard : null;
    if (!moving) {
      if (e.key === 'Enter') {
        e.preventDefault();
        onOpen(a.id);
      } else if ((e.key === ' ' || e.key.toLowerCase() === 'm') && !disabled && a.status !== 'cancelled') {
        e.preventDefault();
        const from = { ...spotOf(a, tz), start: placed.start, end: placed.end };
        setKeyboard({ kind: 'move', appointment: a, from, to: from });
        setSaid(`Picked up ${a.customer.name}, ${place(from)}. Arrows move it, Enter drops, Escape cancels.`);
      }
      return;
    }
    const keys: Record<string, Nudge> = e.shiftKey
      ? { ArrowUp: 'shorter', ArrowDown: 'longer' }
      : { ArrowUp: 'up', ArrowDown: 'down', ArrowLeft: 'left', ArrowRight: 'right' };
    const how = keys[e.key];
    if (how) {
      e.preventDefault();
      if ((how === 'longer' || how === 'shorter') && !resizable(a)) {
        setSaid(`The length of ${a.service.name} cannot be changed.`);
        return;
      }
      const to = nudgeSpot(moving.to ?? moving.from, how, lanes, span, slot);
      setKeyboard({ ...moving, to, kind: how === 'longer' || how === 'shorter' ? 'resize' : moving.kind });
      setSaid(place(to));
    } else if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      setKeyboard(null);
      commit(moving, moving.to);
      setRefocus(a.id);
    } else if (e.key === 'Escape' || e.key === 'Tab') {
      if (e.key === 'Escape') e.preventDefault();
      setKeyboard(null);
      setSaid(`Moving cancelled. ${a.customer.name} stays at ${place(moving.from)}.`);
    }
  }

  const active = drag ?? keyboard;
  const preview = active?.to && !sameSpot(active.to, active.from) ? { ...active.to, text: `${hhmm(active.to.start)}–${hhmm(active.to.end)}` } : null;

  const nameOf = (id: unknown) => {
    const data = (id as { data?: { current?: DragData } })?.data?.current;
    return data ? (find(data.id)?.customer.name ?? 'appointment') : 'appointment';
  };
  const announcements: Announcements = {
    onDragStart: ({ active: a }) => `Picked up ${nameOf(a)}.`,
    onDragOver: () => undefined,
    onDragEnd: () => undefined, // commit() says where it went
    onDragCancel: ({ active: a }) => `Moving cancelled. ${nameOf(a)} went back.`,
  };

  return (
    <DndContext
      sensors={sensors}
      collisionDetection={pointerWithin}
      accessibility={{ announcements, screenReaderInstructions: { draggable: INSTRUCTIONS } }}
      onDragStart={onDragStart}
      onDragMove={onDragMove}
      onDragEnd={onDragEnd}
      onDragCancel={() => setDrag(null)}
    >
      <div className={styles.scroller} data-testid="calendar-grid">
        <div className={`${styles.days} ${view === 'week' ? styles.week : ''}`}>
          {dates.map((date) =>
            state.days[date] ? (
              <DayColumn
                key={date}
                day={state.days[date]!}
                resources={state.resources}
                appointments={byDate[date] ?? []}
                span={span}
                slot={slot}
                timeZone={tz}
                locale={locale}
                isToday={now.date === date}
                nowMinutes={now.minutes}
                preview={preview}
                movingId={keyboard?.appointment.id ?? null}
                savingIds={savingIds}
                disabled={disabled}
                resizable={resizable}
                onOpen={onOpen}
                onKey={onKey}
                onBook={onBook}
              />
            ) : null,
          )}
        </div>
      </div>
      <p className="visually-hidden" aria-live="assertive" data-testid="calendar-announcer">
        {said}
      </p>
      <DragOverlay dropAnimation={null}>
        {drag && drag.kind === 'move' ? (
          <div className={`${styles.block} ${styles[`status-${drag.appointment.status}`]} ${styles.overlay}`} style={{ height: '100%', width: '100%' }}>
            <BlockFace appointment={drag.appointment} start={(drag.to ?? drag.from).start} end={(drag.to ?? drag.from).end} />
          </div>
        ) : null}
      </DragOverlay>
    </DndContext>
  );
}
