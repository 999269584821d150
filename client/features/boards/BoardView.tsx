// A board: columns of cards with drag and drop (pointer and keyboard), live.
import {
  closestCorners,
  DndContext,
  DragOverlay,
  KeyboardSensor,
  PointerSensor,
  useSensor,
  useSensors,
  type DragEndEvent,
  type DragOverEvent,
  type DragStartEvent,
  type Announcements,
} from '@dnd-kit/core';
import { sortableKeyboardCoordinates } from '@dnd-kit/sortable';
import Link from 'next/link';
import { useMemo, useState, type FormEvent } from 'react';
import { errorFields } from '@/lib/api';
import type { Id } from '@/lib/types';
import { ConnectionBadge } from '@/components/ConnectionBadge';
import { Dialog } from '@/components/Dialog';
import { FormError, issuesToFields } from '@/components/Form';
import { Empty, Loading } from '@/components/States';
import { createColumn } from './api';
import { cardsInColumn, columnsInOrder, indexInColumn, moveCardLocally, type BoardState } from './boardState';
import { CardDetail } from './CardDetail';
import { CardFace } from './CardItem';
import { ColumnView } from './ColumnView';
import { columnSchema } from './schemas';
import { useBoard, type BoardApi } from './useBoard';

interface Preview {
  cardId: Id;
  columnId: Id;
  index: number;
}

type DndData = { type: 'card'; cardId: Id } | { type: 'column'; columnId: Id };

function dataOf(x: { data: { current?: unknown } } | null): DndData | null {
  return (x?.data.current as DndData | undefined) ?? null;
}

/** Where a drop on `over` puts the active card: column and final index. */
function dropTarget(state: BoardState, cardId: Id, over: DndData | null): Preview | null {
  if (!over) return null;
  if (over.type === 'column') {
    const list = cardsInColumn(state, over.columnId);
    const at = list.findIndex((c) => c.id === cardId);
    return { cardId, columnId: over.columnId, index: at >= 0 ? at : list.length };
  }
  const target = state.cards.entities[over.cardId];
  if (!target) return null;
  const list = cardsInColumn(state, target.column_id);
  // Within a list the dragged card takes the place of the one it is over
  // (arrayMove semantics); coming from elsewhere it goes before it.
  return { cardId, columnId: target.column_id, index: list.findIndex((c) => c.id === over.cardId) };
}

function AddColumn({ boardId, board }: { boardId: Id; board: BoardApi }) {
  const [name, setName] = useState('');
  const [wip, setWip] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setMessage(null);
    const parsed = columnSchema.safeParse({ name, wip_limit: wip });
    if (!parsed.success) return setErrors(issuesToFields(parsed.error.issues));
    setErrors({});
    setBusy(true);
    try {
      board.applyColumn(await createColumn(boardId, parsed.data));
      setName('');
      setWip('');
    } catch (error) {
      const { fields, message: m } = errorFields(error, ['name', 'wip_limit']);
      setErrors(fields);
      setMessage(m);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="column add-column" onSubmit={submit} noValidate aria-label="Add a column">
      <h2 className="column-title">Add a column</h2>
      <label>
        Name
        <input value={name} onChange={(e) => setName(e.target.value)} aria-invalid={!!errors.name} data-testid="new-column-name" />
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
      <button type="submit" className="primary" disabled={busy} data-testid="add-column-submit">
        Add column
      </button>
    </form>
  );
}

