// A board: lists of cards, both reordered by drag and drop (pointer and
// keyboard, announced), live. What the user may do follows their role
// (roles.ts): viewers get a read-only board. A member taken off the board
// while watching is told so at once.
import {
  DndContext,
  DragOverlay,
  KeyboardSensor,
  PointerSensor,
  useSensor,
  useSensors,
  type Announcements,
  type DragEndEvent,
  type DragOverEvent,
  type DragStartEvent,
} from '@dnd-kit/core';
import { horizontalListSortingStrategy, SortableContext } from '@dnd-kit/sortable';
import Link from 'next/link';
import { useMemo, useState } from 'react';
import { errorFields } from '@/lib/api';
import { useMe } from '@/lib/auth';
import { todayISO } from '@/lib/format';
import type { Id } from '@/lib/types';
import { ConnectionBadge } from '@/components/ConnectionBadge';
import { Dialog } from '@/components/Dialog';
import { Empty, Loading } from '@/components/States';
import { useToast } from '@/components/Toast';
import { AddColumn } from './AddColumn';
import { moveColumn } from './api';
import {
  boardCollisions,
  boardKeyboardCoordinates,
  dataOf,
  dropTarget,
  listDndId,
  listDropIndex,
  listIndex,
  moveColumnLocally,
  type CardDrop,
  type DndData,
} from './boardDnd';
import { BoardFilters, useBoardFilter } from './BoardFilters';
import { BoardHeader } from './BoardHeader';
import { cardsInColumn, columnsInOrder, indexInColumn, moveCardLocally } from './boardState';
import { filterContext, isFiltering, matchingCards } from './cardFilter';
import { CardDetail } from './CardDetail';
import { CardFace } from './CardItem';
import { ColumnView, WipCount } from './ColumnView';
import { useRemovedFromBoard } from './removal';
import { accessOf, BoardAccessProvider, roleOf } from './roles';
import { useBoard } from './useBoard';
import { useCardParam } from './useCardParam';

