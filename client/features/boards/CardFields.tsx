// The card dialog's fields. The description saves itself a moment after you
// stop typing (and when you leave it or close the card); the title, due date,
// assignees and labels are kept with the Save button. useCardDraft holds the
// edits and both ways of saving.
import type { FormEvent } from 'react';
import { Field, FormError } from '@/components/Form';
import type { AutosaveStatus } from './autosave';
import type { BoardState } from './boardState';
import { NewLabel } from './NewLabel';
import type { BoardApi } from './useBoard';
import type { CardDraftApi } from './useCardDraft';

const AUTOSAVE_TEXT: Record<AutosaveStatus, string> = {
  idle: '',
  pending: 'Saving…',
  saving: 'Saving…',
  saved: 'Saved',
  offline: 'Not saved yet: it will be when the connection is back.',
  failed: 'Not saved.',
};

export function CardFields({ edit, state, board, live }: { edit: CardDraftApi; state: BoardState; board: BoardApi; live: boolean }) {
  const { draft, errors, setField } = edit;
  const labels = state.labels.ids.map((id) => state.labels.entities[id]!);

  function submit(e: FormEvent) {
    e.preventDefault();
    void edit.save();
  }

  return (
    <form onSubmit={submit} noValidate className="card-detail-form" aria-label="Edit card">
      <Field label="Title" name="card-title" error={errors.title}>
        <input
          id="card-title"
          value={draft.title}
          onChange={(e) => setField('title', e.target.value)}
          aria-invalid={!!errors.title}
          data-testid="card-title-input"
        />
      </Field>
      <Field label="Description" name="card-description" error={errors.description} hint="Saved automatically as you type.">
        <textarea
          id="card-description"
          rows={4}
          value={draft.description}
          onChange={(e) => edit.setDescription(e.target.value)}
          onBlur={edit.flushDescription}
          aria-invalid={!!errors.description}
          aria-describedby="card-description-status"
          data-testid="card-description-input"
        />
      </Field>
      <p className="autosave-status muted" id="card-description-status" role="status" data-testid="description-status">
        {edit.conflict && edit.contested.includes('description') ? '' : AUTOSAVE_TEXT[edit.autosave]}
      </p>
      <div className="two">
        <Field label="Due date" name="card-due" error={errors.due_date}>
          <input
            id="card-due"
            type="date"
            value={draft.due_date}
            onChange={(e) => setField('due_date', e.target.value)}
            data-testid="card-due"
          />
        </Field>
      </div>
      <fieldset className="labels-field" data-testid="card-assignees">
        <legend>Assignees</legend>
        {state.board.members.map((m) => (
          <label key={m.id} className="label-option">
            <input
              type="checkbox"
              checked={draft.assignee_ids.includes(m.id)}
              onChange={(e) =>
                setField(
                  'assignee_ids',
                  e.target.checked ? [...draft.assignee_ids, m.id] : draft.assignee_ids.filter((x) => x !== m.id),
                )
              }
            />
            {m.name}
          </label>
        ))}
        {errors.assignee_ids ? <small className="field-error" role="alert">{errors.assignee_ids}</small> : null}
      </fieldset>
      <fieldset className="labels-field">
        <legend>Labels</legend>
        {labels.length === 0 ? <p className="muted">No labels on this board yet.</p> : null}
        {labels.map((l) => (
          <label key={l.id} className="label-option">
            <input
              type="checkbox"
              checked={draft.label_ids.includes(l.id)}
              onChange={(e) =>
                setField('label_ids', e.target.checked ? [...draft.label_ids, l.id] : draft.label_ids.filter((x) => x !== l.id))
              }
            />
            <span className="label-dot" style={{ background: l.color }} aria-hidden="true" /> {l.name}
          </label>
        ))}
        {errors.label_ids ? <small className="field-error" role="alert">{errors.label_ids}</small> : null}
        <NewLabel boardId={state.board.id} board={board} />
      </fieldset>
      <FormError message={edit.message} testId="card-form-error" />
      <div className="actions">
        <button type="submit" className="primary" disabled={edit.busy || !live || edit.conflict} data-testid="card-save">
          {edit.busy ? 'Saving…' : 'Save'}
        </button>
        <span role="status" data-testid="card-saved">
          {edit.saved ? 'Saved.' : edit.unsaved.length > 0 ? 'Unsaved changes: Save keeps them.' : ''}
        </span>
      </div>
      <p className="hint">Save keeps the title, due date, assignees and labels; the description saves itself.</p>
    </form>
  );
}
