import { useDroppable } from '@dnd-kit/core';
import { SortableContext, useSortable, verticalListSortingStrategy } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import { useEffect, useEffectEvent, useRef, useState, type ReactNode } from 'react';
import { ApiError, errorFields } from '@/lib/api';
import type { Card, Column } from '@/lib/types';
import { FormError } from '@/components/Form';
import { Icon } from '@/components/Icon';
import { ackData, useFormSubmit } from '@/components/useFormSubmit';
import { archiveColumn, moveColumn, updateColumn } from './api';
import { FilteredCount } from './BoardFilters';
import { columnDndId, listDndId } from './boardDnd';
import type { BoardState } from './boardState';
import { cardDndId, CardItem } from './CardItem';
import { useBoardAccess } from './roles';
import { columnSchema, newCardSchema } from './schemas';
import type { BoardApi } from './useBoard';

export { columnDndId };

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

/**
 * A small disclosure menu (<details>) that closes like a menu should: on an
 * outside click or tap, on Escape (focus back on its button), and after an item
 * is chosen.
 */
export function ColumnMenu({ label, children }: { label: string; children: (close: () => void) => ReactNode }) {
  const root = useRef<HTMLDetailsElement>(null);
  const summary = useRef<HTMLElement>(null);

  // The <details> element keeps its own open state (a click on the summary
  // toggles it at once); these listeners only ever close it, so they are on
  // for the component's whole life and never race the toggle.
  useEffect(() => {
    const details = root.current!;
    const outside = (target: EventTarget | null) => target instanceof Node && !details.contains(target);
    const onPointer = (e: PointerEvent) => {
      if (details.open && outside(e.target)) details.open = false;
    };
    const onFocus = (e: FocusEvent) => {
      if (details.open && outside(e.target)) details.open = false;
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || !details.open || e.defaultPrevented) return;
      e.preventDefault();
      details.open = false;
      summary.current?.focus();
    };
    document.addEventListener('pointerdown', onPointer);
    document.addEventListener('focusin', onFocus);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('pointerdown', onPointer);
      document.removeEventListener('focusin', onFocus);
      document.removeEventListener('keydown', onKey);
    };
  }, []);

  const close = () => {
    if (root.current) root.current.open = false;
  };

  return (
    <details className="menu" ref={root}>
      <summary aria-label={label} ref={summary}>
        <Icon name="more" />
      </summary>
      <div className="menu-items">{children(close)}</div>
    </details>
  );
}

