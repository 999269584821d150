import { describe, expect, it } from 'vitest';
import { card, column, comment, envelope, label, snapshot } from '@/test/fixtures';
import { receive } from '@/lib/streamCursor';
import type { WorkflowEnvelope } from '@/lib/events';
import {
  cardsInColumn,
  columnsInOrder,
  commentsForCard,
  dispatch,
  fromSnapshot,
  moveCardLocally,
  upsertCard,
  withPendingMoves,
  type BoardState,
} from './boardState';

const ids = (cards: { id: number }[]) => cards.map((c) => c.id);

function applyAll(state: BoardState, envelopes: WorkflowEnvelope[]): BoardState {
  return envelopes.reduce((s, e) => dispatch(s, e).state, state);
}

describe('fromSnapshot', () => {
  it('normalises and orders by position', () => {
    const state = fromSnapshot(
      snapshot({ columns: [column(20, { position: 2 }), column(10, { position: 1 })], cards: [card(2, 10, 5), card(1, 10, 1)] }),
    );
    expect(state.columns.ids).toEqual([20, 10]);
    expect(ids(columnsInOrder(state))).toEqual([10, 20]);
    expect(ids(cardsInColumn(state, 10))).toEqual([1, 2]);
    expect(state.seq).toBe(5);
  });
});

describe('dispatch', () => {
  const base = fromSnapshot(snapshot());

  it('moves a card between columns', () => {
    const { state, refetch } = dispatch(base, envelope('card_move', 6, 'moved', card(1, 20, 0, { version: 2 })));
    expect(refetch).toBe(false);
    expect(ids(cardsInColumn(state, 10))).toEqual([2, 3]);
    expect(ids(cardsInColumn(state, 20))).toEqual([1, 4]);
    expect(state.seq).toBe(6);
    expect(base.cards.entities[1]!.column_id).toBe(10); // pure
  });

  it('creates, updates and archives cards', () => {
    const state = applyAll(base, [
      envelope('card_update', 6, 'created', card(9, 20, 5, { title: '<b>new</b>' })),
      envelope('card_update', 7, 'updated', card(2, 10, 2, { title: 'renamed', version: 2 })),
      envelope('card_update', 8, 'archived', card(3, 10, 3, { archived: true, version: 2 })),
    ]);
    expect(ids(cardsInColumn(state, 20))).toEqual([4, 9]);
    expect(state.cards.entities[9]!.title).toBe('<b>new</b>');
    expect(state.cards.entities[2]!.title).toBe('renamed');
    expect(state.cards.entities[3]).toBeUndefined();
    expect(state.cards.ids).not.toContain(3);
  });

  it('archiving a column removes its cards', () => {
    const { state } = dispatch(base, envelope('column_update', 6, 'archived', column(10, { archived: true, version: 2 })));
    expect(ids(columnsInOrder(state))).toEqual([20]);
    expect(cardsInColumn(state, 10)).toEqual([]);
    expect(state.cards.ids).toEqual([4]);
  });

  it('asks for a refetch when an unknown column comes back', () => {
    const archived = dispatch(base, envelope('column_update', 6, 'archived', column(10, { archived: true, version: 2 }))).state;
    const revived = dispatch(archived, envelope('column_update', 7, 'updated', column(10, { version: 3 })));
    expect(revived.refetch).toBe(true);
    const created = dispatch(base, envelope('column_update', 6, 'created', column(30)));
    expect(created.refetch).toBe(false);
    expect(ids(columnsInOrder(created.state))).toEqual([10, 20, 30]);
  });

  it('handles comments and labels, including deletes', () => {
    const withLabel = fromSnapshot(snapshot({ cards: [card(1, 10, 1, { label_ids: [7, 8] })], labels: [label(7), label(8)] }));
    const state = applyAll(withLabel, [
      envelope('comment_update', 6, 'created', comment(2, 1, { text: '<script>x</script>' })),
      envelope('comment_update', 7, 'deleted', { id: 1, card_id: 1, board_id: 1 }),
      envelope('label_update', 8, 'updated', label(8, { name: 'Urgent' })),
      envelope('label_update', 9, 'deleted', { id: 7, board_id: 1 }),
    ]);
    expect(commentsForCard(state, 1).map((c) => c.text)).toEqual(['<script>x</script>']);
    expect(state.labels.ids).toEqual([8]);
    expect(state.labels.entities[8]!.name).toBe('Urgent');
    expect(state.cards.entities[1]!.label_ids).toEqual([8]);
  });

  it('updates the board and flags an un-archive for refetch', () => {
    const archived = dispatch(base, envelope('board_update', 6, 'archived', { ...base.board, archived: true })).state;
    expect(archived.board.archived).toBe(true);
    expect(dispatch(archived, envelope('board_update', 7, 'updated', { ...base.board, archived: false })).refetch).toBe(true);
  });

  it('with the stream cursor: in-order apply, duplicates ignored, gap held', () => {
    const e6 = envelope('card_move', 6, 'moved', card(1, 20, 0, { version: 2 }));
    const e7 = envelope('card_update', 7, 'updated', card(1, 20, 0, { title: 'x', version: 3 }));
    const e9 = envelope('card_update', 9, 'updated', card(4, 20, 1, { title: 'late', version: 2 }));
    let cursor = { last: base.seq as number | null, held: [] as WorkflowEnvelope[] };
    let state = base;
    for (const batch of [[e6], [e6, e7], [e9], [e7]]) {
      const step = receive(cursor, batch);
      cursor = step.state;
      state = applyAll(state, step.apply);
    }
    expect(state.seq).toBe(7);
    expect(state.cards.entities[1]!.title).toBe('x');
    expect(state.cards.entities[4]!.title).toBe('Card 4'); // e9 waits for seq 8
    expect(cursor.held.map((e) => e.seq)).toEqual([9]);
  });
});

describe('upsertCard', () => {
  it('ignores an older copy of a card', () => {
    const base = fromSnapshot(snapshot({ cards: [card(1, 10, 1, { version: 5, title: 'new' })] }));
    expect(upsertCard(base, card(1, 20, 1, { version: 4, title: 'old' }))).toBe(base);
    expect(upsertCard(base, card(1, 20, 1, { version: 6 })).cards.entities[1]!.column_id).toBe(20);
  });
});

describe('optimistic moves', () => {
  const base = fromSnapshot(snapshot());

  it('places a card at an index between its neighbours', () => {
    expect(ids(cardsInColumn(moveCardLocally(base, 3, 10, 0), 10))).toEqual([3, 1, 2]);
    expect(ids(cardsInColumn(moveCardLocally(base, 1, 10, 1), 10))).toEqual([2, 1, 3]);
    expect(ids(cardsInColumn(moveCardLocally(base, 1, 10, 2), 10))).toEqual([2, 3, 1]);
    expect(ids(cardsInColumn(moveCardLocally(base, 2, 20, 0), 20))).toEqual([2, 4]);
    expect(ids(cardsInColumn(moveCardLocally(base, 2, 20, 1), 20))).toEqual([4, 2]);
    expect(ids(cardsInColumn(moveCardLocally(base, 2, 20, 99), 20))).toEqual([4, 2]);
  });

  it('layers pending moves over server state; dropping one rolls it back', () => {
    const pending = [{ mutationId: 'm1', cardId: 1, columnId: 20, index: 0 }];
    const view = withPendingMoves(base, pending);
    expect(ids(cardsInColumn(view, 20))).toEqual([1, 4]);
    expect(ids(cardsInColumn(withPendingMoves(base, []), 20))).toEqual([4]);
  });
});
