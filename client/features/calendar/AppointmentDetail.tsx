// One appointment: who, what, when, where; the status changes its status
// allows; notes; and its history. Reads the live copy, so a colleague's change
// shows while it is open.
import { useState } from 'react';
import { ApiError, errorFields } from '@/lib/api';
import type { Appointment, AppointmentStatus } from '@/lib/types';
import { Dialog } from '@/components/Dialog';
import { FormError } from '@/components/Form';
import { StatusPill } from '@/components/StatusPill';
import { useToast } from '@/components/Toast';
import { useFormSubmit } from '@/components/useFormSubmit';
import type { StatusAction } from './api';
import { HistoryList } from './HistoryList';
import { appointmentNotesSchema } from './schemas';
import { dayLabel, hhmm, zoned } from './time';
import styles from './calendar.module.css';

const ACTIONS: Record<AppointmentStatus, { action: StatusAction; label: string; tone?: string }[]> = {
  pending: [
    { action: 'confirm', label: 'Confirm', tone: 'primary' },
    { action: 'cancel', label: 'Decline', tone: 'danger' },
  ],
  confirmed: [
    { action: 'complete', label: 'Complete', tone: 'primary' },
    { action: 'no-show', label: 'No-show' },
    { action: 'cancel', label: 'Cancel', tone: 'danger' },
  ],
  completed: [],
  cancelled: [],
  no_show: [],
};

const STALE_NOTES =
  'Someone else changed this appointment first. Their version is shown; your text is still in the box, save again to keep it.';

export function AppointmentDetail({
  appointment: a,
  timeZone,
  locale,
  live,
  onAct,
  onSaveNotes,
  onClose,
}: {
  appointment: Appointment;
  timeZone: string;
  locale: string;
  live: boolean;
  onAct: (action: StatusAction, reason?: string) => Promise<unknown>;
  onSaveNotes: (notes: string) => Promise<Appointment>;
  onClose: () => void;
}) {
  const toast = useToast();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [cancelling, setCancelling] = useState(false);
  const [reason, setReason] = useState('');
  const [notes, setNotes] = useState(a.notes);
  const [notesBase, setNotesBase] = useState(a.notes);
  const notesForm = useFormSubmit({
    schema: appointmentNotesSchema,
    fields: ['notes'],
    send: (data) => onSaveNotes(data.notes),
    onSuccess: (saved) => {
      setNotesBase(saved.notes);
      setNotes(saved.notes);
      toast('Notes saved.', 'success');
    },
    onRefused: (err) => (err instanceof ApiError && err.code === 'stale' ? { fields: { notes: STALE_NOTES } } : undefined),
  });
  const notesError = notesForm.errors.notes ?? notesForm.message;
  // Someone else changed the notes while they were not being edited: show theirs.
  if (a.notes !== notesBase && notes === notesBase) {
    setNotes(a.notes);
    setNotesBase(a.notes);
  }

  const s = zoned(a.start, timeZone);
  const e = zoned(a.end, timeZone);

  async function run(action: StatusAction, why?: string) {
    setBusy(true);
    setError(null);
    try {
      await onAct(action, why);
      setCancelling(false);
      setReason('');
    } catch (err) {
      setError(errorFields(err).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog title={`${a.customer.name}: ${a.service.name}`} onClose={onClose} testId="appointment-detail">
      <dl className={styles.details}>
        <dt>Status</dt>
        <dd>
          <StatusPill status={a.status} />
          {a.cancel_reason ? <span className="muted"> “{a.cancel_reason}”</span> : null}
        </dd>
        <dt>When</dt>
        <dd data-testid="detail-time">
          {dayLabel(s.date, locale, true)}, {hhmm(s.minutes)}–{hhmm(e.minutes)}
        </dd>
        <dt>Where</dt>
        <dd>{a.resource.name}</dd>
        <dt>Customer</dt>
        <dd>{a.customer.name}</dd>
        <dt>Email</dt>
        <dd>{a.customer.email ? <a href={`mailto:${a.customer.email}`}>{a.customer.email}</a> : <span className="muted">none</span>}</dd>
        <dt>Phone</dt>
        <dd>{a.customer.phone ? <a href={`tel:${a.customer.phone}`}>{a.customer.phone}</a> : <span className="muted">none</span>}</dd>
        <dt>Service</dt>
        <dd>
          {a.service.name} ({a.service.duration_minutes} min)
        </dd>
      </dl>

      {ACTIONS[a.status].length > 0 && !cancelling ? (
        <div className="actions">
          {ACTIONS[a.status].map((b) => (
            <button
              key={b.action}
              type="button"
              className={b.tone}
              disabled={busy || !live}
              data-testid={`detail-${b.action}`}
              onClick={() => (b.action === 'cancel' ? setCancelling(true) : void run(b.action))}
            >
              {b.label}
            </button>
          ))}
        </div>
      ) : null}
      {cancelling ? (
        <form
          className="panel"
          onSubmit={(ev) => {
            ev.preventDefault();
            void run('cancel', reason.trim());
          }}
        >
          <label htmlFor="cancel-reason">Reason (optional, the customer sees it)</label>
          <input id="cancel-reason" value={reason} maxLength={500} onChange={(ev) => setReason(ev.target.value)} />
          <div className="actions">
            <button type="submit" className="danger" disabled={busy} data-testid="detail-cancel-submit">
              {a.status === 'pending' ? 'Decline request' : 'Cancel appointment'}
            </button>
            <button type="button" onClick={() => setCancelling(false)}>
              Keep it
            </button>
          </div>
        </form>
      ) : null}
      <FormError message={error} testId="detail-error" />

      <form onSubmit={notesForm.onSubmit({ notes })} noValidate className={styles.section}>
        <label htmlFor="appointment-notes">
          <strong>Notes</strong>
        </label>
        <textarea id="appointment-notes" rows={3} value={notes} onChange={(ev) => setNotes(ev.target.value)} aria-invalid={!!notesError} />
        {notesError ? (
          <small className="field-error" role="alert">
            {notesError}
          </small>
        ) : null}
        <div className="actions">
          <button type="submit" disabled={notesForm.busy || notes === a.notes || !live} data-testid="save-notes">
            Save notes
          </button>
        </div>
      </form>

      <h3 className={styles.section}>History</h3>
      <HistoryList id={a.id} version={a.version} timeZone={timeZone} locale={locale} />
    </Dialog>
  );
}
