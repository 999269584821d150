// Declining one or several requests, with an optional reason the customer sees.
import { useState } from 'react';
import { z } from 'zod';
import { Dialog } from '@/components/Dialog';
import { FormError } from '@/components/Form';
import { useFormSubmit } from '@/components/useFormSubmit';

const declineSchema = z.object({ reason: z.string().trim() });

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
  const form = useFormSubmit({ schema: declineSchema, fields: [], send: (data) => onDecline(data.reason) });

  return (
    <Dialog title={count === 1 ? `Decline ${who}’s request` : `Decline ${count} requests`} onClose={onClose} testId="decline-dialog">
      <form onSubmit={form.onSubmit({ reason })} noValidate>
        <div className="field">
          <label htmlFor="decline-reason">Reason (optional, the customer sees it)</label>
          <textarea id="decline-reason" rows={2} maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} />
        </div>
        <FormError message={form.message} testId="decline-error" />
        <div className="actions">
          <button type="submit" className="danger" disabled={form.busy} data-testid="decline-submit">
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
