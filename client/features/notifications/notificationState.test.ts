import { describe, expect, it } from 'vitest';
import type { Notification } from '@/lib/types';
import {
  allLoadedRead,
  appendPage,
  applyEnvelope,
  emptyNotifications,
  fromSnapshot,
  markedRead,
  type NotificationEnvelope,
} from './notificationState';

const note = (id: number, over: Partial<Notification> = {}): Notification => ({
  id,
  kind: 'mention',
  text: `Note ${id}`,
  url: `/board?id=1&card=${id}`,
  actor: { id: 7, name: 'Alex Morgan' },
  created_at: `2026-12-08T10:${String(id).padStart(2, '0')}:00Z`,
  read_at: null,
  ...over,
});

const event = (seq: number, op: 'created' | 'read', data: Notification): NotificationEnvelope => ({
  stream: 'staff:1',
  seq,
  event: 'notification',
  op,
  data,
  mutation_id: null,
});

const READ_AT = '2026-12-08T11:00:00Z';
const snapshot = (results: Notification[], unread: number, has_more = false) =>
  fromSnapshot(1, { results, unread, has_more, page: 1, seq: 10 });

describe('notification list', () => {
  it('starts from the snapshot, newest first', () => {
    const s = snapshot([note(1), note(3), note(2, { read_at: READ_AT })], 2);
    expect(s.items.map((n) => n.id)).toEqual([3, 2, 1]);
    expect(s.unread).toBe(2);
    expect(s.loaded).toBe(true);
  });

  it('a new notification goes on top and counts as unread, once', () => {
    let s = snapshot([note(1)], 1);
    s = applyEnvelope(s, event(11, 'created', note(2)));
    s = applyEnvelope(s, event(11, 'created', note(2)));
    expect(s.items.map((n) => n.id)).toEqual([2, 1]);
    expect(s.unread).toBe(2);
  });

  it('a read mark counts once whether the answer or the event comes first', () => {
    const read = note(1, { read_at: READ_AT });
    const answerFirst = applyEnvelope(markedRead(snapshot([note(1)], 1), read), event(11, 'read', read));
    const eventFirst = markedRead(applyEnvelope(snapshot([note(1)], 1), event(11, 'read', read)), read);
    for (const s of [answerFirst, eventFirst]) {
      expect(s.unread).toBe(0);
      expect(s.items[0]!.read_at).toBe(READ_AT);
    }
  });

  it('a line not loaded yet that is read lowers the count and shows read when its page comes', () => {
    let s = snapshot([note(5)], 3, true);
    s = applyEnvelope(s, event(11, 'read', note(2, { read_at: READ_AT })));
    expect(s.unread).toBe(2);
    // The older page was read before the mark: its line says unread, but the mark wins.
    s = appendPage(s, { results: [note(2), note(1)], unread: 3, has_more: false, page: 2 });
    expect(s.items.map((n) => [n.id, n.read_at])).toEqual([
      [5, null],
      [2, READ_AT],
      [1, null],
    ]);
    expect(s.unread).toBe(2);
    expect(s.hasMore).toBe(false);
  });

  it('mark all read reads the loaded lines; the events then change nothing more', () => {
    let s = snapshot([note(2), note(1)], 3, true);
    s = allLoadedRead(s, READ_AT);
    expect(s.unread).toBe(1);
    s = applyEnvelope(s, event(11, 'read', note(1, { read_at: READ_AT })));
    s = applyEnvelope(s, event(12, 'read', note(2, { read_at: READ_AT })));
    expect(s.unread).toBe(1);
    s = applyEnvelope(s, event(13, 'read', note(0, { read_at: READ_AT }))); // the one on page 2
    expect(s.unread).toBe(0);
  });

  it('never counts below zero', () => {
    const s = applyEnvelope(emptyNotifications(1), event(1, 'read', note(1, { read_at: READ_AT })));
    expect(s.unread).toBe(0);
  });
});
