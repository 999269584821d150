// Declining one or several requests, with an optional reason the customer sees.
import { useState, type FormEvent } from 'react';
import { Dialog } from '@/components/Dialog';
import { FormError } from '@/components/Form';

export function DeclineDialog({
  count,
  who,
  onDecline,
  onClose,
}: {
  count: number;
  who: string;
  onDecline: (reason: string) => Promise<void>;
  onClose: () => void;
}) {
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await onDecline(reason.trim());
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
      setBusy(false);
    }
  }

  return (
    <Dialog title={count === 1 ? `Decline ${who}’s request` : `Decline ${count} requests`} onClose={onClose} testId="decline-dialog">
      <form onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor="decline-reason">Reason (optional, the customer sees it)</label>
          <textarea id="decline-reason" rows={2} maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} />
        </div>
        <FormError message={error} testId="decline-error" />
        <div className="actions">
          <button type="submit" className="danger" disabled={busy} data-testid="decline-submit">
            Decline
          </button>
          <button type="button" onClick={onClose}>
            Keep
          </button>
        </div>
      </form>
    </Dialog>
  );
}
