import { describe, expect, it } from 'vitest';
import { card, column, comment, envelope, label, snapshot } from '@/test/fixtures';
import { dropTarget } from './boardDnd';
import { cardsInColumn, dispatch, fromSnapshot, moveCardLocally, type BoardState } from './boardState';
import {
  cardMatches,
  filterContext,
  fromQuery,
  isFiltering,
  matchingCards,
  NO_FILTER,
  toQuery,
  withFilter,
  type CardFilter,
} from './cardFilter';

// A Wednesday: its week runs from Monday 23 to Sunday 29 November.
const TODAY = '2026-11-25';
const ME = 5;

const ids = (items: { id: number }[]) => items.map((c) => c.id);
const filter = (over: Partial<CardFilter>): CardFilter => ({ ...NO_FILTER, ...over });

function board(): BoardState {
  return fromSnapshot(
    snapshot({
      columns: [column(10), column(20)],
      cards: [
        card(1, 10, 1, { title: 'Order new clippers', label_ids: [7], assignee_ids: [ME], due_date: '2026-11-24' }),
        card(2, 10, 2, { title: 'Call the supplier', description: 'About the late CLIPPERS delivery', due_date: '2026-11-29' }),
        card(3, 10, 3, { title: 'Sweep the floor', label_ids: [8], assignee_ids: [6], due_date: '2026-11-30' }),
        card(4, 20, 1, { title: 'Restock shampoo', label_ids: [7, 8] }),
      ],
      labels: [label(7), label(8)],
      comments: [comment(1, 3, { text: 'Use the new broom from the supplier' })],
    }),
  );
}

function shown(state: BoardState, f: CardFilter, meId: number | null = ME): number[] {
  const context = filterContext(state, meId, TODAY);
  return [10, 20].flatMap((columnId) => ids(matchingCards(cardsInColumn(state, columnId), f, context)));
}

describe('cardMatches', () => {
  it('shows every card when no filter is on', () => {
    expect(isFiltering(NO_FILTER)).toBe(false);
    expect(isFiltering(filter({ text: '   ' }))).toBe(false);
    expect(shown(board(), NO_FILTER)).toEqual([1, 2, 3, 4]);
  });

  it('finds every word of the text in the title, description or comments, in any case', () => {
    expect(shown(board(), filter({ text: 'clippers' }))).toEqual([1, 2]);
    expect(shown(board(), filter({ text: 'SUPPLIER' }))).toEqual([2, 3]);
    expect(shown(board(), filter({ text: 'supplier broom' }))).toEqual([3]);
    expect(shown(board(), filter({ text: 'supplier towels' }))).toEqual([]);
  });

  it('keeps cards with any of the chosen labels', () => {
    expect(shown(board(), filter({ labelIds: [7] }))).toEqual([1, 4]);
    expect(shown(board(), filter({ labelIds: [7, 8] }))).toEqual([1, 3, 4]);
  });

  it('keeps the cards of an assignee, or my own cards', () => {
    expect(shown(board(), filter({ assigneeId: 6 }))).toEqual([3]);
    expect(shown(board(), filter({ mine: true }))).toEqual([1]);
    expect(shown(board(), filter({ mine: true }), null)).toEqual([]);
  });

  it('tells overdue, due this week (Monday to Sunday) and no due date apart', () => {
    expect(shown(board(), filter({ due: 'overdue' }))).toEqual([1]);
    expect(shown(board(), filter({ due: 'week' }))).toEqual([1, 2]);
    expect(shown(board(), filter({ due: 'none' }))).toEqual([4]);
  });

  it('combines every part of the filter', () => {
    expect(shown(board(), filter({ labelIds: [7, 8], due: 'none' }))).toEqual([4]);
    expect(shown(board(), filter({ text: 'the', due: 'week', mine: true }))).toEqual([]);
    expect(shown(board(), filter({ text: 'new', labelIds: [7], mine: true, due: 'overdue' }))).toEqual([1]);
  });

  it('follows live changes: a card that starts matching shows, one that stops matching goes', () => {
    const f = filter({ labelIds: [8] });
    let state = board();
    expect(shown(state, f)).toEqual([3, 4]);
    const two = state.cards.entities[2]!;
    state = dispatch(state, envelope('card_update', 6, 'updated', { ...two, label_ids: [8], version: 2 })).state;
    expect(shown(state, f)).toEqual([2, 3, 4]);
    const three = state.cards.entities[3]!;
    state = dispatch(state, envelope('card_update', 7, 'updated', { ...three, label_ids: [], version: 2 })).state;
    expect(shown(state, f)).toEqual([2, 4]);
    // A comment is text the filter reads too.
    state = dispatch(state, envelope('comment_update', 8, 'created', comment(2, 4, { text: 'Label it for Sam' }))).state;
    expect(shown(state, filter({ text: 'sam' }))).toEqual([4]);
    expect(cardMatches(state.cards.entities[4]!, filter({ text: 'sam' }), filterContext(state, ME, TODAY))).toBe(true);
  });
});

