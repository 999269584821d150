// Card detail: edit fields (with expected_version), labels, assignee, due
// date, move to a column, archive, and comments.
import { useEffect, useState, type FormEvent } from 'react';
import { errorFields } from '@/lib/api';
import { useMe } from '@/lib/auth';
import { formatDateTime } from '@/lib/format';
import type { Card, Id } from '@/lib/types';
import { Dialog } from '@/components/Dialog';
import { Field, FormError, issuesToFields } from '@/components/Form';
import { Icon } from '@/components/Icon';
import { MentionInput } from '@/features/notifications';
import { archiveCard, createLabel, deleteComment } from './api';
import { Attachments } from './Attachments';
import { cardsInColumn, columnsInOrder, commentsForCard, type BoardState } from './boardState';
import { CardHistory } from './CardHistory';
import { Checklist } from './Checklist';
import {
  DRAFT_FIELDS,
  draftOf,
  hasUnsavedChanges,
  isConflict,
  keepMine as keepMineDraft,
  type Draft,
} from './cardDraft';
import { READ_ONLY_NOTE, useBoardAccess } from './roles';
import { cardSchema, commentSchema, labelSchema } from './schemas';
import { STALE_MESSAGE, type BoardApi } from './useBoard';

const FIELDS = DRAFT_FIELDS;

export function CardDetail({
  card,
  state,
  board,
  onClose,
}: {
  card: Card;
  state: BoardState;
  board: BoardApi;
  onClose: () => void;
}) {
  // What the dialog loaded (or last saved): the edits are measured against it.
  const [base, setBase] = useState(card);
  const [draft, setDraft] = useState<Draft>(() => draftOf(card));
  // The card a refused save (`stale`) came back with, in case the board has not caught up.
  const [theirs, setTheirs] = useState<Card | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const [confirmingClose, setConfirmingClose] = useState(false);
  const dirty = hasUnsavedChanges(base, draft);
  const readOnly = !useBoardAccess().canEdit;
  const live = board.socket.status === 'connected';
  const latest = theirs && theirs.version > card.version ? theirs : card;
  const conflict = latest.version > base.version && isConflict(base, draft, latest);

  // Someone else changed the card: follow it unless the user is mid-edit
  // (then both versions are shown and the user picks, see ConflictPanel).
  useEffect(() => {
    if (latest.version <= base.version || dirty) return;
    setBase(latest);
    setDraft(draftOf(latest));
    setTheirs(null);
  }, [latest, base.version, dirty]);

  /** Escape, the backdrop and the close button: ask first when edits would be lost. */
  function requestClose() {
    if (dirty) setConfirmingClose(true);
    else onClose();
  }

  async function send(fields: Draft, expectedVersion: number) {
    setMessage(null);
    setSaved(false);
    const parsed = cardSchema.safeParse(fields);
    if (!parsed.success) return setErrors(issuesToFields(parsed.error.issues));
    setErrors({});
    setBusy(true);
    const ack = await board.updateCard(card.id, parsed.data, expectedVersion);
    setBusy(false);
    if (ack.ok) {
      setBase(ack.data);
      setDraft(draftOf(ack.data));
      setTheirs(null);
      setSaved(true);
      return;
    }
    if (ack.error.code === 'stale') {
      // Keep the user's text; the conflict panel shows theirs next to it.
      const current = ack.error.current as Card | undefined;
      if (current) setTheirs(current);
      return;
    }
    const fieldErrors: Record<string, string> = {};
    const other: string[] = [];
    for (const [key, msgs] of Object.entries(ack.error.fields ?? {})) {
      if ((FIELDS as readonly string[]).includes(key)) fieldErrors[key] = msgs.join(' ');
      else other.push(`${key}: ${msgs.join(' ')}`);
    }
    setErrors(fieldErrors);
    setMessage([ack.error.message, ...other].join(' '));
  }

  function save(e: FormEvent) {
    e.preventDefault();
    void send(draft, base.version);
  }

  function keepMine() {
    const merged = keepMineDraft(base, draft, latest);
    setDraft(merged);
    void send(merged, latest.version);
  }

  function takeTheirs() {
    setBase(latest);
    setDraft(draftOf(latest));
    setTheirs(null);
    setSaved(false);
  }

  const columns = columnsInOrder(state);
  const labels = state.labels.ids.map((id) => state.labels.entities[id]!);

  return (
    <Dialog title={card.title} onClose={requestClose} testId="card-detail">
      {readOnly ? (
        <p className="notice" role="status" data-testid="card-read-only">
          {READ_ONLY_NOTE}
        </p>
      ) : null}
      {/* Viewers see every field, disabled: the server would refuse their changes anyway. */}
      <fieldset className="bare" disabled={readOnly}>
        {conflict ? (
          <ConflictPanel mine={draft} theirs={latest} busy={busy || !live} onKeepMine={keepMine} onTakeTheirs={takeTheirs} />
        ) : null}
        <form onSubmit={save} noValidate className="card-detail-form" aria-label="Edit card">
          <Field label="Title" name="card-title" error={errors.title}>
            <input
              id="card-title"
              value={draft.title}
              onChange={(e) => setDraft({ ...draft, title: e.target.value })}
              aria-invalid={!!errors.title}
              data-testid="card-title-input"
            />
          </Field>
          <Field label="Description" name="card-description" error={errors.description}>
            <textarea
              id="card-description"
              rows={4}
              value={draft.description}
              onChange={(e) => setDraft({ ...draft, description: e.target.value })}
              data-testid="card-description-input"
            />
          </Field>
          <div className="two">
            <Field label="Due date" name="card-due" error={errors.due_date}>
              <input
                id="card-due"
                type="date"
                value={draft.due_date}
                onChange={(e) => setDraft({ ...draft, due_date: e.target.value })}
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
                    setDraft({
                      ...draft,
                      assignee_ids: e.target.checked ? [...draft.assignee_ids, m.id] : draft.assignee_ids.filter((x) => x !== m.id),
                    })
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
                    setDraft({
                      ...draft,
                      label_ids: e.target.checked ? [...draft.label_ids, l.id] : draft.label_ids.filter((x) => x !== l.id),
                    })
                  }
                />
                <span className="label-dot" style={{ background: l.color }} aria-hidden="true" /> {l.name}
              </label>
            ))}
            {errors.label_ids ? <small className="field-error" role="alert">{errors.label_ids}</small> : null}
            <NewLabel boardId={state.board.id} board={board} />
          </fieldset>
          <FormError message={message} testId="card-form-error" />
          <div className="actions">
            <button type="submit" className="primary" disabled={busy || !live || conflict} data-testid="card-save">
              {busy ? 'Saving…' : 'Save'}
            </button>
            {saved && !dirty ? <span role="status">Saved.</span> : null}
          </div>
        </form>

        <MoveAndArchive card={card} state={state} board={board} columns={columns} onArchived={onClose} live={live} />
      </fieldset>
      <Attachments cardId={card.id} state={state} board={board} />
      <Checklist cardId={card.id} state={state} live={live} />
      <Comments cardId={card.id} state={state} board={board} live={live} />
      <CardHistory cardId={card.id} state={state} />
      {confirmingClose ? (
        <Dialog
          title="Discard your changes?"
          role="alertdialog"
          onClose={() => setConfirmingClose(false)}
          testId="discard-dialog"
          describedBy="discard-text"
        >
          <p id="discard-text">Your changes to this card are not saved yet.</p>
          <div className="actions">
            <button type="button" className="primary" autoFocus onClick={() => setConfirmingClose(false)} data-testid="keep-editing">
              Keep editing
            </button>
            <button type="button" className="danger" onClick={onClose} data-testid="discard-changes">
              Discard
            </button>
          </div>
        </Dialog>
      ) : null}
    </Dialog>
  );
}

