import { useDroppable } from '@dnd-kit/core';
import { SortableContext, verticalListSortingStrategy } from '@dnd-kit/sortable';
import { useState, type FormEvent } from 'react';
import { errorFields } from '@/lib/api';
import type { Card, Column } from '@/lib/types';
import { FormError, issuesToFields } from '@/components/Form';
import { archiveColumn, moveColumn, updateColumn } from './api';
import type { BoardState } from './boardState';
import { cardDndId, CardItem } from './CardItem';
import { cardTitle, columnSchema } from './schemas';
import type { BoardApi } from './useBoard';

export const columnDndId = (id: number) => `column-${id}`;

export function WipCount({ count, limit, columnId }: { count: number; limit: number | null; columnId: number }) {
  const over = limit !== null && count > limit;
  return (
    <span
      className={`wip${over ? ' wip-over' : ''}`}
      data-testid={`wip-${columnId}`}
      title={limit === null ? 'No WIP limit' : over ? 'Over the WIP limit' : 'Cards / WIP limit'}
    >
      {limit === null ? count : `${count} / ${limit}`}
      {over ? <span className="visually-hidden"> (over the limit)</span> : null}
    </span>
  );
}

function ColumnEditor({ column, board, onDone }: { column: Column; board: BoardApi; onDone: () => void }) {
  const [name, setName] = useState(column.name);
  const [wip, setWip] = useState(column.wip_limit === null ? '' : String(column.wip_limit));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);

  async function save(e: FormEvent) {
    e.preventDefault();
    const parsed = columnSchema.safeParse({ name, wip_limit: wip });
    if (!parsed.success) return setErrors(issuesToFields(parsed.error.issues));
    try {
      board.applyColumn(await updateColumn(column.id, { ...parsed.data, expected_version: column.version }));
      onDone();
    } catch (error) {
      const { fields, message: m } = errorFields(error, ['name', 'wip_limit']);
      setErrors(fields);
      setMessage(m);
    }
  }

  return (
    <form className="column-editor" onSubmit={save} noValidate aria-label={`Edit column ${column.name}`}>
      <label>
        Name
        <input value={name} onChange={(e) => setName(e.target.value)} data-testid={`column-name-input-${column.id}`} />
      </label>
      {errors.name ? <small className="field-error" role="alert">{errors.name}</small> : null}
      <label>
        WIP limit
        <input inputMode="numeric" value={wip} onChange={(e) => setWip(e.target.value)} placeholder="none" data-testid={`column-wip-input-${column.id}`} />
      </label>
      {errors.wip_limit ? <small className="field-error" role="alert">{errors.wip_limit}</small> : null}
      <FormError message={message} />
      <div className="actions">
        <button type="submit" className="primary">
          Save
        </button>
        <button type="button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function AddCard({ columnId, board }: { columnId: number; board: BoardApi }) {
  const [open, setOpen] = useState(false);
  const [title, setTitle] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const parsed = cardTitle.safeParse(title);
    if (!parsed.success) return setError(parsed.error.issues[0]!.message);
    setBusy(true);
    const ack = await board.createCard(columnId, parsed.data);
    setBusy(false);
    if (!ack.ok) {
      setError(ack.error.fields?.title?.join(' ') ?? ack.error.message);
      return;
    }
    setTitle('');
    setError(null);
  }

  if (!open) {
    return (
      <button type="button" className="add-card link" onClick={() => setOpen(true)} data-testid={`add-card-${columnId}`}>
        + Add card
      </button>
    );
  }
  return (
    <form className="add-card-form" onSubmit={submit} noValidate>
      <label className="visually-hidden" htmlFor={`new-card-${columnId}`}>
        New card title
      </label>
      <textarea
        id={`new-card-${columnId}`}
        rows={2}
        value={title}
        autoFocus
        placeholder="Card title"
        onChange={(e) => setTitle(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !e.shiftKey) {
            e.preventDefault();
            e.currentTarget.form?.requestSubmit();
          }
          if (e.key === 'Escape') setOpen(false);
        }}
        aria-invalid={!!error}
        data-testid={`new-card-title-${columnId}`}
      />
      {error ? (
        <small className="field-error" role="alert" data-testid={`add-card-error-${columnId}`}>
          {error}
        </small>
      ) : null}
      <div className="actions">
        <button type="submit" className="primary" disabled={busy} data-testid={`add-card-submit-${columnId}`}>
          Add
        </button>
        <button type="button" onClick={() => setOpen(false)}>
          Close
        </button>
      </div>
    </form>
  );
}

export function ColumnView({
  column,
  cards,
  state,
  index,
  columnCount,
  board,
  live,
  pendingIds,
  onOpenCard,
}: {
  column: Column;
  cards: Card[];
  state: BoardState;
  index: number;
  columnCount: number;
  board: BoardApi;
  live: boolean;
  pendingIds: Set<number>;
  onOpenCard: (id: number) => void;
}) {
  const { setNodeRef, isOver } = useDroppable({ id: columnDndId(column.id), data: { type: 'column', columnId: column.id } });
  const [editing, setEditing] = useState(false);
  const [actionError, setActionError] = useState<string | null>(null);

  async function run(action: () => Promise<Column>) {
    setActionError(null);
    try {
      board.applyColumn(await action());
    } catch (error) {
      setActionError(errorFields(error).message);
    }
  }

  return (
    <section className={`column${isOver ? ' column-over' : ''}`} data-testid={`column-${column.id}`} aria-label={`Column ${column.name}`}>
      <header className="column-header">
        {editing ? (
          <ColumnEditor column={column} board={board} onDone={() => setEditing(false)} />
        ) : (
          <>
            <h2 className="column-title">{column.name}</h2>
            <WipCount count={cards.length} limit={column.wip_limit} columnId={column.id} />
            <details className="menu">
              <summary aria-label={`Column ${column.name} actions`}>⋯</summary>
              <div className="menu-items">
                <button type="button" onClick={() => setEditing(true)}>
                  Edit
                </button>
                <button type="button" disabled={index === 0} onClick={() => void run(() => moveColumn(column.id, index - 1))}>
                  Move left
                </button>
                <button
                  type="button"
                  disabled={index === columnCount - 1}
                  onClick={() => void run(() => moveColumn(column.id, index + 1))}
                >
                  Move right
                </button>
                <button
                  type="button"
                  className="danger"
                  onClick={() => {
                    if (window.confirm(`Archive column “${column.name}” and its cards?`)) void run(() => archiveColumn(column.id));
                  }}
                >
                  Archive
                </button>
              </div>
            </details>
          </>
        )}
      </header>
      {actionError ? (
        <p className="field-error" role="alert">
          {actionError}
        </p>
      ) : null}
      <SortableContext items={cards.map((c) => cardDndId(c.id))} strategy={verticalListSortingStrategy}>
        <ul ref={setNodeRef} className="card-list" data-testid={`column-cards-${column.id}`}>
          {cards.map((card) => (
            <CardItem
              key={card.id}
              card={card}
              state={state}
              disabled={!live}
              pending={pendingIds.has(card.id)}
              onOpen={onOpenCard}
            />
          ))}
          {cards.length === 0 ? <li className="column-empty">No cards</li> : null}
        </ul>
      </SortableContext>
      <AddCard columnId={column.id} board={board} />
    </section>
  );
}
