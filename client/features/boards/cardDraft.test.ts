import { describe, expect, it } from 'vitest';
import { card } from '@/test/fixtures';
import { contestedFields, draftOf, hasUnsavedChanges, isConflict, keepMine, rebase } from './cardDraft';

describe('card draft', () => {
  const base = card(1, 10, 1, { title: 'Old', description: 'Old words', version: 1 });

  it('has unsaved changes only when a field differs from what was loaded', () => {
    expect(hasUnsavedChanges(base, draftOf(base))).toBe(false);
    expect(hasUnsavedChanges(base, { ...draftOf(base), title: 'New' })).toBe(true);
    expect(hasUnsavedChanges(base, { ...draftOf(base), description: 'typed' })).toBe(true);
  });

  it('is a conflict when the server card moved on while there are edits', () => {
    const theirs = { ...base, title: 'Theirs', version: 2 };
    expect(isConflict(base, { ...draftOf(base), title: 'Mine' }, theirs)).toBe(true);
    expect(isConflict(base, draftOf(base), theirs)).toBe(false);
    expect(isConflict(base, { ...draftOf(base), title: 'Mine' }, base)).toBe(false);
  });

  it('"keep mine" keeps what I changed and takes the rest from theirs', () => {
    const theirs = { ...base, title: 'Theirs', description: 'Their words', due_date: '2026-12-01', version: 2 };
    const mine = { ...draftOf(base), title: 'Mine' };
    expect(keepMine(base, mine, theirs)).toEqual({ ...draftOf(theirs), title: 'Mine' });
    // Both changed the same field: mine wins (the user chose it).
    const both = { ...draftOf(base), title: 'Mine', description: 'My words' };
    expect(keepMine(base, both, theirs)).toMatchObject({ title: 'Mine', description: 'My words', due_date: '2026-12-01' });
  });

  it('edits of different fields are no conflict; only a field both changed is contested', () => {
    const theirs = { ...base, due_date: '2026-12-01', version: 2 };
    const typing = { ...draftOf(base), description: 'My words' };
    expect(contestedFields(base, typing, theirs)).toEqual([]);
    expect(isConflict(base, typing, theirs)).toBe(false);
    const theirWords = { ...theirs, description: 'Their words', version: 3 };
    expect(contestedFields(base, typing, theirWords)).toEqual(['description']);
    // Both typed the same: nothing to choose.
    expect(contestedFields(base, typing, { ...theirWords, description: 'My words' })).toEqual([]);
  });

  it('rebase keeps what I changed since `from` and takes the rest from the new card', () => {
    const from = draftOf(base);
    const mine = { ...from, description: 'typed on' };
    const saved = { ...base, title: 'Renamed by someone', description: 'typed', version: 3 };
    expect(rebase(from, mine, saved)).toEqual({ ...draftOf(saved), description: 'typed on' });
    expect(rebase(from, from, saved)).toEqual(draftOf(saved));
  });
});
