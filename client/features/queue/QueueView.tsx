// Every pending request across all days, oldest first, live: confirm or
// decline one in a click, or several at once.
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import type { Appointment, Id } from '@/lib/types';
import { useMinuteClock } from '@/hooks/useMinuteClock';
import { ConnectionBadge } from '@/components/ConnectionBadge';
import { Icon } from '@/components/Icon';
import { Empty, ErrorBox, Loading } from '@/components/States';
import { useToast } from '@/components/Toast';
import { fetchBusiness, queueKeys } from './api';
import { DeclineDialog } from './DeclineDialog';
import { pendingList } from './queueState';
import { QueueRow } from './QueueRow';
import { usePendingQueue } from './usePendingQueue';
import styles from './queue.module.css';

export function QueueView() {
  const business = useQuery({ queryKey: queueKeys.business, queryFn: fetchBusiness, staleTime: 10 * 60_000 });
  const { socket, queue, error, reload, confirm, decline, runBulk } = usePendingQueue();
  const toast = useToast();
  const now = useMinuteClock();
  const [selected, setSelected] = useState<Set<Id>>(new Set());
  const [busy, setBusy] = useState<Set<Id>>(new Set());
  const [declining, setDeclining] = useState<Appointment[] | null>(null);
  const live = socket.status === 'connected';
  const list = pendingList(queue);

  const tz = business.data?.time_zone;
  const locale = business.data?.locale;
  const formatWhen = useMemo(() => {
    if (!tz) return null;
    const text = new Intl.DateTimeFormat(locale, { timeZone: tz, weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
    const day = new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' });
    return (iso: string) => ({ text: text.format(new Date(iso)), date: day.format(new Date(iso)) });
  }, [tz, locale]);

  // Requests that left the queue (by us or a colleague) leave the selection too.
  const chosen = list.filter((a) => selected.has(a.id));

  const mark = (ids: Id[], on: boolean) =>
    setBusy((b) => {
      const next = new Set(b);
      for (const id of ids) if (on) next.add(id);
      else next.delete(id);
      return next;
    });

  async function one(a: Appointment, run: () => Promise<void>, done: string) {
    mark([a.id], true);
    try {
      await run();
      toast(done, 'success');
    } catch (err) {
      toast(`${a.customer.name}: ${err instanceof Error ? err.message : String(err)}`, 'error');
    } finally {
      mark([a.id], false);
    }
  }

  async function many(action: 'confirm' | 'decline', items: Appointment[], reason = '') {
    const ids = items.map((a) => a.id);
    mark(ids, true);
    try {
      const failed = await runBulk(action, ids, reason);
      const okCount = ids.length - failed.length;
      if (okCount) toast(`${action === 'confirm' ? 'Confirmed' : 'Declined'} ${okCount} request${okCount === 1 ? '' : 's'}.`, 'success');
      for (const f of failed) {
        const who = items.find((a) => a.id === f.id)?.customer.name ?? `#${f.id}`;
        toast(`${who}: ${f.error.message || f.error.code}`, 'error');
      }
      setSelected(new Set(failed.map((f) => f.id)));
    } finally {
      mark(ids, false);
    }
  }

  const allChecked = list.length > 0 && chosen.length === list.length;

  return (
    <section className={live ? '' : 'stale'} data-testid="queue">
      <div className="page-head">
        <h1>
          Pending requests{queue.loaded ? <span data-testid="queue-count"> ({list.length})</span> : null}
        </h1>
        <ConnectionBadge status={socket.status} error={socket.error} transport={socket.transport} />
      </div>
      {!live && queue.loaded ? (
        <p className="notice" role="status">
          Connection lost: the list may be out of date. It will refresh when the connection is back.
        </p>
      ) : null}
      {error ? (
        <ErrorBox error={error} onRetry={reload} />
      ) : !queue.loaded || !formatWhen ? (
        <Loading label="Loading requests…" />
      ) : list.length === 0 ? (
        <Empty>
          <Icon name="check" /> No pending requests. New ones appear here as they come in.
        </Empty>
      ) : (
        <>
          <div className={styles.bar}>
            <label className={styles.selectAll}>
              <input
                type="checkbox"
                checked={allChecked}
                onChange={(e) => setSelected(e.target.checked ? new Set(list.map((a) => a.id)) : new Set())}
                data-testid="queue-select-all"
              />
              Select all
            </label>
            <button type="button" className="primary" disabled={!chosen.length || !live} onClick={() => void many('confirm', chosen)} data-testid="confirm-selected">
              Confirm selected ({chosen.length})
            </button>
            <button type="button" className="danger" disabled={!chosen.length || !live} onClick={() => setDeclining(chosen)} data-testid="decline-selected">
              Decline selected ({chosen.length})
            </button>
          </div>
          <ul className={styles.list} data-testid="queue-list" aria-label="Pending requests, oldest first">
            {list.map((a) => (
              <QueueRow
                key={a.id}
                a={a}
                when={formatWhen(a.start)}
                now={now}
                selected={selected.has(a.id)}
                busy={busy.has(a.id)}
                disabled={!live}
                onSelect={(on) =>
                  setSelected((s) => {
                    const next = new Set(s);
                    if (on) next.add(a.id);
                    else next.delete(a.id);
                    return next;
                  })
                }
                onConfirm={() => void one(a, () => confirm(a.id), `Confirmed ${a.customer.name}.`)}
                onDecline={() => setDeclining([a])}
              />
            ))}
          </ul>
        </>
      )}
      {declining ? (
        <DeclineDialog
          count={declining.length}
          who={declining[0]?.customer.name ?? ''}
          onClose={() => setDeclining(null)}
          onDecline={async (reason) => {
            const items = declining;
            setDeclining(null);
            if (items.length === 1) await one(items[0]!, () => decline(items[0]!.id, reason), `Declined ${items[0]!.customer.name}.`);
            else await many('decline', items, reason);
          }}
        />
      ) : null}
    </section>
  );
}
