// Normalised board state ({ids, entities} per kind) and the one dispatcher that
// applies /workflow envelopes to it. Pure: unit-tested in boardState.test.ts.
import type { WorkflowEnvelope } from '@/lib/events';
import type { Attachment, Board, BoardSnapshot, Card, ChecklistItem, Column, Comment, Id, Label } from '@/lib/types';

export interface Table<T extends { id: Id }> {
  ids: Id[];
  entities: Record<Id, T>;
}

export interface BoardState {
  board: Board;
  columns: Table<Column>;
  cards: Table<Card>;
  labels: Table<Label>;
  comments: Table<Comment>;
  /** Every checklist item of the board's cards (see checklistForCard). */
  checklist: Table<ChecklistItem>;
  attachments: Table<Attachment>;
  /** The board stream's seq this state is current at. */
  seq: number;
}

export function tableOf<T extends { id: Id }>(items: readonly T[]): Table<T> {
  const entities: Record<Id, T> = {};
  const ids: Id[] = [];
  for (const item of items) {
    if (!(item.id in entities)) ids.push(item.id);
    entities[item.id] = item;
  }
  return { ids, entities };
}

function put<T extends { id: Id }>(table: Table<T>, item: T): Table<T> {
  return {
    ids: item.id in table.entities ? table.ids : [...table.ids, item.id],
    entities: { ...table.entities, [item.id]: item },
  };
}

function drop<T extends { id: Id }>(table: Table<T>, shouldDrop: (item: T) => boolean): Table<T> {
  const ids = table.ids.filter((id) => !shouldDrop(table.entities[id]!));
  if (ids.length === table.ids.length) return table;
  const entities: Record<Id, T> = {};
  for (const id of ids) entities[id] = table.entities[id]!;
  return { ids, entities };
}

export function fromSnapshot(snapshot: BoardSnapshot): BoardState {
  return {
    board: snapshot.board,
    columns: tableOf(snapshot.columns.filter((c) => !c.archived)),
    cards: tableOf(snapshot.cards.filter((c) => !c.archived)),
    labels: tableOf(snapshot.labels),
    comments: tableOf(snapshot.comments),
    checklist: tableOf(snapshot.checklist_items),
    attachments: tableOf(snapshot.attachments),
    seq: snapshot.seq,
  };
}

/**
 * Card data from outside the ordered stream (an acknowledgement, a REST answer,
 * a `stale` error's `current`). The version check keeps an older copy from
 * overwriting a newer one that already arrived as an event.
 */
export function upsertCard(state: BoardState, card: Card): BoardState {
  const existing = state.cards.entities[card.id];
  if (existing && existing.version > card.version) return state;
  if (card.archived || card.board_id !== state.board.id) {
    return { ...state, cards: drop(state.cards, (c) => c.id === card.id) };
  }
  return { ...state, cards: put(state.cards, card) };
}

export function upsertColumn(state: BoardState, column: Column): BoardState {
  const existing = state.columns.entities[column.id];
  if (existing && existing.version > column.version) return state;
  if (column.archived) {
    return {
      ...state,
      columns: drop(state.columns, (c) => c.id === column.id),
      // Archived columns and their cards are left out of snapshots too.
      cards: drop(state.cards, (c) => c.column_id === column.id),
    };
  }
  return { ...state, columns: put(state.columns, column) };
}

export function upsertLabel(state: BoardState, label: Label): BoardState {
  return { ...state, labels: put(state.labels, label) };
}

export function removeComment(state: BoardState, commentId: Id): BoardState {
  return { ...state, comments: drop(state.comments, (c) => c.id === commentId) };
}

export function upsertAttachment(state: BoardState, attachment: Attachment): BoardState {
  return { ...state, attachments: put(state.attachments, attachment) };
}

export function removeAttachment(state: BoardState, attachmentId: Id): BoardState {
  return { ...state, attachments: drop(state.attachments, (a) => a.id === attachmentId) };
}

export interface DispatchResult {
  state: BoardState;
  /** The envelope refers to data this state does not hold: load a snapshot. */
  refetch: boolean;
}

/**
 * Applies one envelope (already ordered by the stream cursor).
 *
 * Every envelope carries the full changed object, so almost all of them PATCH
 * state in place; none needs a round trip. The exceptions REFETCH a snapshot,
 * because the envelope alone cannot make the state whole:
 * - a column we do not have comes back un-archived: its cards were dropped
 *   with it and no event will re-send them;
 * - the board itself comes back un-archived, for the same reason.
 */
