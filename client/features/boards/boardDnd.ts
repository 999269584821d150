// Drag and drop on a board, as pure functions of the board state: where a
// dragged card or list lands, which drop targets each may use, and the local
// preview of a list move. BoardView wires them to dnd-kit; boardDnd.test.ts
// checks them without a browser.
//
// Three kinds of dnd-kit items share one DndContext:
// - `card`: a sortable card (drag handle on the card);
// - `column`: a list's card area, a drop target for cards (an empty list has no card to drop on);
// - `list`: a sortable list (drag handle in the list's header), reordered among the lists.
// A card may only land on cards and card areas, a list only among lists: the
// collision detection and the keyboard coordinates below are limited to those.
import {
  closestCorners,
  type CollisionDetection,
  type DroppableContainer,
  type KeyboardCoordinateGetter,
} from '@dnd-kit/core';
import { sortableKeyboardCoordinates } from '@dnd-kit/sortable';
import type { Id } from '@/lib/types';
import { cardsInColumn, columnsInOrder, positionAt, type BoardState } from './boardState';

export type DndData = { type: 'card'; cardId: Id } | { type: 'column'; columnId: Id } | { type: 'list'; columnId: Id };

export const cardDndId = (id: Id) => `card-${id}`;
export const columnDndId = (id: Id) => `column-${id}`;
export const listDndId = (id: Id) => `list-${id}`;

export function dataOf(x: { data: { current?: unknown } } | null | undefined): DndData | null {
  return (x?.data.current as DndData | undefined) ?? null;
}

/** Where a card would land: its column and 0-based index there. */
export interface CardDrop {
  cardId: Id;
  columnId: Id;
  index: number;
}

/** Where a drop on `over` puts the card: column and final index. */
export function dropTarget(state: BoardState, cardId: Id, over: DndData | null): CardDrop | null {
  if (!over) return null;
  if (over.type === 'column') {
    const list = cardsInColumn(state, over.columnId);
    const at = list.findIndex((c) => c.id === cardId);
    return { cardId, columnId: over.columnId, index: at >= 0 ? at : list.length };
  }
  if (over.type !== 'card') return null;
  const target = state.cards.entities[over.cardId];
  if (!target) return null;
  const list = cardsInColumn(state, target.column_id);
  // Within a list the dragged card takes the place of the one it is over
  // (arrayMove semantics); coming from elsewhere it goes before it.
  return { cardId, columnId: target.column_id, index: list.findIndex((c) => c.id === over.cardId) };
}

/** The 0-based place a list dropped on `over` takes among the lists (it takes the place of the one it is over). */
export function listDropIndex(state: BoardState, over: DndData | null): number | null {
  if (over?.type !== 'list') return null;
  const at = columnsInOrder(state).findIndex((c) => c.id === over.columnId);
  return at >= 0 ? at : null;
}

/** Index of a list among the lists, or -1. */
export function listIndex(state: BoardState, columnId: Id): number {
  return columnsInOrder(state).findIndex((c) => c.id === columnId);
}

/** Puts a list at `index` by giving it a position between its new neighbours (the server does the same). */
export function moveColumnLocally(state: BoardState, columnId: Id, index: number): BoardState {
  const column = state.columns.entities[columnId];
  if (!column) return state;
  const others = columnsInOrder(state).filter((c) => c.id !== columnId);
  const position = positionAt(others, index);
  return {
    ...state,
    columns: { ids: state.columns.ids, entities: { ...state.columns.entities, [columnId]: { ...column, position } } },
  };
}

/** Whether something of kind `dragged` may be dropped on a target of kind `target`. */
export function accepts(dragged: DndData['type'] | undefined, target: DndData['type'] | undefined): boolean {
  if (dragged === 'list') return target === 'list';
  if (dragged === 'card') return target === 'card' || target === 'column';
  return false;
}

export function targetsFor<T extends { data: { current?: unknown } }>(dragged: DndData | null, containers: readonly T[]): T[] {
  return containers.filter((c) => accepts(dragged?.type, dataOf(c)?.type));
}

/** dnd-kit collision detection limited to the targets the dragged item accepts. */
export const boardCollisions: CollisionDetection = (args) =>
  closestCorners({ ...args, droppableContainers: targetsFor(dataOf(args.active), args.droppableContainers) });

/**
 * Arrow keys move a card among cards and card areas (up/down within a list,
 * left/right to the next list), and a list among lists: sortable's own
 * coordinates, over the targets the dragged item accepts.
 */
export const boardKeyboardCoordinates: KeyboardCoordinateGetter = (event, args) => {
  const { context } = args;
  const all = context.droppableContainers;
  const allowed = targetsFor(dataOf(context.active), all.getEnabled());
  // sortableKeyboardCoordinates reads the map through getEnabled() and get() only.
  const limited = {
    getEnabled: () => allowed,
    get: (id: DroppableContainer['id']) => all.get(id),
  } as unknown as typeof all;
  return sortableKeyboardCoordinates(event, { ...args, context: { ...context, droppableContainers: limited } });
};
