import { describe, expect, it } from 'vitest';
import { card, envelope, snapshot } from '@/test/fixtures';
import { receive } from '@/lib/streamCursor';
import type { WorkflowEnvelope } from '@/lib/events';
import type { ChecklistItem } from '@/lib/types';
import { checklistForCard, checklistProgress, dispatch, fromSnapshot, type BoardState } from './boardState';
import { cardActivityKey, shownValue } from './CardHistory';

const item = (id: number, cardId: number, position: number, over: Partial<ChecklistItem> = {}): ChecklistItem => ({
  id,
  card_id: cardId,
  board_id: 1,
  text: `Item ${id}`,
  done: false,
  position,
  ...over,
});

const texts = (state: BoardState, cardId: number) => checklistForCard(state, cardId).map((i) => i.text);

function applyAll(state: BoardState, envelopes: WorkflowEnvelope[]): BoardState {
  return envelopes.reduce((s, e) => dispatch(s, e).state, state);
}

const base = fromSnapshot(
  snapshot({ checklist_items: [item(2, 1, 2048, { done: true }), item(1, 1, 1024), item(3, 2, 1024)] }),
);

describe('checklists in the board state', () => {
  it('come from the snapshot, in order per card, with progress', () => {
    expect(texts(base, 1)).toEqual(['Item 1', 'Item 2']);
    expect(texts(base, 2)).toEqual(['Item 3']);
    expect(checklistProgress(base, 1)).toEqual({ done: 1, total: 2 });
    expect(checklistProgress(base, 4)).toEqual({ done: 0, total: 0 });
  });

  it('apply created, updated, moved and deleted from the stream', () => {
    const state = applyAll(base, [
      envelope('checklist_update', 6, 'created', item(9, 1, 3072, { text: '<b>new</b>' })),
      envelope('checklist_update', 7, 'updated', item(1, 1, 1024, { done: true })),
      envelope('checklist_update', 8, 'moved', item(9, 1, 512, { text: '<b>new</b>' })),
      envelope('checklist_update', 9, 'deleted', item(2, 1, 2048, { done: true })),
    ]);
    expect(texts(state, 1)).toEqual(['<b>new</b>', 'Item 1']);
    expect(checklistProgress(state, 1)).toEqual({ done: 1, total: 2 });
    expect(state.checklist.ids).not.toContain(2);
    expect(state.seq).toBe(9);
    expect(texts(base, 1)).toEqual(['Item 1', 'Item 2']); // pure
    expect(dispatch(base, envelope('checklist_update', 6, 'created', item(9, 1, 1))).refetch).toBe(false);
  });

  it('follow the stream cursor: in order, duplicates ignored, a gap held', () => {
    const tick = envelope('checklist_update', 6, 'updated', item(1, 1, 1024, { done: true }));
    const untick = envelope('checklist_update', 7, 'updated', item(1, 1, 1024, { done: false }));
    const late = envelope('checklist_update', 9, 'deleted', item(3, 2, 1024));
    let cursor = { last: base.seq as number | null, held: [] as WorkflowEnvelope[] };
    let state = base;
    for (const batch of [[tick], [tick, untick], [late], [tick]]) {
      const step = receive(cursor, batch);
      cursor = step.state;
      state = applyAll(state, step.apply);
    }
    // The repeated tick (seq 6) came after the untick and changed nothing.
    expect(state.checklist.entities[1]!.done).toBe(false);
    expect(state.seq).toBe(7);
    expect(texts(state, 2)).toEqual(['Item 3']); // the delete waits for seq 8
    expect(cursor.held.map((e) => e.seq)).toEqual([9]);
  });
});

describe('card history helpers', () => {
  it('the activity key changes with the card, its comments and its checklist only', () => {
    const key = cardActivityKey(base, 1);
    const ticked = dispatch(base, envelope('checklist_update', 6, 'updated', item(1, 1, 1024, { done: true }))).state;
    const otherCard = dispatch(base, envelope('checklist_update', 6, 'updated', item(3, 2, 1024, { done: true }))).state;
    const edited = dispatch(base, envelope('card_update', 6, 'updated', card(1, 10, 1, { title: 'x', version: 2 }))).state;
    expect(cardActivityKey(ticked, 1)).not.toBe(key);
    expect(cardActivityKey(edited, 1)).not.toBe(key);
    expect(cardActivityKey(otherCard, 1)).toBe(key);
  });

  it('shows values the way a person reads them', () => {
    expect(shownValue('done', true)).toBe('ticked');
    expect(shownValue('done', false)).toBe('not ticked');
    expect(shownValue('archived', true)).toBe('yes');
    expect(shownValue('labels', ['Urgent', 'Parts'])).toBe('Urgent, Parts');
    expect(shownValue('labels', [])).toBe('(none)');
    expect(shownValue('description', '')).toBe('(none)');
    expect(shownValue('column', 'Doing')).toBe('Doing');
  });
});
