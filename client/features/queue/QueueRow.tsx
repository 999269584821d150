// One pending request: who, what, when, where, and how long it has waited.
import Link from 'next/link';
import type { Appointment } from '@/lib/types';
import { waited } from './queueState';
import styles from './queue.module.css';

export function QueueRow({
  a,
  when,
  now,
  selected,
  busy,
  disabled,
  onSelect,
  onConfirm,
  onDecline,
}: {
  a: Appointment;
  when: { text: string; date: string };
  now: number;
  selected: boolean;
  busy: boolean;
  disabled: boolean;
  onSelect: (selected: boolean) => void;
  onConfirm: () => void;
  onDecline: () => void;
}) {
  const label = `${a.customer.name}, ${a.service.name}, ${when.text}`;
  return (
    <li className={styles.row} data-testid={`queue-row-${a.id}`} aria-busy={busy || undefined}>
      <input type="checkbox" checked={selected} onChange={(e) => onSelect(e.target.checked)} aria-label={`Select ${label}`} data-testid={`queue-select-${a.id}`} />
      <div className={styles.main}>
        <strong>{a.customer.name}</strong>
        <span className={styles.meta}>
          {a.service.name} · <Link href={{ pathname: '/admin/calendar', query: { view: 'day', date: when.date } }}>{when.text}</Link> · {a.resource.name}
        </span>
        <span className={styles.meta}>{[a.customer.email, a.customer.phone].filter(Boolean).join(' · ')}</span>
        <span className={styles.waiting} title={`Requested ${new Date(a.created_at).toLocaleString()}`}>
          Pending, {waited(a.created_at, now)}
        </span>
      </div>
      <div className={styles.buttons}>
        <button type="button" className="primary" onClick={onConfirm} disabled={busy || disabled} data-testid={`queue-confirm-${a.id}`} aria-label={`Confirm ${label}`}>
          Confirm
        </button>
        <button type="button" className="danger" onClick={onDecline} disabled={busy || disabled} data-testid={`queue-decline-${a.id}`} aria-label={`Decline ${label}`}>
          Decline
        </button>
      </div>
    </li>
  );
}