export function dispatch(state: BoardState, envelope: WorkflowEnvelope): DispatchResult {
  const next = (s: BoardState, refetch = false): DispatchResult => ({ state: { ...s, seq: envelope.seq }, refetch });

  switch (envelope.event) {
    case 'board_update': {
      // patch: name/description/archived are shown as-is; archived boards show a notice.
      const revived = state.board.archived && !envelope.data.archived;
      return next({ ...state, board: envelope.data }, revived);
    }
    case 'column_update': {
      const column = envelope.data;
      const unknownRevived = !(column.id in state.columns.entities) && !column.archived && envelope.op !== 'created';
      // patch: created/updated/moved replace the column; archived removes it and its cards.
      return next(upsertColumn(state, column), unknownRevived);
    }
    case 'card_update':
    case 'card_move':
      // patch: the envelope holds the whole card (new column_id and position for moves).
      return next(upsertCard(state, envelope.data));
    case 'comment_update': {
      // patch: `deleted` carries only {id, card_id}.
      if (envelope.op === 'deleted') return next(removeComment(state, envelope.data.id));
      const comment = envelope.data as Comment;
      return next({ ...state, comments: put(state.comments, comment) });
    }
    case 'attachment_update':
      // patch: created carries the whole attachment, deleted only {id, card_id, board_id, name}.
      if (envelope.op === 'deleted') return next(removeAttachment(state, envelope.data.id));
      return next(upsertAttachment(state, envelope.data as Attachment));
    case 'checklist_update': {
      // patch: every op carries the whole item; deleted removes it.
      const item = envelope.data;
      if (envelope.op === 'deleted') return next({ ...state, checklist: drop(state.checklist, (i) => i.id === item.id) });
      return next({ ...state, checklist: put(state.checklist, item) });
    }
    case 'label_update': {
      if (envelope.op === 'deleted') {
        // patch: a deleted label also disappears from every card that had it.
        const labelId = envelope.data.id;
        const cards: Table<Card> = { ids: state.cards.ids, entities: {} };
        for (const id of state.cards.ids) {
          const card = state.cards.entities[id]!;
          cards.entities[id] = card.label_ids.includes(labelId)
            ? { ...card, label_ids: card.label_ids.filter((l) => l !== labelId) }
            : card;
        }
        return next({ ...state, labels: drop(state.labels, (l) => l.id === labelId), cards });
      }
      return next(upsertLabel(state, envelope.data as Label));
    }
    default:
      // An event this client does not know: a snapshot is the safe answer.
      return next(state, true);
  }
}

// --- selectors --------------------------------------------------------------

const byPosition = (a: { position: number; id: Id }, b: { position: number; id: Id }) =>
  a.position - b.position || a.id - b.id;

export function columnsInOrder(state: BoardState): Column[] {
  return state.columns.ids.map((id) => state.columns.entities[id]!).sort(byPosition);
}

export function cardsInColumn(state: BoardState, columnId: Id): Card[] {
  return state.cards.ids
    .map((id) => state.cards.entities[id]!)
    .filter((card) => card.column_id === columnId)
    .sort(byPosition);
}

export function commentsForCard(state: BoardState, cardId: Id): Comment[] {
  return state.comments.ids
    .map((id) => state.comments.entities[id]!)
    .filter((c) => c.card_id === cardId)
    .sort((a, b) => a.created_at.localeCompare(b.created_at) || a.id - b.id);
}

export function attachmentsForCard(state: BoardState, cardId: Id): Attachment[] {
  return state.attachments.ids
    .map((id) => state.attachments.entities[id]!)
    .filter((a) => a.card_id === cardId)
    .sort((a, b) => a.created_at.localeCompare(b.created_at) || a.id - b.id);
}

/** The card's checklist in order. */
export function checklistForCard(state: BoardState, cardId: Id): ChecklistItem[] {
  return state.checklist.ids
    .map((id) => state.checklist.entities[id]!)
    .filter((item) => item.card_id === cardId)
    .sort(byPosition);
}

/** How far the card's checklist is: ticked items of all. */
export function checklistProgress(state: BoardState, cardId: Id): { done: number; total: number } {
  let done = 0;
  let total = 0;
  for (const id of state.checklist.ids) {
    const item = state.checklist.entities[id]!;
    if (item.card_id !== cardId) continue;
    total += 1;
    if (item.done) done += 1;
  }
  return { done, total };
}

// --- optimistic moves -------------------------------------------------------

export interface PendingMove {
  mutationId: string;
  cardId: Id;
  columnId: Id;
  /** 0-based place in the target column, as sent to the server. */
  index: number;
}

/** Puts a card at `index` of a column by giving it a position between its new neighbours. */
/**
 * The position that puts an item at `index` among `others` (in order, without it): between
 * its new neighbours, as the server's workflow.ordering does.
 */
export function positionAt(others: readonly { position: number }[], index: number): number {
  const at = Math.max(0, Math.min(index, others.length));
  const before = others[at - 1];
  const after = others[at];
  if (before && after) return (before.position + after.position) / 2;
  if (before) return before.position + 1;
  if (after) return after.position - 1;
  return 0;
}

export function moveCardLocally(state: BoardState, cardId: Id, columnId: Id, index: number): BoardState {
  const card = state.cards.entities[cardId];
  if (!card || !(columnId in state.columns.entities)) return state;
  const others = cardsInColumn(state, columnId).filter((c) => c.id !== cardId);
  const position = positionAt(others, index);
  return { ...state, cards: put(state.cards, { ...card, column_id: columnId, position }) };
}

/** What the user sees: the server's state with their unanswered moves on top. */
export function withPendingMoves(state: BoardState, pending: readonly PendingMove[]): BoardState {
  return pending.reduce((s, move) => moveCardLocally(s, move.cardId, move.columnId, move.index), state);
}

/** Index of the card within its column, or -1. */
export function indexInColumn(state: BoardState, cardId: Id): number {
  const card = state.cards.entities[cardId];
  if (!card) return -1;
  return cardsInColumn(state, card.column_id).findIndex((c) => c.id === cardId);
}

export function upsertComment(state: BoardState, comment: Comment): BoardState {
  return { ...state, comments: put(state.comments, comment) };
}