export function BoardView({ boardId }: { boardId: Id }) {
  const board = useBoard(boardId);
  const { view, socket, loadError } = board;
  const { data: me } = useMe();
  const toast = useToast();
  const live = socket.status === 'connected';
  const [preview, setPreview] = useState<CardDrop | null>(null);
  const [activeId, setActiveId] = useState<Id | null>(null);
  const [activeListId, setActiveListId] = useState<Id | null>(null);
  // A list dropped in a new place, shown there until the server answers.
  const [listMove, setListMove] = useState<{ columnId: Id; index: number } | null>(null);
  const [openCardId, setOpenCardId] = useCardParam();
  const [filter, setFilter] = useBoardFilter();
  const removed = useRemovedFromBoard(boardId, view?.board ?? null, me ?? null, socket.on);

  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 5 } }),
    useSensor(KeyboardSensor, { coordinateGetter: boardKeyboardCoordinates }),
  );

  // While dragging, the card is shown where it would land.
  const display = useMemo(() => {
    if (!view) return view;
    const lists = listMove ? moveColumnLocally(view, listMove.columnId, listMove.index) : view;
    return preview ? moveCardLocally(lists, preview.cardId, preview.columnId, preview.index) : lists;
  }, [view, preview, listMove]);

  if (removed) {
    return (
      <section className="panel removed" role="alert" data-testid="board-removed">
        <h1>You were removed from this board.</h1>
        <p>Its owners took you off it, so it is no longer shown to you.</p>
        <p>
          <Link href="/boards">Back to all boards</Link>
        </p>
      </section>
    );
  }
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

  const access = accessOf(me ? roleOf(display.board, me) : null);
  const columns = columnsInOrder(display);
  // The filter applies to the state at each render, so live changes follow it by
  // themselves. Drops still count places among all of a list's cards
  // (boardDnd.dropTarget reads the state, not what is shown), hidden ones included.
  const filtering = isFiltering(filter);
  const matchContext = filterContext(display, me?.id ?? null, todayISO());
  const shownIn = (columnId: Id) => matchingCards(cardsInColumn(display, columnId), filter, matchContext);
  const pendingIds = new Set(board.pending.map((p) => p.cardId));
  const activeCard = activeId !== null ? display.cards.entities[activeId] : undefined;
  const activeList = activeListId !== null ? display.columns.entities[activeListId] : undefined;

  async function moveList(columnId: Id, index: number) {
    setListMove({ columnId, index });
    try {
      board.applyColumn(await moveColumn(columnId, index));
    } catch (error) {
      toast(`The list was put back: ${errorFields(error).message ?? 'it could not be moved.'}`, 'error');
    } finally {
      setListMove(null);
    }
  }

  function endDrag() {
    setPreview(null);
    setActiveId(null);
    setActiveListId(null);
  }

  function onDragStart(e: DragStartEvent) {
    const data = dataOf(e.active);
    if (data?.type === 'card') setActiveId(data.cardId);
    if (data?.type === 'list') setActiveListId(data.columnId);
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
    const over = dataOf(e.over);
    const target = active?.type === 'card' && display ? dropTarget(display, active.cardId, over) : null;
    const listTo = active?.type === 'list' && display ? listDropIndex(display, over) : null;
    endDrag();
    if (!view || !display) return;
    if (active?.type === 'list') {
      if (listTo !== null && listTo !== listIndex(display, active.columnId)) void moveList(active.columnId, listTo);
      return;
    }
    if (!target) return;
    const before = view.cards.entities[target.cardId];
    if (!before) return;
    if (before.column_id === target.columnId && indexInColumn(view, target.cardId) === target.index) return;
    void board.moveCard(target.cardId, target.columnId, target.index);
  }

  const openCard = openCardId !== null ? view.cards.entities[openCardId] : undefined;

  // Screen reader announcements in words (card titles, list names and places), not ids.
  const nameOf = (data: DndData | null) =>
    data?.type === 'card'
      ? `card “${display.cards.entities[data.cardId]?.title ?? 'card'}”`
      : data?.type === 'list'
        ? `list “${display.columns.entities[data.columnId]?.name ?? 'list'}”`
        : 'item';
  const Name = (data: DndData | null) => {
    const text = nameOf(data);
    return text.charAt(0).toUpperCase() + text.slice(1);
  };
  const placeOf = (active: DndData | null, over: DndData | null) => {
    if (active?.type === 'list') {
      const index = listDropIndex(display, over);
      return index === null ? 'no place' : `position ${index + 1} of ${columns.length}`;
    }
    if (active?.type !== 'card') return 'no place';
    const target = dropTarget(display, active.cardId, over);
    const column = target ? display.columns.entities[target.columnId] : undefined;
    return target && column ? `position ${target.index + 1} in ${column.name}` : 'no column';
  };
  const announcements: Announcements = {
    onDragStart: ({ active }) => `Picked up ${nameOf(dataOf(active))}. Use the arrow keys to move it, Space to drop, Escape to cancel.`,
    onDragOver: ({ active, over }) => {
      const data = dataOf(active);
      if (!data || !over || over.id === active.id) return undefined;
      return `${Name(data)} is over ${placeOf(data, dataOf(over))}.`;
    },
    onDragEnd: ({ active, over }) => {
      const data = dataOf(active);
      return data && over ? `${Name(data)} was dropped at ${placeOf(data, dataOf(over))}.` : 'Dropped.';
    },
    onDragCancel: ({ active }) => `Moving was cancelled. ${Name(dataOf(active))} went back.`,
  };

  return (
    <BoardAccessProvider value={access}>
      <section className={`board${live ? '' : ' stale'}${access.canEdit ? '' : ' read-only'}`} data-testid="board">
        <BoardHeader
          board={display.board}
          access={access}
          meId={me?.id ?? null}
          status={<ConnectionBadge status={socket.status} error={socket.error} transport={socket.transport} />}
        />
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
        <BoardFilters
          filter={filter}
          onChange={setFilter}
          labels={display.labels.ids.map((id) => display.labels.entities[id]!)}
          members={display.board.members}
          shown={filtering ? columns.reduce((n, c) => n + shownIn(c.id).length, 0) : display.cards.ids.length}
          total={display.cards.ids.length}
        />
        <DndContext
          sensors={sensors}
          accessibility={{ announcements }}
          collisionDetection={boardCollisions}
          onDragStart={onDragStart}
          onDragOver={onDragOver}
          onDragEnd={onDragEnd}
          onDragCancel={endDrag}
        >
          <div className="columns" data-testid="columns">
            {columns.length === 0 ? <Empty>{access.canEdit ? 'No lists yet. Add the first one.' : 'No lists yet.'}</Empty> : null}
            <SortableContext items={columns.map((c) => listDndId(c.id))} strategy={horizontalListSortingStrategy}>
              {columns.map((column, index) => (
                <ColumnView
                  key={column.id}
                  column={column}
                  cards={shownIn(column.id)}
                  shownOf={filtering ? cardsInColumn(display, column.id).length : undefined}
                  state={display}
                  index={index}
                  columnCount={columns.length}
                  board={board}
                  live={live}
                  pendingIds={pendingIds}
                  onOpenCard={setOpenCardId}
                />
              ))}
            </SortableContext>
            {access.canEdit ? <AddColumn boardId={boardId} board={board} /> : null}
          </div>
          <DragOverlay>
            {activeCard ? (
              <div className="card overlay">
                <CardFace card={activeCard} state={display} />
              </div>
            ) : activeList ? (
              <div className="column overlay">
                <header className="column-header">
                  <h2 className="column-title">{activeList.name}</h2>
                  <WipCount count={cardsInColumn(display, activeList.id).length} limit={activeList.wip_limit} columnId={activeList.id} />
                </header>
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
    </BoardAccessProvider>
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
