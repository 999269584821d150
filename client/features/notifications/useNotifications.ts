// The signed-in staff member's notifications, live: their own stream
// (`staff:<id>` on /workflow), joined after every (re)connect with the last
// applied seq (replay) or without (snapshot), ordered by the stream cursor.
//
// The state lives in this module, not in a component: the bell is in the page
// layout, which every page mounts anew, and a new page should neither flash an
// empty count nor reload the list; it re-joins with `after` instead.
import { useCallback, useEffect, useSyncExternalStore } from 'react';
import { useSocketIO, type SocketIO } from '@/hooks/useSocketIO';
import { useMe } from '@/lib/auth';
import { StreamFollower } from '@/lib/streamCursor';
import type { Id, Notification } from '@/lib/types';
import { fetchNotifications, markAllNotificationsRead, markNotificationRead } from './api';
import {
  allLoadedRead,
  appendPage,
  applyEnvelope,
  emptyNotifications,
  fromSnapshot,
  markedRead,
  type NotificationEnvelope,
  type NotificationsState,
} from './notificationState';

export const staffStream = (userId: Id) => `staff:${userId}`;

let current: NotificationsState = emptyNotifications(null);
const listeners = new Set<() => void>();
let emitRef: SocketIO<'/workflow'>['emit'] | null = null;

function set(next: NotificationsState): void {
  current = next;
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

const follower = new StreamFollower<NotificationEnvelope>({
  apply: (events) => set(events.reduce(applyEnvelope, current)),
  fetchMissing: async ({ after, until }) => {
    const emit = emitRef;
    if (!emit || current.userId === null) return null;
    const ack = await emit('fetch_events', { stream: staffStream(current.userId), after, until });
    return ack.ok ? (ack.data.events as NotificationEnvelope[]) : null;
  },
  resync: () => void join(),
});

/** Join (or re-join) the stream; `after` asks for the missed events instead of a snapshot. */
async function join(after?: number): Promise<void> {
  const emit = emitRef;
  const userId = current.userId;
  if (!emit || userId === null) return;
  const ack = await emit('join_notifications', after === undefined ? {} : { after });
  if (!ack.ok || current.userId !== userId) return;
  if ('snapshot' in ack.data) {
    set(fromSnapshot(userId, ack.data.snapshot));
    follower.reset(ack.data.snapshot.seq);
  } else {
    follower.push(ack.data.events as NotificationEnvelope[]);
    // The replay should end at the stream's current seq; if not, start afresh.
    if ((follower.last ?? -1) < ack.data.seq) await join();
  }
}

export function useNotifications() {
  const { data: me } = useMe();
  const userId = me?.is_staff ? me.id : null;
  const { on, emit, epoch, isConnected } = useSocketIO('/workflow');
  const state = useSyncExternalStore(subscribe, () => current, () => current);

  // Before the effects below, which join through it (effects run in order).
  useEffect(() => {
    emitRef = emit;
  }, [emit]);

  // Someone else signed in (or out): their list is not ours.
  useEffect(() => {
    if (current.userId !== userId) {
      follower.clear();
      set(emptyNotifications(userId));
    }
  }, [userId]);

  useEffect(() => {
    if (userId === null) return;
    const stream = staffStream(userId);
    return on('notification', (envelope) => {
      if (envelope.stream === stream) follower.push([envelope]);
    });
  }, [on, userId]);

  // After every (re)connect the server has forgotten our room.
  useEffect(() => {
    if (!isConnected || userId === null) return;
    void join(follower.last ?? undefined);
  }, [isConnected, epoch, userId]);

  const markRead = useCallback(async (notification: Notification) => {
    if (notification.read_at !== null) return;
    set(markedRead(current, await markNotificationRead(notification.id)));
  }, []);

  const markAllRead = useCallback(async () => {
    await markAllNotificationsRead();
    set(allLoadedRead(current, new Date().toISOString()));
  }, []);

  const loadMore = useCallback(async () => {
    set(appendPage(current, await fetchNotifications(current.page + 1)));
  }, []);

  return { ...state, live: isConnected, markRead, markAllRead, loadMore };
}
