// A card's checklist in its dialog (add, tick, edit, reorder, delete) and its
// progress on the card face. Changes go over REST; what shows is the board's
// state, which every watcher's stream keeps current (checklist_update), so the
// one who ticks and the ones watching see the same thing. A tick shows at once
// and is confirmed by its event.
import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { errorFields } from '@/lib/api';
import type { ChecklistItem, Id } from '@/lib/types';
import { Icon } from '@/components/Icon';
import { addChecklistItem, deleteChecklistItem, moveChecklistItem, updateChecklistItem } from './api';
import { checklistForCard, checklistProgress, type BoardState } from './boardState';
import { useBoardAccess } from './roles';

const MAX_TEXT = 300;

/** "☑ 2/5" on the card face; nothing for a card without a checklist. */
export function CardChecklistBadge({ cardId, state }: { cardId: Id; state: BoardState }) {
  const { done, total } = checklistProgress(state, cardId);
  if (total === 0) return null;
  return (
    <span
      className={`card-checklist${done === total ? ' complete' : ''}`}
      title="Checklist"
      data-testid={`card-checklist-${cardId}`}
    >
      <Icon name="check" /> {done}/{total}
      <span className="visually-hidden"> checklist items done</span>
    </span>
  );
}

function checkText(text: string): string | null {
  if (!text.trim()) return 'Write what needs doing.';
  if (text.length > MAX_TEXT) return `At most ${MAX_TEXT} characters.`;
  return null;
}

type Focus = { id: Id; control: 'up' | 'down' };

export function Checklist({ cardId, state, live }: { cardId: Id; state: BoardState; live: boolean }) {
  const { canEdit } = useBoardAccess();
  const items = checklistForCard(state, cardId);
  // Ticks sent and not yet seen in the board's state: shown as asked meanwhile.
  const [ticks, setTicks] = useState<Record<Id, boolean>>({});
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [editing, setEditing] = useState<Id | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const [focus, setFocus] = useState<Focus | null>(null);
  const list = useRef<HTMLOListElement>(null);
  const editable = canEdit && live;
  const doneOf = (item: ChecklistItem) => ticks[item.id] ?? item.done;
  const done = items.filter(doneOf).length;
  const order = items.map((i) => i.id).join(',');

  // A tick leaves the overlay once the board's state agrees (or the item is gone).
  useEffect(() => {
    setTicks((current) => {
      const left = Object.entries(current).filter(([id, value]) => state.checklist.entities[Number(id)]?.done !== value);
      return left.length === Object.keys(current).length ? current : Object.fromEntries(left);
    });
  }, [state.checklist]);

  // A reorder arrives with the item's event: keep the keyboard on the button that moved it.
  useEffect(() => {
    if (!focus || !list.current) return;
    const find = (control: Focus['control']) =>
      list.current!.querySelector<HTMLButtonElement>(`[data-testid="checklist-${control}-${focus.id}"]`);
    const target = find(focus.control);
    (target && !target.disabled ? target : find(focus.control === 'up' ? 'down' : 'up'))?.focus();
  }, [order, focus]);

  async function run(action: () => Promise<unknown>): Promise<boolean> {
    setError(null);
    try {
      await action();
      return true;
    } catch (e) {
      setError(errorFields(e).message);
      return false;
    }
  }

  async function add(e: FormEvent) {
    e.preventDefault();
    const problem = checkText(text);
    if (problem) return setError(problem);
    setBusy(true);
    const ok = await run(() => addChecklistItem(cardId, text.trim()));
    setBusy(false);
    if (ok) setText('');
  }

  async function tick(item: ChecklistItem, value: boolean) {
    setTicks((current) => ({ ...current, [item.id]: value }));
    const ok = await run(() => updateChecklistItem(item.id, { done: value }));
    if (!ok) {
      setTicks((current) => {
        const { [item.id]: _dropped, ...rest } = current;
        return rest;
      });
    }
  }

  async function move(item: ChecklistItem, index: number, control: Focus['control']) {
    setFocus({ id: item.id, control });
    if (await run(() => moveChecklistItem(item.id, index))) {
      setAnnouncement(`“${item.text}” moved to position ${index + 1} of ${items.length}.`);
    }
  }

  async function remove(item: ChecklistItem) {
    if (await run(() => deleteChecklistItem(item.id))) setAnnouncement(`“${item.text}” deleted.`);
  }

  return (
    <section className="detail-section checklist" aria-labelledby="checklist-title" data-testid="checklist">
      <h3 id="checklist-title">Checklist</h3>
      {items.length > 0 ? (
        <div className="checklist-progress">
          <progress value={done} max={items.length} aria-labelledby="checklist-progress-text" data-testid="checklist-progress" />
          <span id="checklist-progress-text">
            {done} of {items.length} done
          </span>
        </div>
      ) : (
        <p className="muted">No checklist items yet.</p>
      )}
      <ol className="checklist-items" ref={list} data-testid="checklist-items">
        {items.map((item, index) => (
          <li key={item.id} className={doneOf(item) ? 'done' : undefined} data-testid={`checklist-item-${item.id}`}>
            {editing === item.id ? (
              <EditItem item={item} onDone={() => setEditing(null)} onError={setError} />
            ) : (
              <>
                <label className="checklist-check">
                  <input
                    type="checkbox"
                    checked={doneOf(item)}
                    disabled={!editable}
                    onChange={(e) => void tick(item, e.target.checked)}
                    data-testid={`checklist-check-${item.id}`}
                  />
                  <span className="checklist-text">{item.text}</span>
                </label>
                {canEdit ? (
                  <span className="checklist-actions">
                    <button
                      type="button"
                      className="icon-button"
                      disabled={!editable}
                      onClick={() => setEditing(item.id)}
                      aria-label={`Edit “${item.text}”`}
                      data-testid={`checklist-edit-${item.id}`}
                    >
                      <Icon name="pencil" />
                    </button>
                    <button
                      type="button"
                      className="icon-button"
                      disabled={!editable || index === 0}
                      onClick={() => void move(item, index - 1, 'up')}
                      aria-label={`Move “${item.text}” up`}
                      data-testid={`checklist-up-${item.id}`}
                    >
                      <Icon name="arrow-up" />
                    </button>
                    <button
                      type="button"
                      className="icon-button"
                      disabled={!editable || index === items.length - 1}
                      onClick={() => void move(item, index + 1, 'down')}
                      aria-label={`Move “${item.text}” down`}
                      data-testid={`checklist-down-${item.id}`}
                    >
                      <Icon name="arrow-down" />
                    </button>
                    <button
                      type="button"
                      className="icon-button danger"
                      disabled={!editable}
                      onClick={() => void remove(item)}
                      aria-label={`Delete “${item.text}”`}
                      data-testid={`checklist-delete-${item.id}`}
                    >
                      <Icon name="trash" />
                    </button>
                  </span>
                ) : null}
              </>
            )}
          </li>
        ))}
      </ol>
      <p className="visually-hidden" aria-live="polite" data-testid="checklist-announcement">
        {announcement}
      </p>
      {canEdit ? (
        <form onSubmit={add} noValidate className="inline-form">
          <label htmlFor={`checklist-new-${cardId}`} className="visually-hidden">
            Add a checklist item
          </label>
          <input
            id={`checklist-new-${cardId}`}
            value={text}
            maxLength={MAX_TEXT}
            placeholder="Add an item"
            onChange={(e) => setText(e.target.value)}
            aria-invalid={!!error}
            data-testid="checklist-input"
          />
          <button type="submit" disabled={busy || !live} data-testid="checklist-add">
            <Icon name="plus" /> Add item
          </button>
        </form>
      ) : null}
      {error ? (
        <small className="field-error" role="alert" data-testid="checklist-error">
          {error}
        </small>
      ) : null}
    </section>
  );
}

