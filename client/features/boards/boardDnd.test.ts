import { describe, expect, it } from 'vitest';
import { card, column, envelope, snapshot } from '@/test/fixtures';
import { cardsInColumn, columnsInOrder, dispatch, fromSnapshot } from './boardState';
import { accepts, dropTarget, listDropIndex, listIndex, moveColumnLocally, targetsFor, type DndData } from './boardDnd';

const ids = (items: { id: number }[]) => items.map((c) => c.id);
const state = () =>
  fromSnapshot(
    snapshot({
      columns: [column(10, { position: 1 }), column(20, { position: 2 }), column(30, { position: 3 })],
      cards: [card(1, 10, 1), card(2, 10, 2), card(3, 10, 3), card(4, 20, 1)],
    }),
  );

describe('dropTarget (cards)', () => {
  it('puts a card dropped on a list area at its end, or keeps its place in its own list', () => {
    expect(dropTarget(state(), 1, { type: 'column', columnId: 20 })).toEqual({ cardId: 1, columnId: 20, index: 1 });
    expect(dropTarget(state(), 2, { type: 'column', columnId: 10 })).toEqual({ cardId: 2, columnId: 10, index: 1 });
  });

  it('gives a card dropped on another card that card’s place', () => {
    expect(dropTarget(state(), 3, { type: 'card', cardId: 1 })).toEqual({ cardId: 3, columnId: 10, index: 0 });
    expect(dropTarget(state(), 1, { type: 'card', cardId: 4 })).toEqual({ cardId: 1, columnId: 20, index: 0 });
  });

  it('has no target over nothing, a list handle or a card that is gone', () => {
    expect(dropTarget(state(), 1, null)).toBeNull();
    expect(dropTarget(state(), 1, { type: 'list', columnId: 20 })).toBeNull();
    expect(dropTarget(state(), 1, { type: 'card', cardId: 99 })).toBeNull();
  });
});

describe('lists', () => {
  it('a list dropped on another takes its place', () => {
    expect(listDropIndex(state(), { type: 'list', columnId: 30 })).toBe(2);
    expect(listDropIndex(state(), { type: 'list', columnId: 10 })).toBe(0);
    expect(listDropIndex(state(), { type: 'column', columnId: 30 })).toBeNull();
    expect(listDropIndex(state(), null)).toBeNull();
  });

  it('moves a list locally to any place, cards staying in it', () => {
    for (const [index, order] of [
      [0, [30, 10, 20]],
      [1, [10, 30, 20]],
      [2, [10, 20, 30]],
      [9, [10, 20, 30]],
    ] as const) {
      const moved = moveColumnLocally(state(), 30, index);
      expect(ids(columnsInOrder(moved))).toEqual(order);
    }
    const first = moveColumnLocally(state(), 10, 2);
    expect(ids(columnsInOrder(first))).toEqual([20, 30, 10]);
    expect(listIndex(first, 10)).toBe(2);
    expect(ids(cardsInColumn(first, 10))).toEqual([1, 2, 3]);
  });

  it('agrees with the server’s moved events for the other watchers', () => {
    // The server renumbers and sends a `moved` column_update per list whose position changed.
    let s = state();
    s = dispatch(s, envelope('column_update', 6, 'moved', column(30, { position: 0.5, version: 2 }))).state;
    expect(ids(columnsInOrder(s))).toEqual([30, 10, 20]);
    s = dispatch(s, envelope('column_update', 7, 'moved', column(10, { position: 2.5, version: 2 }))).state;
    expect(ids(columnsInOrder(s))).toEqual([30, 20, 10]);
  });
});

describe('drop targets by kind', () => {
  it('lets cards land on cards and card areas, lists among lists', () => {
    expect(accepts('card', 'card')).toBe(true);
    expect(accepts('card', 'column')).toBe(true);
    expect(accepts('card', 'list')).toBe(false);
    expect(accepts('list', 'list')).toBe(true);
    expect(accepts('list', 'card')).toBe(false);
    expect(accepts('list', 'column')).toBe(false);
    expect(accepts(undefined, 'card')).toBe(false);
  });

  it('filters dnd-kit containers by what is dragged', () => {
    const item = (data: DndData) => ({ id: `${data.type}`, data: { current: data } });
    const containers = [item({ type: 'card', cardId: 1 }), item({ type: 'column', columnId: 10 }), item({ type: 'list', columnId: 10 })];
    expect(targetsFor({ type: 'list', columnId: 20 }, containers).map((c) => c.id)).toEqual(['list']);
    expect(targetsFor({ type: 'card', cardId: 2 }, containers).map((c) => c.id)).toEqual(['card', 'column']);
  });
});