function ColumnEditor({ column, board, onDone }: { column: Column; board: BoardApi; onDone: () => void }) {
  const [name, setName] = useState(column.name);
  const [wip, setWip] = useState(column.wip_limit === null ? '' : String(column.wip_limit));
  const form = useFormSubmit({
    schema: columnSchema,
    fields: ['name', 'wip_limit'],
    send: (data) => updateColumn(column.id, { ...data, expected_version: column.version }),
    onSuccess: (saved) => {
      board.applyColumn(saved);
      onDone();
    },
  });
  const { errors, message } = form;

  return (
    <form className="column-editor" onSubmit={form.onSubmit({ name, wip_limit: wip })} noValidate aria-label={`Edit column ${column.name}`}>
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
        <button type="submit" className="primary" disabled={form.busy}>
          Save
        </button>
        <button type="button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}

// Ack errors that only say the connection was missing: stale once it is back.
const CONNECTION_CODES = new Set(['offline', 'timeout']);

function AddCard({ columnId, board, live }: { columnId: number; board: BoardApi; live: boolean }) {
  const [open, setOpen] = useState(false);
  const [title, setTitle] = useState('');
  const form = useFormSubmit({
    schema: newCardSchema,
    fields: ['title'],
    send: async (data) => ackData(await board.createCard(columnId, data.title)),
    onSuccess: () => setTitle(''),
  });
  const error = form.errors.title ?? form.message;

  // "Not connected to the server" is no longer true after a reconnect.
  const forgetConnectionRefusal = useEffectEvent(() => {
    if (form.refusal instanceof ApiError && CONNECTION_CODES.has(form.refusal.code)) form.reset();
  });
  useEffect(() => {
    if (live) forgetConnectionRefusal();
  }, [live, board.socket.epoch]);

  if (!open) {
    return (
      <button type="button" className="add-card link" onClick={() => setOpen(true)} data-testid={`add-card-${columnId}`}>
        <Icon name="plus" /> Add card
      </button>
    );
  }
  return (
    <form className="add-card-form" onSubmit={form.onSubmit({ title })} noValidate>
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
        <button type="submit" className="primary" disabled={form.busy} data-testid={`add-card-submit-${columnId}`}>
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
  shownOf,
}: {
  column: Column;
  /** The cards shown: all of the list's, or those matching the board's filter. */
  cards: Card[];
  state: BoardState;
  index: number;
  columnCount: number;
  board: BoardApi;
  live: boolean;
  pendingIds: Set<number>;
  onOpenCard: (id: number) => void;
  /** While a filter is on: how many cards the list has in all. */
  shownOf?: number;
}) {
  const { canEdit } = useBoardAccess();
  const { setNodeRef, isOver } = useDroppable({ id: columnDndId(column.id), data: { type: 'column', columnId: column.id } });
  // The list itself is sortable among the lists, dragged by the handle in its header.
  const list = useSortable({ id: listDndId(column.id), data: { type: 'list', columnId: column.id }, disabled: !live || !canEdit });
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
    <section
      ref={list.setNodeRef}
      style={{ transform: CSS.Translate.toString(list.transform), transition: list.transition }}
      className={`column${isOver ? ' column-over' : ''}${list.isDragging ? ' dragging' : ''}`}
      data-testid={`column-${column.id}`}
      aria-label={`Column ${column.name}`}
    >
      <header className="column-header">
        {editing ? (
          <ColumnEditor column={column} board={board} onDone={() => setEditing(false)} />
        ) : (
          <>
            {canEdit ? (
              <button
                type="button"
                ref={list.setActivatorNodeRef}
                className="drag-handle list-handle"
                {...list.attributes}
                {...list.listeners}
                aria-label={`Move list: ${column.name}`}
                data-testid={`drag-column-${column.id}`}
              >
                <Icon name="drag" />
              </button>
            ) : null}
            <h2 className="column-title">{column.name}</h2>
            {shownOf !== undefined ? <FilteredCount shown={cards.length} of={shownOf} columnId={column.id} /> : null}
            {/* While filtered, "3 of 7" says how many there are; the WIP count stays only when it has a limit to show. */}
            {shownOf === undefined || column.wip_limit !== null ? (
              <WipCount count={shownOf ?? cards.length} limit={column.wip_limit} columnId={column.id} />
            ) : null}
            {canEdit ? (
              <ColumnMenu label={`Column ${column.name} actions`}>
                {(close) => (
                  <>
                    <button
                      type="button"
                      onClick={() => {
                        close();
                        setEditing(true);
                      }}
                    >
                      Edit
                    </button>
                    <button
                      type="button"
                      disabled={index === 0}
                      onClick={() => {
                        close();
                        void run(() => moveColumn(column.id, index - 1));
                      }}
                    >
                      Move left
                    </button>
                    <button
                      type="button"
                      disabled={index === columnCount - 1}
                      onClick={() => {
                        close();
                        void run(() => moveColumn(column.id, index + 1));
                      }}
                    >
                      Move right
                    </button>
                    <button
                      type="button"
                      className="danger"
                      onClick={() => {
                        close();
                        if (window.confirm(`Archive column “${column.name}” and its cards?`)) void run(() => archiveColumn(column.id));
                      }}
                    >
                      Archive
                    </button>
                  </>
                )}
              </ColumnMenu>
            ) : null}
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
              board={board}
              disabled={!live || !canEdit}
              pending={pendingIds.has(card.id)}
              onOpen={onOpenCard}
            />
          ))}
          {cards.length === 0 ? <li className="column-empty">{shownOf ? 'No matching cards' : 'No cards'}</li> : null}
        </ul>
      </SortableContext>
      {canEdit ? <AddCard columnId={column.id} board={board} live={live} /> : null}
    </section>
  );
}
