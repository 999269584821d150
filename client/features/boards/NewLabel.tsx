// "New label" in the card dialog: folded into a link until asked for; a label
// made here is on the board for every card at once.
import { useState } from 'react';
import type { Id } from '@/lib/types';
import { Icon } from '@/components/Icon';
import { useFormSubmit } from '@/components/useFormSubmit';
import { createLabel } from './api';
import { labelSchema } from './schemas';
import type { BoardApi } from './useBoard';

export function NewLabel({ boardId, board }: { boardId: Id; board: BoardApi }) {
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const [color, setColor] = useState('#3366cc');
  const form = useFormSubmit({
    schema: labelSchema,
    fields: [],
    send: (data) => createLabel(boardId, data),
    onSuccess: (label) => {
      board.applyLabel(label);
      setName('');
      setOpen(false);
    },
  });
  if (!open) {
    return (
      <button type="button" className="link" onClick={() => setOpen(true)}>
        <Icon name="plus" /> New label
      </button>
    );
  }
  const error = form.errors.name ?? form.errors.color ?? form.message;
  // Not a <form>: it sits inside the card's form, and forms do not nest.
  return (
    <div className="inline-form">
      <input aria-label="Label name" value={name} onChange={(e) => setName(e.target.value)} placeholder="Label name" />
      <input aria-label="Label colour" type="color" value={color} onChange={(e) => setColor(e.target.value)} />
      <button type="button" disabled={form.busy} onClick={() => void form.submit({ name, color })}>
        Add label
      </button>
      {error ? <small className="field-error" role="alert">{error}</small> : null}
    </div>
  );
}
