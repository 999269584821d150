import { describe, expect, it } from 'vitest';
import { insertMention, matchPeople, mentionAt } from './mentions';

const people = [
  { id: 1, name: 'Alex Morgan' },
  { id: 2, name: 'Sam Lee' },
  { id: 3, name: 'Samira Khan' },
  { id: 4, name: 'Jo Sampson' },
];

describe('mentions', () => {
  it('finds the name being typed after an @', () => {
    expect(mentionAt('Ask @Sa', 7)).toEqual({ start: 4, query: 'Sa' });
    expect(mentionAt('@', 1)).toEqual({ start: 0, query: '' });
    expect(mentionAt('Ask @Sam L', 10)).toEqual({ start: 4, query: 'Sam L' });
  });

  it('ignores email addresses, finished lines and text without an @', () => {
    expect(mentionAt('mail sam@fron', 13)).toBeNull();
    expect(mentionAt('@Sam\nthanks', 11)).toBeNull();
    expect(mentionAt('@ Sam', 5)).toBeNull();
    expect(mentionAt('no mention', 10)).toBeNull();
  });

  it('lists people whose name or a word of it starts with the query, names starting with it first', () => {
    expect(matchPeople(people, 'sa').map((p) => p.id)).toEqual([2, 3, 4]);
    expect(matchPeople(people, 'Sam L').map((p) => p.id)).toEqual([2]);
    expect(matchPeople(people, 'morg').map((p) => p.id)).toEqual([1]);
    expect(matchPeople(people, 'zz')).toEqual([]);
  });

  it('puts the whole name in, with a space after it, and the caret after that', () => {
    const text = 'Ask @Sa about it';
    expect(insertMention(text, { start: 4, query: 'Sa' }, 7, 'Sam Lee')).toEqual({ text: 'Ask @Sam Lee about it', caret: 13 });
    expect(insertMention('@Sa', { start: 0, query: 'Sa' }, 3, 'Sam Lee')).toEqual({ text: '@Sam Lee ', caret: 9 });
  });
});