function EditItem({ item, onDone, onError }: { item: ChecklistItem; onDone: () => void; onError: (m: string | null) => void }) {
  const [text, setText] = useState(item.text);
  const [busy, setBusy] = useState(false);

  async function save(e?: FormEvent) {
    e?.preventDefault();
    const problem = checkText(text);
    if (problem) return onError(problem);
    if (text.trim() === item.text) return onDone();
    setBusy(true);
    try {
      await updateChecklistItem(item.id, { text: text.trim() });
      onError(null);
      onDone();
    } catch (err) {
      onError(errorFields(err).message);
    } finally {
      setBusy(false);
    }
  }

  function onKeyDown(e: KeyboardEvent<HTMLInputElement>) {
    if (e.key !== 'Escape') return;
    e.stopPropagation(); // cancels the edit, not the whole dialog
    onDone();
  }

  return (
    <form className="inline-form checklist-edit" onSubmit={(e) => void save(e)} noValidate>
      <label htmlFor={`checklist-edit-${item.id}`} className="visually-hidden">
        Checklist item text
      </label>
      <input
        id={`checklist-edit-${item.id}`}
        value={text}
        maxLength={MAX_TEXT}
        autoFocus
        onChange={(e) => setText(e.target.value)}
        onKeyDown={onKeyDown}
        data-testid={`checklist-edit-input-${item.id}`}
      />
      <button type="submit" disabled={busy} data-testid={`checklist-save-${item.id}`}>
        Save
      </button>
      <button type="button" onClick={onDone}>
        Cancel
      </button>
    </form>
  );
}