/** Both versions side by side after someone else saved first; the user picks. */
function ConflictPanel({
  mine,
  theirs,
  busy,
  onKeepMine,
  onTakeTheirs,
}: {
  mine: Draft;
  theirs: Card;
  busy: boolean;
  onKeepMine: () => void;
  onTakeTheirs: () => void;
}) {
  const version = (title: string, d: Draft, testId: string) => (
    <div className="conflict-version" data-testid={testId}>
      <h3>{title}</h3>
      <dl>
        <dt>Title</dt>
        <dd data-testid={`${testId}-title`}>{d.title}</dd>
        <dt>Description</dt>
        <dd data-testid={`${testId}-description`}>{d.description || <span className="muted">(empty)</span>}</dd>
      </dl>
    </div>
  );
  return (
    <section className="notice conflict" role="alert" aria-label="Edit conflict" data-testid="card-conflict">
      <p>
        <Icon name="warning" /> {STALE_MESSAGE}. Your text is kept: choose which version to keep.
      </p>
      <div className="conflict-versions">
        {version('Yours', mine, 'conflict-yours')}
        {version('Theirs', draftOf(theirs), 'conflict-theirs')}
      </div>
      <div className="actions">
        <button type="button" className="primary" disabled={busy} onClick={onKeepMine} data-testid="conflict-keep-mine">
          Keep mine
        </button>
        <button type="button" onClick={onTakeTheirs} data-testid="conflict-take-theirs">
          Take theirs
        </button>
      </div>
    </section>
  );
}