export function BoardView({ boardId }: { boardId: Id }) {
  const board = useBoard(boardId);
  const { view, socket, loadError } = board;
  const live = socket.status === 'connected';
  const [preview, setPreview] = useState<Preview | null>(null);
  const [activeId, setActiveId] = useState<Id | null>(null);
  const [openCardId, setOpenCardId] = useState<Id | null>(null);

  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 5 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );

  // While dragging, the card is shown where it would land.
  const display = useMemo(
    () => (view && preview ? moveCardLocally(view, preview.cardId, preview.columnId, preview.index) : view),
    [view, preview],
  );

  if (loadError) {
    return (
      <div className="error-box" role="alert">
        {loadError.code === 'not_found' ? 'This board does not exist or is not shared with you.' : loadError.message}{' '}
        <Link href="/boards">All boards</Link>
      </div>
    );
  }
  if (!display || !view) {
    return (
      <>
        <ConnectionBadge status={socket.status} error={socket.error} transport={socket.transport} />
        <Loading label="Loading board…" />
      </>
    );
  }

  const columns = columnsInOrder(display);
  const pendingIds = new Set(board.pending.map((p) => p.cardId));
  const activeCard = activeId !== null ? display.cards.entities[activeId] : undefined;

  function onDragStart(e: DragStartEvent) {
    const data = dataOf(e.active);
    if (data?.type === 'card') setActiveId(data.cardId);
  }

  function onDragOver(e: DragOverEvent) {
    const active = dataOf(e.active);
    if (active?.type !== 'card' || !display) return;
    const target = dropTarget(display, active.cardId, dataOf(e.over));
    const current = display.cards.entities[active.cardId];
    // Only crossing into another column needs a preview; sortable animates within one.
    if (target && current && target.columnId !== current.column_id) setPreview(target);
  }

  function onDragEnd(e: DragEndEvent) {
    const active = dataOf(e.active);
    const target = active?.type === 'card' && display ? dropTarget(display, active.cardId, dataOf(e.over)) : null;
    setPreview(null);
    setActiveId(null);
    if (!target || !view) return;
    const before = view.cards.entities[target.cardId];
    if (!before) return;
    if (before.column_id === target.columnId && indexInColumn(view, target.cardId) === target.index) return;
    void board.moveCard(target.cardId, target.columnId, target.index);
  }

  const openCard = openCardId !== null ? view.cards.entities[openCardId] : undefined;

  // Screen reader announcements in words (card titles and column names), not ids.
  const titleOf = (data: DndData | null) => (data?.type === 'card' ? `“${display.cards.entities[data.cardId]?.title ?? 'card'}”` : 'card');
  const placeOf = (cardId: Id, over: DndData | null) => {
    const target = dropTarget(display, cardId, over);
    const column = target ? display.columns.entities[target.columnId] : undefined;
    return target && column ? `position ${target.index + 1} in ${column.name}` : 'no column';
  };
  const announcements: Announcements = {
    onDragStart: ({ active }) => `Picked up card ${titleOf(dataOf(active))}. Use the arrow keys to move it, Space to drop, Escape to cancel.`,
    onDragOver: ({ active, over }) => {
      const card = dataOf(active);
      if (card?.type !== 'card' || !over || over.id === active.id) return undefined;
      return `Card ${titleOf(card)} is over ${placeOf(card.cardId, dataOf(over))}.`;
    },
    onDragEnd: ({ active, over }) => {
      const card = dataOf(active);
      return card?.type === 'card' && over ? `Card ${titleOf(card)} was dropped at ${placeOf(card.cardId, dataOf(over))}.` : 'Card dropped.';
    },
    onDragCancel: ({ active }) => `Moving was cancelled. Card ${titleOf(dataOf(active))} went back.`,
  };

  return (
    <section className={`board${live ? '' : ' stale'}`} data-testid="board">
      <div className="page-head">
        <div>
          <p className="crumbs">
            <Link href="/boards">Boards</Link> /
          </p>
          <h1 data-testid="board-name">{display.board.name}</h1>
          {display.board.description ? <p className="muted">{display.board.description}</p> : null}
        </div>
        <ConnectionBadge status={socket.status} error={socket.error} transport={socket.transport} />
      </div>
      {display.board.archived ? (
        <p className="notice" role="status">
          This board is archived.
        </p>
      ) : null}
      {!live ? (
        <p className="notice" role="status" data-testid="stale-notice">
          Connection lost: this is the board as it was before the disconnect. Changes are paused and it will update when
          the connection is back.
        </p>
      ) : null}
      <DndContext
        sensors={sensors}
        accessibility={{ announcements }}
        collisionDetection={closestCorners}
        onDragStart={onDragStart}
        onDragOver={onDragOver}
        onDragEnd={onDragEnd}
        onDragCancel={() => {
          setPreview(null);
          setActiveId(null);
        }}
      >
        <div className="columns" data-testid="columns">
          {columns.length === 0 ? <Empty>No columns yet. Add the first one.</Empty> : null}
          {columns.map((column, index) => (
            <ColumnView
              key={column.id}
              column={column}
              cards={cardsInColumn(display, column.id)}
              state={display}
              index={index}
              columnCount={columns.length}
              board={board}
              live={live}
              pendingIds={pendingIds}
              onOpenCard={setOpenCardId}
            />
          ))}
          <AddColumn boardId={boardId} board={board} />
        </div>
        <DragOverlay>
          {activeCard ? (
            <div className="card overlay">
              <CardFace card={activeCard} state={display} />
            </div>
          ) : null}
        </DragOverlay>
      </DndContext>
      {openCardId !== null ? (
        openCard ? (
          <CardDetail key={openCardId} card={openCard} state={view} board={board} onClose={() => setOpenCardId(null)} />
        ) : (
          <CardGone onClose={() => setOpenCardId(null)} />
        )
      ) : null}
    </section>
  );
}

function CardGone({ onClose }: { onClose: () => void }) {
  return (
    <Dialog title="Card archived" onClose={onClose} testId="card-gone">
      <p>This card was archived.</p>
      <div className="actions">
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
    </Dialog>
  );
}
