// The bell in the staff navigation: the unread count, live, and the list in a
// dialog (keyboard: Tab through the lines, Enter opens one, Escape closes).
import { useRouter } from 'next/router';
import { useEffect, useState } from 'react';
import { errorFields } from '@/lib/api';
import { formatDateTime } from '@/lib/format';
import type { Notification } from '@/lib/types';
import { Dialog } from '@/components/Dialog';
import { Icon } from '@/components/Icon';
import { Empty, Loading } from '@/components/States';
import { fetchPreferences, updatePreferences } from './api';
import styles from './notifications.module.css';
import { useNotifications } from './useNotifications';

export function NotificationBell() {
  const notifications = useNotifications();
  const [open, setOpen] = useState(false);
  const { unread } = notifications;
  const label = unread === 0 ? 'Notifications' : `Notifications, ${unread} unread`;
  return (
    <>
      <button
        type="button"
        className={`icon ${styles.bell}`}
        aria-label={label}
        title={label}
        aria-haspopup="dialog"
        aria-expanded={open}
        onClick={() => setOpen(true)}
        data-testid="notification-bell"
        data-loaded={notifications.loaded ? 'true' : 'false'}
      >
        <Icon name="bell" />
        {unread > 0 ? (
          <span className={styles.count} aria-hidden="true" data-testid="notification-count">
            {unread > 99 ? '99+' : unread}
          </span>
        ) : null}
      </button>
      {open ? <NotificationList notifications={notifications} onClose={() => setOpen(false)} /> : null}
    </>
  );
}

function NotificationList({
  notifications,
  onClose,
}: {
  notifications: ReturnType<typeof useNotifications>;
  onClose: () => void;
}) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const { items, unread, loaded, hasMore } = notifications;

  async function run(action: () => Promise<unknown>) {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (e) {
      setError(errorFields(e).message);
    } finally {
      setBusy(false);
    }
  }

  async function open(notification: Notification) {
    await run(() => notifications.markRead(notification));
    onClose();
    if (notification.url) await router.push(notification.url);
  }

  return (
    <Dialog title="Notifications" onClose={onClose} testId="notifications">
      <div className={styles.toolbar}>
        <span role="status" aria-live="polite" data-testid="notifications-unread">
          {unread === 0 ? 'All read' : `${unread} unread`}
        </span>
        <button type="button" disabled={busy || unread === 0} onClick={() => void run(notifications.markAllRead)} data-testid="notifications-read-all">
          <Icon name="check" /> Mark all read
        </button>
      </div>
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
      {!loaded ? <Loading label="Loading notifications…" /> : null}
      {loaded && items.length === 0 ? <Empty>No notifications yet. Mentions, assignments and due dates show up here.</Empty> : null}
      <ul className={styles.list} data-testid="notification-list">
        {items.map((n) => (
          <li key={n.id}>
            <button
              type="button"
              className={`${styles.item}${n.read_at === null ? ` ${styles.unread}` : ''}`}
              onClick={() => void open(n)}
              data-testid="notification-item"
              data-unread={n.read_at === null ? 'true' : 'false'}
            >
              {n.read_at === null ? <span className={styles.dot} aria-hidden="true" /> : <span aria-hidden="true" />}
              <span className={styles.text}>
                {n.read_at === null ? <span className="visually-hidden">Unread: </span> : null}
                {n.text}
              </span>
              <span className={styles.when}>{formatDateTime(n.created_at)}</span>
            </button>
          </li>
        ))}
      </ul>
      {hasMore ? (
        <button type="button" disabled={busy} onClick={() => void run(notifications.loadMore)} data-testid="notifications-more">
          Show older
        </button>
      ) : null}
      <EmailSetting />
    </Dialog>
  );
}

function EmailSetting() {
  const [email, setEmail] = useState<boolean | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    fetchPreferences()
      .then((prefs) => !cancelled && setEmail(prefs.email))
      .catch((e: unknown) => !cancelled && setError(errorFields(e).message));
    return () => {
      cancelled = true;
    };
  }, []);

  async function change(next: boolean) {
    const before = email;
    setEmail(next);
    setError(null);
    try {
      setEmail((await updatePreferences({ email: next })).email);
    } catch (e) {
      setEmail(before);
      setError(errorFields(e).message);
    }
  }

  return (
    <div className={styles.settings}>
      <label className="label-option">
        <input
          type="checkbox"
          checked={email ?? false}
          disabled={email === null}
          onChange={(e) => void change(e.target.checked)}
          data-testid="notifications-email"
        />
        Email me about mentions, assignments and due dates
      </label>
      {error ? (
        <small className="field-error" role="alert">
          {error}
        </small>
      ) : null}
    </div>
  );
}
