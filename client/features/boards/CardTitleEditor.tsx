// The card's title edited in place on its face (the pencil button, or F2 on the
// card). Enter or leaving the field saves, Escape cancels; an empty title is
// refused. The save carries the version the edit started from: someone else's
// change of another field merges on the server, a change of the title itself
// comes back `stale` and both titles are offered here ("Keep mine" / "Take theirs").
import { useRef, useState, type FormEvent } from 'react';
import { useMe } from '@/lib/auth';
import type { Card } from '@/lib/types';
import { Icon } from '@/components/Icon';
import type { BoardApi } from './useBoard';
import { editorName, useCardEdit, useLastEditor } from './useCardEdit';

/** How the editing ended: `refocus` when the keyboard should go back to the card. */
export type RenameDone = { refocus: boolean };

export function CardTitleEditor({ card, board, onDone }: { card: Card; board: BoardApi; onDone: (done: RenameDone) => void }) {
  const { save, saving } = useCardEdit(board, card.id);
  const { data: me } = useMe();
  const [text, setText] = useState(card.title);
  // The card as the edit started: its version goes with the save.
  const [from] = useState(card);
  const [error, setError] = useState<string | null>(null);
  // Someone else's title, after the server refused mine as stale.
  const [theirs, setTheirs] = useState<Card | null>(null);
  // The user was still in the field when the refusal came: take the keyboard to the choice.
  const [focusChoice, setFocusChoice] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const editor = useLastEditor(card.id, theirs ? 'title' : null, theirs?.version ?? 0);
  const inputId = `rename-${card.id}`;

  async function send(expectedVersion: number, refocus: boolean) {
    const result = await save({ title: text }, expectedVersion);
    if (result.ok) return onDone({ refocus });
    if (result.reason === 'stale') {
      setError(null);
      setFocusChoice(!!formRef.current?.contains(document.activeElement));
      setTheirs(result.current ?? card);
      return;
    }
    setError(result.reason === 'invalid' ? (result.fields.title ?? result.message ?? 'Not saved.') : result.message);
  }

  /** Enter, or focus leaving the field. */
  function commit(refocus: boolean) {
    // While the two titles are offered, the buttons decide; a save on its way is not repeated.
    if (saving || theirs) return;
    if (text.trim() === from.title.trim() && text.trim() !== '') return onDone({ refocus });
    void send(from.version, refocus);
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    // Enter while both titles are offered: mine, over theirs.
    if (theirs) {
      if (!saving) void send(theirs.version, true);
    } else commit(true);
  }

  return (
    <form className="card-rename" ref={formRef} onSubmit={submit} noValidate aria-label="Rename card" data-testid={`rename-form-${card.id}`}>
      <label className="visually-hidden" htmlFor={inputId}>
        Card title
      </label>
      <textarea
        id={inputId}
        rows={2}
        value={text}
        autoFocus
        onFocus={(e) => e.currentTarget.select()}
        onChange={(e) => {
          setText(e.target.value);
          setError(null);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !e.nativeEvent.isComposing) {
            e.preventDefault(); // a title is one line
            e.currentTarget.form?.requestSubmit();
          } else if (e.key === 'Escape') {
            e.preventDefault();
            e.stopPropagation();
            onDone({ refocus: true });
          }
        }}
        onBlur={() => commit(false)}
        // Selecting text with the mouse must not pick the card up.
        onPointerDown={(e) => e.stopPropagation()}
        aria-invalid={!!error}
        aria-describedby={error ? `${inputId}-error` : undefined}
        readOnly={saving}
        data-testid={`rename-input-${card.id}`}
      />
      {error ? (
        <small className="field-error" id={`${inputId}-error`} role="alert" data-testid={`rename-error-${card.id}`}>
          {error}
        </small>
      ) : null}
      {theirs ? (
        <div className="notice conflict rename-conflict" role="alert" data-testid={`rename-conflict-${card.id}`}>
          <p>
            <Icon name="warning" /> Changed by {editorName(editor ?? null, me?.id)} meanwhile: “{theirs.title}”.
          </p>
          <div className="actions">
            <button
              type="button"
              className="primary"
              autoFocus={focusChoice}
              disabled={saving}
              onClick={() => void send(theirs.version, true)}
              data-testid={`rename-keep-mine-${card.id}`}
            >
              Keep mine
            </button>
            <button type="button" onClick={() => onDone({ refocus: true })} data-testid={`rename-take-theirs-${card.id}`}>
              Take theirs
            </button>
          </div>
        </div>
      ) : null}
    </form>
  );
}