describe('the URL', () => {
  it('round-trips a filter and leaves out what is not in use', () => {
    const f = filter({ text: 'late clippers', labelIds: [8, 7], assigneeId: 6, due: 'week', mine: true });
    expect(toQuery(f)).toEqual({ q: 'late clippers', label: '7,8', assignee: '6', due: 'week', mine: '1' });
    expect(fromQuery(toQuery(f))).toEqual({ ...f, labelIds: [7, 8] });
    expect(toQuery(NO_FILTER)).toEqual({});
  });

  it('ignores what it cannot read', () => {
    expect(fromQuery({ q: ['a', 'b'], label: '3,x,,3,-1', assignee: 'me', due: 'someday', mine: 'yes' })).toEqual(
      filter({ text: 'a', labelIds: [3] }),
    );
    expect(fromQuery({ q: 'x'.repeat(500) }).text).toHaveLength(200);
  });

  it('replaces only its own keys: the board and the open card stay', () => {
    expect(withFilter({ id: '3', card: '9', q: 'old', due: 'none' }, filter({ labelIds: [7] }))).toEqual({
      id: '3',
      card: '9',
      label: '7',
    });
  });
});

describe('dragging while filtered', () => {
  // List 10 holds 1..5; the filter (label 7) shows only 1 and 4. Places are among all five.
  function filtered() {
    const state = fromSnapshot(
      snapshot({
        columns: [column(10), column(20)],
        cards: [
          card(1, 10, 1, { label_ids: [7] }),
          card(2, 10, 2),
          card(3, 10, 3),
          card(4, 10, 4, { label_ids: [7] }),
          card(5, 10, 5),
          card(6, 20, 1, { label_ids: [7] }),
        ],
      }),
    );
    return { state, f: filter({ labelIds: [7] }), context: filterContext(state, ME, TODAY) };
  }

  function drop(state: BoardState, cardId: number, over: Parameters<typeof dropTarget>[2]) {
    const target = dropTarget(state, cardId, over)!;
    return moveCardLocally(state, target.cardId, target.columnId, target.index);
  }

  it('moves a shown card below another shown card past the hidden ones between them', () => {
    const { state, f, context } = filtered();
    const after = drop(state, 1, { type: 'card', cardId: 4 });
    expect(ids(cardsInColumn(after, 10))).toEqual([2, 3, 4, 1, 5]);
    expect(ids(matchingCards(cardsInColumn(after, 10), f, context))).toEqual([4, 1]);
  });

  it('moves a shown card above another shown card, before the hidden ones', () => {
    const { state } = filtered();
    expect(ids(cardsInColumn(drop(state, 4, { type: 'card', cardId: 1 }), 10))).toEqual([4, 1, 2, 3, 5]);
  });

  it('puts a card from another list right before the shown card it is dropped on, or at the very end of the list', () => {
    const { state } = filtered();
    expect(ids(cardsInColumn(drop(state, 6, { type: 'card', cardId: 4 }), 10))).toEqual([1, 2, 3, 6, 4, 5]);
    expect(ids(cardsInColumn(drop(state, 6, { type: 'column', columnId: 10 }), 10))).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('sends the server the index among all the cards of the list', () => {
    const { state } = filtered();
    expect(dropTarget(state, 6, { type: 'card', cardId: 4 })).toEqual({ cardId: 6, columnId: 10, index: 3 });
  });
});
