// A card's checklist in its dialog (add, tick, edit, reorder, delete) and its
// progress on the card face. Changes go over REST; what shows is the board's
// state, which every watcher's stream keeps current (checklist_update), so the
// one who ticks and the ones watching see the same thing. A tick shows at once
// and is confirmed by its event.
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { errorFields } from '@/lib/api';
import type { ChecklistItem, Id } from '@/lib/types';
import { Icon } from '@/components/Icon';
import { useFormSubmit } from '@/components/useFormSubmit';
import { addChecklistItem, deleteChecklistItem, moveChecklistItem, updateChecklistItem } from './api';
import { checklistForCard, checklistProgress, type BoardState } from './boardState';
import { useBoardAccess } from './roles';
import { CHECKLIST_TEXT_MAX, checklistEditSchema, checklistItemSchema } from './schemas';

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

type Focus = { id: Id; control: 'up' | 'down' };

export function Checklist({ cardId, state, live }: { cardId: Id; state: BoardState; live: boolean }) {
  const { canEdit } = useBoardAccess();
  const items = checklistForCard(state, cardId);
  // Ticks sent and not yet seen in the board's state: shown as asked meanwhile.
  const [ticks, setTicks] = useState<Record<Id, boolean>>({});
  const [text, setText] = useState('');
  const [editing, setEditing] = useState<Id | null>(null);
  // The server's refusal of a tick, move or delete.
  const [actionError, setActionError] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const [focus, setFocus] = useState<Focus | null>(null);
  // No fields: a refusal is shown whole on the checklist's one message line, as an action's is.
  const add = useFormSubmit({
    schema: checklistItemSchema,
    fields: [],
    send: (data) => addChecklistItem(cardId, data.text),
    onSuccess: () => setText(''),
  });
  const edit = useFormSubmit({
    schema: checklistEditSchema,
    fields: [],
    send: (data) => updateChecklistItem(data.id, { text: data.text }),
    onSuccess: () => setEditing(null),
  });
  // That one line shows the latest message, whichever control it came from (each starts by forgetting the others').
  const message = add.errors.text ?? add.message ?? edit.errors.text ?? edit.message ?? actionError;
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

  function forgetMessages() {
    add.reset();
    edit.reset();
    setActionError(null);
  }

  async function run(action: () => Promise<unknown>): Promise<boolean> {
    forgetMessages();
    try {
      await action();
      return true;
    } catch (e) {
      setActionError(errorFields(e).message);
      return false;
    }
  }

  function saveEdit(item: ChecklistItem, changed: string) {
    if (changed.trim() === item.text) return setEditing(null);
    forgetMessages();
    void edit.submit({ id: item.id, text: changed });
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
              <EditItem item={item} busy={edit.busy} onSave={(changed) => saveEdit(item, changed)} onCancel={() => setEditing(null)} />
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
        <form
          onSubmit={(e) => {
            e.preventDefault();
            forgetMessages();
            void add.submit({ text });
          }}
          noValidate
          className="inline-form"
        >
          <label htmlFor={`checklist-new-${cardId}`} className="visually-hidden">
            Add a checklist item
          </label>
          <input
            id={`checklist-new-${cardId}`}
            value={text}
            maxLength={CHECKLIST_TEXT_MAX}
            placeholder="Add an item"
            onChange={(e) => setText(e.target.value)}
            aria-invalid={!!message}
            data-testid="checklist-input"
          />
          <button type="submit" disabled={add.busy || !live} data-testid="checklist-add">
            <Icon name="plus" /> Add item
          </button>
        </form>
      ) : null}
      {message ? (
        <small className="field-error" role="alert" data-testid="checklist-error">
          {message}
        </small>
      ) : null}
    </section>
  );
}

function EditItem({
  item,
  busy,
  onSave,
  onCancel,
}: {
  item: ChecklistItem;
  busy: boolean;
  onSave: (text: string) => void;
  onCancel: () => void;
}) {
  const [text, setText] = useState(item.text);

  function onKeyDown(e: KeyboardEvent<HTMLInputElement>) {
    if (e.key !== 'Escape') return;
    e.stopPropagation(); // cancels the edit, not the whole dialog
    onCancel();
  }

  return (
    <form
      className="inline-form checklist-edit"
      onSubmit={(e) => {
        e.preventDefault();
        onSave(text);
      }}
      noValidate
    >
      <label htmlFor={`checklist-edit-${item.id}`} className="visually-hidden">
        Checklist item text
      </label>
      <input
        id={`checklist-edit-${item.id}`}
        value={text}
        maxLength={CHECKLIST_TEXT_MAX}
        autoFocus
        onChange={(e) => setText(e.target.value)}
        onKeyDown={onKeyDown}
        data-testid={`checklist-edit-input-${item.id}`}
      />
      <button type="submit" disabled={busy} data-testid={`checklist-save-${item.id}`}>
        Save
      </button>
      <button type="button" onClick={onCancel}>
        Cancel
      </button>
    </form>
  );
}
