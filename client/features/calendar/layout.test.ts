import { describe, expect, it } from 'vitest';
import { appt } from './fixtures';
import { gridSpan, outsideHours, placeBlocks, slotStarts } from './layout';

const tz = 'Etc/GMT'; // UTC: instants read as written

describe('calendar layout', () => {
  it('spans the widest opening hours and any appointment outside them', () => {
    expect(gridSpan([{ open: '09:00', close: '17:00' }, { open: '10:00', close: '18:30' }], [], tz)).toEqual({ start: 540, end: 1140 });
    expect(gridSpan([{ open: '09:00', close: '17:00' }], [appt(1, '2026-12-07T07:30:00Z')], tz)).toEqual({ start: 420, end: 1020 });
    expect(gridSpan([{ open: null, close: null }], [], tz)).toEqual({ start: 480, end: 1080 });
  });

  it('puts overlapping blocks side by side', () => {
    const placed = placeBlocks(
      [appt(1, '2026-12-07T09:00:00Z'), appt(2, '2026-12-07T09:00:00Z'), appt(3, '2026-12-07T10:00:00Z')],
      tz,
    );
    expect(placed.map((p) => [p.appointment.id, p.start, p.column, p.columns])).toEqual([
      [1, 540, 0, 2],
      [2, 540, 1, 2],
      [3, 600, 0, 1],
    ]);
  });

  it('shades outside opening hours and offers slots inside them', () => {
    const span = { start: 480, end: 1080 };
    expect(outsideHours({ open: '09:00', close: '17:00' }, span)).toEqual([
      [480, 540],
      [1020, 1080],
    ]);
    expect(outsideHours({ open: null, close: null }, span)).toEqual([[480, 1080]]);
    expect(slotStarts({ open: '09:00', close: '10:30' }, 30)).toEqual([540, 570, 600]);
    expect(slotStarts({ open: null, close: null }, 30)).toEqual([]);
  });
});

describe('moving on the grid', () => {
  const span = { start: 480, end: 1080 };
  const lanes = [
    { date: '2026-12-07', resourceId: 1 },
    { date: '2026-12-07', resourceId: 2 },
    { date: '2026-12-08', resourceId: 1 },
  ];
  const spot = { date: '2026-12-07', resourceId: 1, start: 540, end: 570 };

  it('snaps a drop to the slot grid inside the span', async () => {
    const { dropSpot, PX_PER_MIN } = await import('./layout');
    // Block top 100 min below the lane top = 09:40 -> 09:30.
    expect(dropSpot(lanes[1]!, 100 + 100 * PX_PER_MIN, 100, span, 30, 30)).toEqual({ ...lanes[1]!, start: 570, end: 600 });
    expect(dropSpot(lanes[0]!, -500, 100, span, 30, 60)).toMatchObject({ start: 480, end: 540 });
    expect(dropSpot(lanes[0]!, 99_999, 100, span, 30, 60)).toMatchObject({ start: 1020, end: 1080 });
  });

  it('resizes by whole slots, never shorter than one', async () => {
    const { resizeSpot, PX_PER_MIN } = await import('./layout');
    expect(resizeSpot(spot, 40 * PX_PER_MIN, span, 30)).toMatchObject({ start: 540, end: 600 });
    expect(resizeSpot(spot, -200, span, 30)).toMatchObject({ end: 570 });
  });

  it('moves by slot and lane with the keyboard', async () => {
    const { nudgeSpot } = await import('./layout');
    expect(nudgeSpot(spot, 'down', lanes, span, 30)).toMatchObject({ start: 570, end: 600 });
    expect(nudgeSpot({ ...spot, start: 480, end: 510 }, 'up', lanes, span, 30)).toMatchObject({ start: 480 });
    expect(nudgeSpot(spot, 'right', lanes, span, 30)).toMatchObject({ date: '2026-12-07', resourceId: 2 });
    expect(nudgeSpot({ ...spot, resourceId: 2 }, 'right', lanes, span, 30)).toMatchObject({ date: '2026-12-08', resourceId: 1 });
    expect(nudgeSpot(spot, 'left', lanes, span, 30)).toEqual(spot);
    expect(nudgeSpot(spot, 'longer', lanes, span, 30)).toMatchObject({ start: 540, end: 600 });
    expect(nudgeSpot(spot, 'shorter', lanes, span, 30)).toMatchObject({ end: 570 });
  });
});
