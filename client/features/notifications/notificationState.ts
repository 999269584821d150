// A staff member's notification list as the bell shows it: pure functions over
// the join_notifications snapshot, the `notification` events of their stream
// (created / read) and REST answers (older pages, a read mark).
//
// `unread` counts ALL unread notifications, loaded or not. Every unread -> read
// change is counted once whichever way it arrives first: for a loaded line by
// its own transition (event or REST answer, the other then changes nothing),
// for a line not loaded (an older page) by its `read` event alone.
import type { Envelope, Id, Notification, NotificationPage, NotificationSnapshot } from '@/lib/types';

export type NotificationEnvelope = Envelope<'notification', Notification>;

export interface NotificationsState {
  /** Whose list this is; null before we know who is signed in. */
  userId: Id | null;
  /** Newest first. */
  items: Notification[];
  unread: number;
  hasMore: boolean;
  /** Pages loaded so far (the snapshot is page 1). */
  page: number;
  loaded: boolean;
  /** read_at of lines marked read while not loaded, so an older page read before that shows them read. */
  readAt: Record<Id, string>;
}

export function emptyNotifications(userId: Id | null): NotificationsState {
  return { userId, items: [], unread: 0, hasMore: false, page: 0, loaded: false, readAt: {} };
}

const newestFirst = (a: Notification, b: Notification) =>
  a.created_at < b.created_at ? 1 : a.created_at > b.created_at ? -1 : b.id - a.id;

export function fromSnapshot(userId: Id, snapshot: NotificationSnapshot): NotificationsState {
  return {
    userId,
    items: [...snapshot.results].sort(newestFirst),
    unread: snapshot.unread,
    hasMore: snapshot.has_more,
    page: 1,
    loaded: true,
    readAt: {},
  };
}

function replace(state: NotificationsState, notification: Notification): Notification[] {
  return state.items.map((n) => (n.id === notification.id ? notification : n));
}

/** A line now read (event or REST answer). */
export function markedRead(state: NotificationsState, notification: Notification): NotificationsState {
  const known = state.items.find((n) => n.id === notification.id);
  if (known) {
    if (known.read_at !== null) return { ...state, items: replace(state, { ...notification, read_at: known.read_at }) };
    return { ...state, items: replace(state, notification), unread: Math.max(0, state.unread - 1) };
  }
  if (state.readAt[notification.id]) return state;
  return {
    ...state,
    unread: Math.max(0, state.unread - 1),
    readAt: { ...state.readAt, [notification.id]: notification.read_at ?? new Date().toISOString() },
  };
}

function created(state: NotificationsState, notification: Notification): NotificationsState {
  if (state.items.some((n) => n.id === notification.id)) return state;
  return {
    ...state,
    items: [notification, ...state.items].sort(newestFirst),
    unread: state.unread + (notification.read_at === null ? 1 : 0),
  };
}

/** One event of the person's stream, in seq order (lib/streamCursor). */
export function applyEnvelope(state: NotificationsState, envelope: NotificationEnvelope): NotificationsState {
  if (envelope.event !== 'notification') return state;
  if (envelope.op === 'created') return created(state, envelope.data);
  if (envelope.op === 'read') return markedRead(state, envelope.data);
  return state;
}

/** "Mark all read" answered: every loaded line is read (the events fix the exact times and the rest). */
export function allLoadedRead(state: NotificationsState, at: string): NotificationsState {
  let unread = state.unread;
  const items = state.items.map((n) => {
    if (n.read_at !== null) return n;
    unread -= 1;
    return { ...n, read_at: at };
  });
  return { ...state, items, unread: Math.max(0, unread) };
}

/** An older page over REST: added below, without counting anything again. */
export function appendPage(state: NotificationsState, page: NotificationPage): NotificationsState {
  const known = new Set(state.items.map((n) => n.id));
  const older = page.results
    .filter((n) => !known.has(n.id))
    .map((n) => (n.read_at === null && state.readAt[n.id] ? { ...n, read_at: state.readAt[n.id]! } : n));
  return { ...state, items: [...state.items, ...older].sort(newestFirst), hasMore: page.has_more, page: Math.max(state.page, page.page) };
}
