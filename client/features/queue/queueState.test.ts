import { describe, expect, it } from 'vitest';
import type { Appointment } from '@/lib/types';
import { appointment } from '@/test/fixtures';
import { applyChange, emptyQueue, loadList, pendingList, startLoad, waited } from './queueState';

const req = (id: number, created: string, over: Partial<Appointment> = {}): Appointment =>
  appointment(id, '2026-12-07T10:00:00Z', { status: 'pending', created_at: created, updated_at: created, ...over });

const ids = (s: typeof emptyQueue) => pendingList(s).map((a) => a.id);

describe('pending queue', () => {
  it('lists pending requests oldest first', () => {
    const s = loadList(emptyQueue, [req(2, '2026-12-01T10:00:00Z'), req(1, '2026-12-01T11:00:00Z')]);
    expect(ids(s)).toEqual([2, 1]);
    expect(s.loaded).toBe(true);
  });

  it('a new request joins, a confirmed or declined one leaves', () => {
    let s = loadList(emptyQueue, [req(1, '2026-12-01T10:00:00Z')]);
    s = applyChange(s, req(2, '2026-12-01T12:00:00Z'));
    expect(ids(s)).toEqual([1, 2]);
    s = applyChange(s, req(1, '2026-12-01T10:00:00Z', { status: 'confirmed', version: 2 }));
    expect(ids(s)).toEqual([2]);
    s = applyChange(s, req(2, '2026-12-01T12:00:00Z', { status: 'cancelled', version: 2 }));
    expect(ids(s)).toEqual([]);
  });

  it('ignores an older copy of a request (a late event or a stale list)', () => {
    let s = applyChange(emptyQueue, req(1, '2026-12-01T10:00:00Z', { status: 'confirmed', version: 2 }));
    // The list was read before the confirmation.
    s = loadList(s, [req(1, '2026-12-01T10:00:00Z')]);
    expect(ids(s)).toEqual([]);
    s = applyChange(s, req(1, '2026-12-01T10:00:00Z', { version: 1 }));
    expect(ids(s)).toEqual([]);
  });

  it('keeps a request that arrived before the list did', () => {
    let s = applyChange(emptyQueue, req(5, '2026-12-01T13:00:00Z'));
    s = loadList(s, [req(1, '2026-12-01T10:00:00Z')]);
    expect(ids(s)).toEqual([1, 5]);
  });

  it('a fresh list drops requests that left while disconnected', () => {
    let s = loadList(emptyQueue, [req(1, '2026-12-01T10:00:00Z'), req(2, '2026-12-01T11:00:00Z')]);
    s = startLoad(s);
    s = loadList(s, [req(2, '2026-12-01T11:00:00Z')]);
    expect(ids(s)).toEqual([2]);
  });

  it('an edit of a pending request updates it in place', () => {
    let s = loadList(emptyQueue, [req(1, '2026-12-01T10:00:00Z')]);
    s = applyChange(s, req(1, '2026-12-01T10:00:00Z', { version: 2, start: '2026-12-08T10:00:00Z' }));
    expect(pendingList(s)[0]!.start).toBe('2026-12-08T10:00:00Z');
  });

  it('says how long a request has waited', () => {
    const now = Date.parse('2026-12-01T13:00:00Z');
    expect(waited('2026-12-01T12:59:40Z', now)).toBe('waiting under a minute');
    expect(waited('2026-12-01T12:15:00Z', now)).toBe('waiting 45 min');
    expect(waited('2026-12-01T10:00:00Z', now)).toBe('waiting 3 h');
    expect(waited('2026-11-27T10:00:00Z', now)).toBe('waiting 4 days');
  });
});
