// One appointment on the grid: placed by time, coloured by status, and
// marked in words when pending (never colour alone). Drag it to move it, drag
// its bottom edge to change its length; Enter opens it, M or Space picks it up
// for moving with the arrow keys (CalendarGrid handles those keys).
import { useDraggable } from '@dnd-kit/core';
import type { KeyboardEvent, MouseEvent, TouchEvent } from 'react';
import { Icon } from '@/components/Icon';
import { STATUS_TEXT } from '@/lib/format';
import type { Appointment } from '@/lib/types';
import { hhmm } from './time';
import { PX_PER_MIN, type Placed } from './layout';
import styles from './calendar.module.css';

export type DragData = { kind: 'move' | 'resize'; id: number };

export function BlockFace({ appointment, start, end }: { appointment: Appointment; start: number; end: number }) {
  const status = appointment.status;
  // Lanes are narrow: the status word first (pending must read as pending
  // without its colour), then who, then when and what; the grid shows the time too.
  return (
    <>
      {status !== 'confirmed' && status !== 'completed' ? <span className={styles.tag}>{STATUS_TEXT[status]}</span> : null}
      <span className={styles.blockName}>{appointment.customer.name}</span>
      <span className={styles.blockLine}>
        {status === 'completed' ? <Icon name="check" title="Completed" /> : null}
        <span className={styles.blockTime} title={`${hhmm(start)}–${hhmm(end)}`}>
          {hhmm(start)}
        </span>
        <span className={styles.blockService}>{appointment.service.name}</span>
      </span>
    </>
  );
}

export function blockLabel(a: Appointment, start: number, end: number): string {
  return `${hhmm(start)} to ${hhmm(end)}, ${a.customer.name}, ${a.service.name}, ${a.resource.name}, ${STATUS_TEXT[a.status]}`;
}

export function AppointmentBlock({
  placed,
  spanStart,
  date,
  disabled,
  resizable,
  saving,
  moving,
  onOpen,
  onKey,
}: {
  placed: Placed;
  spanStart: number;
  date: string;
  disabled: boolean;
  resizable: boolean;
  saving: boolean;
  moving: boolean;
  onOpen: (id: number) => void;
  onKey: (e: KeyboardEvent<HTMLElement>, a: Appointment, placed: Placed) => void;
}) {
  const a = placed.appointment;
  const move = useDraggable({ id: `move-${a.id}`, data: { kind: 'move', id: a.id } satisfies DragData, disabled });
  const resize = useDraggable({
    id: `resize-${a.id}`,
    data: { kind: 'resize', id: a.id } satisfies DragData,
    disabled: disabled || !resizable,
  });
  const width = 100 / placed.columns;
  const style = {
    top: (placed.start - spanStart) * PX_PER_MIN,
    height: Math.max((placed.end - placed.start) * PX_PER_MIN - 2, 14),
    left: `calc(${placed.column * width}% + 2px)`,
    width: `calc(${width}% - 4px)`,
  };
  const className = [
    styles.block,
    styles[`status-${a.status}`],
    move.isDragging || resize.isDragging || moving ? styles.dragging : '',
    saving ? styles.saving : '',
  ].join(' ');

  // The resize edge must not also start a move of the whole block.
  // dnd-kit types its listeners as plain Functions.
  const stop = (handler: unknown) => (e: MouseEvent | TouchEvent) => {
    e.stopPropagation();
    if (typeof handler === 'function') (handler as (ev: MouseEvent | TouchEvent) => void)(e);
  };

  return (
    <div
      ref={move.setNodeRef}
      {...move.attributes}
      {...move.listeners}
      aria-roledescription="appointment"
      aria-label={blockLabel(a, placed.start, placed.end)}
      aria-busy={saving || undefined}
      className={className}
      style={style}
      data-testid={`appointment-${a.id}`}
      data-date={date}
      data-start={hhmm(placed.start)}
      data-end={hhmm(placed.end)}
      data-resource-id={a.resource.id}
      data-status={a.status}
      onClick={() => onOpen(a.id)}
      onKeyDown={(e) => onKey(e, a, placed)}
    >
      <BlockFace appointment={a} start={placed.start} end={placed.end} />
      {resizable && !disabled ? (
        <div
          ref={resize.setNodeRef}
          className={styles.resize}
          aria-hidden="true"
          data-testid={`resize-${a.id}`}
          onMouseDown={stop(resize.listeners?.onMouseDown)}
          onTouchStart={stop(resize.listeners?.onTouchStart)}
          onClick={(e) => e.stopPropagation()}
        />
      ) : null}
    </div>
  );
}
