// Geometry of the grid: which hours to draw and where each block goes. Pure;
// see layout.test.ts.
import type { Appointment } from '@/lib/types';
import { parseHHMM, zoned } from './time';

export interface Hours {
  open: string | null;
  close: string | null;
}

/**
 * The time span every day column shares (so a block dragged from one day to
 * another keeps its height): the widest opening hours on screen, widened to
 * any appointment outside them, whole hours; 08:00-18:00 when all are closed.
 */
export function gridSpan(days: readonly Hours[], appointments: readonly Appointment[], timeZone: string): { start: number; end: number } {
  let start = Infinity;
  let end = -Infinity;
  for (const d of days) {
    if (d.open && d.close) {
      start = Math.min(start, parseHHMM(d.open));
      end = Math.max(end, parseHHMM(d.close));
    }
  }
  for (const a of appointments) {
    const s = zoned(a.start, timeZone);
    const e = zoned(a.end, timeZone);
    start = Math.min(start, s.minutes);
    end = Math.max(end, e.date === s.date ? e.minutes : 24 * 60);
  }
  if (!Number.isFinite(start) || !Number.isFinite(end) || end <= start) return { start: 8 * 60, end: 18 * 60 };
  return { start: Math.floor(start / 60) * 60, end: Math.min(24 * 60, Math.ceil(end / 60) * 60) };
}

export interface Placed {
  appointment: Appointment;
  /** Minutes since midnight, business time. */
  start: number;
  end: number;
  /** Side-by-side position when blocks overlap (a cancelled one under its replacement). */
  column: number;
  columns: number;
}

/** Blocks of one lane, overlapping ones side by side. */
export function placeBlocks(list: readonly Appointment[], timeZone: string): Placed[] {
  const items = list
    .map((appointment) => {
      const s = zoned(appointment.start, timeZone);
      const e = zoned(appointment.end, timeZone);
      return { appointment, start: s.minutes, end: e.date === s.date ? Math.max(e.minutes, s.minutes + 5) : 24 * 60, column: 0, columns: 1 };
    })
    .sort((a, b) => a.start - b.start || b.end - a.end || a.appointment.id - b.appointment.id);
  const out: Placed[] = [];
  let cluster: Placed[] = [];
  let clusterEnd = -1;
  const flush = () => {
    const n = Math.max(0, ...cluster.map((p) => p.column)) + 1;
    for (const p of cluster) p.columns = n;
    out.push(...cluster);
    cluster = [];
  };
  for (const item of items) {
    if (item.start >= clusterEnd && cluster.length) flush();
    const used = new Set(cluster.filter((p) => p.end > item.start).map((p) => p.column));
    let col = 0;
    while (used.has(col)) col++;
    item.column = col;
    cluster.push(item);
    clusterEnd = Math.max(clusterEnd, item.end);
  }
  if (cluster.length) flush();
  return out;
}

/** Closed stretches of a lane, as [from, to] minutes within the span. */
export function outsideHours(hours: Hours, span: { start: number; end: number }): Array<[number, number]> {
  if (!hours.open || !hours.close) return [[span.start, span.end]];
  const open = parseHHMM(hours.open);
  const close = parseHHMM(hours.close);
  const out: Array<[number, number]> = [];
  if (open > span.start) out.push([span.start, Math.min(open, span.end)]);
  if (close < span.end) out.push([Math.max(close, span.start), span.end]);
  return out;
}

/** The bookable slot starts of a lane: inside opening hours, on the grid. */
export function slotStarts(hours: Hours, slot: number): number[] {
  if (!hours.open || !hours.close) return [];
  const out: number[] = [];
  for (let m = parseHHMM(hours.open); m + slot <= parseHHMM(hours.close); m += slot) out.push(m);
  return out;
}

/** Vertical scale of the grid. A 30-minute slot is 36 px: one line of text fits. */
export const PX_PER_MIN = 1.2;

/** A place on the grid, in business time: a lane of a day and minutes since midnight. */
export interface Spot {
  date: string;
  resourceId: number;
  start: number;
  end: number;
}

export interface LaneRef {
  date: string;
  resourceId: number;
}

const clamp = (v: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, v));

/** Where a block dropped with its top at `blockTop` lands in the lane whose top is `laneTop`. */
export function dropSpot(
  lane: LaneRef,
  blockTop: number,
  laneTop: number,
  span: { start: number; end: number },
  slot: number,
  duration: number,
): Spot {
  const raw = span.start + (blockTop - laneTop) / PX_PER_MIN;
  const start = clamp(Math.round((raw - span.start) / slot) * slot + span.start, span.start, Math.max(span.start, span.end - duration));
  return { ...lane, start, end: start + duration };
}

/** A new end for a bottom-edge drag of `dy` pixels: whole slots, at least one slot long. */
export function resizeSpot(spot: Spot, dy: number, span: { end: number }, slot: number): Spot {
  const end = clamp(spot.end + Math.round(dy / PX_PER_MIN / slot) * slot, spot.start + slot, span.end);
  return { ...spot, end };
}

export type Nudge = 'up' | 'down' | 'left' | 'right' | 'longer' | 'shorter';

/**
 * The keyboard alternative to dragging: up/down move by one slot, left/right
 * to the neighbouring lane (across days, in screen order), longer/shorter
 * change the end by one slot. Stays inside the grid.
 */
export function nudgeSpot(spot: Spot, how: Nudge, lanes: readonly LaneRef[], span: { start: number; end: number }, slot: number): Spot {
  const duration = spot.end - spot.start;
  switch (how) {
    case 'up':
    case 'down': {
      const start = clamp(spot.start + (how === 'up' ? -slot : slot), span.start, span.end - duration);
      return { ...spot, start, end: start + duration };
    }
    case 'left':
    case 'right': {
      const i = lanes.findIndex((l) => l.date === spot.date && l.resourceId === spot.resourceId);
      const next = lanes[clamp(i + (how === 'left' ? -1 : 1), 0, lanes.length - 1)];
      return next ? { ...spot, date: next.date, resourceId: next.resourceId } : spot;
    }
    case 'longer':
      return { ...spot, end: Math.min(spot.end + slot, span.end) };
    case 'shorter':
      return { ...spot, end: Math.max(spot.end - slot, spot.start + slot) };
  }
}
