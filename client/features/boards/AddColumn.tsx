// "+ Add a list": the new-column form, folded away until asked for. It stays
// open after adding, for the next list; Escape or Cancel folds it again.
import { useRef, useState } from 'react';
import type { Id } from '@/lib/types';
import { FormError } from '@/components/Form';
import { Icon } from '@/components/Icon';
import { useFormSubmit } from '@/components/useFormSubmit';
import { createColumn } from './api';
import { columnSchema } from './schemas';
import type { BoardApi } from './useBoard';

export function AddColumn({ boardId, board }: { boardId: Id; board: BoardApi }) {
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const [wip, setWip] = useState('');
  const opener = useRef<HTMLButtonElement>(null);
  const nameInput = useRef<HTMLInputElement>(null);
  const form = useFormSubmit({
    schema: columnSchema,
    fields: ['name', 'wip_limit'],
    send: (data) => createColumn(boardId, data),
    onSuccess: (column) => {
      board.applyColumn(column);
      setName('');
      setWip('');
      nameInput.current?.focus();
    },
  });
  const { errors, message, busy } = form;

  function close() {
    setOpen(false);
    form.reset();
    // The button comes back on the next render; give it the focus the form had.
    requestAnimationFrame(() => opener.current?.focus());
  }

  if (!open) {
    return (
      <div className="column add-column-slot">
        <button type="button" className="add-column-open" ref={opener} onClick={() => setOpen(true)} data-testid="add-column-open">
          <Icon name="plus" /> Add a list
        </button>
      </div>
    );
  }

  return (
    <form
      className="column add-column"
      onSubmit={form.onSubmit({ name, wip_limit: wip })}
      noValidate
      aria-label="Add a column"
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          close();
        }
      }}
    >
      <h2 className="column-title">Add a list</h2>
      <label>
        Name
        <input
          ref={nameInput}
          autoFocus
          value={name}
          onChange={(e) => setName(e.target.value)}
          aria-invalid={!!errors.name}
          data-testid="new-column-name"
        />
      </label>
      {errors.name ? <small className="field-error" role="alert">{errors.name}</small> : null}
      <label>
        WIP limit (optional)
        <input
          inputMode="numeric"
          value={wip}
          onChange={(e) => setWip(e.target.value)}
          aria-invalid={!!errors.wip_limit}
          data-testid="new-column-wip"
        />
      </label>
      {errors.wip_limit ? <small className="field-error" role="alert">{errors.wip_limit}</small> : null}
      <FormError message={message} />
      <div className="actions">
        <button type="submit" className="primary" disabled={busy} data-testid="add-column-submit">
          Add list
        </button>
        <button type="button" onClick={close} data-testid="add-column-cancel">
          Cancel
        </button>
      </div>
    </form>
  );
}