function NewLabel({ boardId, board }: { boardId: Id; board: BoardApi }) {
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const [color, setColor] = useState('#3366cc');
  const [error, setError] = useState<string | null>(null);
  if (!open) {
    return (
      <button type="button" className="link" onClick={() => setOpen(true)}>
        <Icon name="plus" /> New label
      </button>
    );
  }
  async function add() {
    const parsed = labelSchema.safeParse({ name, color });
    if (!parsed.success) return setError(parsed.error.issues[0]!.message);
    try {
      board.applyLabel(await createLabel(boardId, parsed.data));
      setName('');
      setOpen(false);
      setError(null);
    } catch (e) {
      setError(errorFields(e).message);
    }
  }
  return (
    <div className="inline-form">
      <input aria-label="Label name" value={name} onChange={(e) => setName(e.target.value)} placeholder="Label name" />
      <input aria-label="Label colour" type="color" value={color} onChange={(e) => setColor(e.target.value)} />
      <button type="button" onClick={() => void add()}>
        Add label
      </button>
      {error ? <small className="field-error" role="alert">{error}</small> : null}
    </div>
  );
}

function MoveAndArchive({
  card,
  state,
  board,
  columns,
  onArchived,
  live,
}: {
  card: Card;
  state: BoardState;
  board: BoardApi;
  columns: { id: Id; name: string }[];
  onArchived: () => void;
  live: boolean;
}) {
  const [target, setTarget] = useState(card.column_id);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => setTarget(card.column_id), [card.column_id]);

  return (
    <section className="detail-section" aria-label="Move or archive">
      <div className="inline-form">
        <label htmlFor="move-to">Column</label>
        <select id="move-to" value={target} onChange={(e) => setTarget(Number(e.target.value))} data-testid="card-move-column">
          {columns.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
        <button
          type="button"
          disabled={target === card.column_id || !live}
          onClick={() => void board.moveCard(card.id, target, cardsInColumn(state, target).length)}
          data-testid="card-move-submit"
        >
          Move
        </button>
        <button
          type="button"
          className="danger"
          onClick={async () => {
            if (!window.confirm(`Archive “${card.title}”?`)) return;
            try {
              board.applyCard(await archiveCard(card.id));
              onArchived();
            } catch (e) {
              setError(errorFields(e).message);
            }
          }}
          data-testid="card-archive"
        >
          Archive card
        </button>
      </div>
      {error ? <p className="field-error" role="alert">{error}</p> : null}
    </section>
  );
}

function Comments({ cardId, state, board, live }: { cardId: Id; state: BoardState; board: BoardApi; live: boolean }) {
  const { data: me } = useMe();
  const { canEdit } = useBoardAccess();
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const comments = commentsForCard(state, cardId);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const parsed = commentSchema.safeParse({ text });
    if (!parsed.success) return setError(parsed.error.issues[0]!.message);
    setBusy(true);
    const ack = await board.addComment(cardId, parsed.data.text);
    setBusy(false);
    if (!ack.ok) return setError(ack.error.fields?.text?.join(' ') ?? ack.error.message);
    setText('');
    setError(null);
  }

  return (
    <section className="detail-section" aria-labelledby="comments-title">
      <h3 id="comments-title">Comments</h3>
      {comments.length === 0 ? <p className="muted">No comments yet.</p> : null}
      <ul className="comments" data-testid="comments">
        {comments.map((c) => (
          <li key={c.id} data-testid={`comment-${c.id}`}>
            <div className="comment-head">
              <strong>{c.author.name}</strong> <span className="muted">{formatDateTime(c.created_at)}</span>
              {me && me.id === c.author.id && canEdit ? (
                <button
                  type="button"
                  className="link"
                  onClick={async () => {
                    try {
                      await deleteComment(c.id);
                      board.forgetComment(c.id);
                    } catch (err) {
                      setError(errorFields(err).message);
                    }
                  }}
                >
                  Delete
                </button>
              ) : null}
            </div>
            <p className="comment-text">{c.text}</p>
          </li>
        ))}
      </ul>
      <form onSubmit={submit} noValidate hidden={!canEdit}>
        <label htmlFor="new-comment" className="visually-hidden">
          Add a comment
        </label>
        <MentionInput
          id="new-comment"
          rows={2}
          value={text}
          placeholder="Add a comment (type @ to mention someone)"
          onChange={setText}
          people={state.board.members.filter((m) => m.id !== me?.id)}
          aria-invalid={!!error}
          data-testid="comment-input"
        />
        {error ? (
          <small className="field-error" role="alert" data-testid="comment-error">
            {error}
          </small>
        ) : null}
        <div className="actions">
          <button type="submit" disabled={busy || !live} data-testid="comment-submit">
            Comment
          </button>
        </div>
      </form>
    </section>
  );
}
