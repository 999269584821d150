import { describe, expect, it } from 'vitest';
import { cardLink, highlight, searchParams, searchQuery } from './searchState';

describe('the search URL', () => {
  it('reads the words and the page, ignoring a page it cannot use', () => {
    expect(searchParams({ q: '  invoice ', page: '3' })).toEqual({ q: 'invoice', page: 3 });
    expect(searchParams({ q: ['a', 'b'], page: 'two' })).toEqual({ q: 'a', page: 1 });
    expect(searchParams({ page: '0' })).toEqual({ q: '', page: 1 });
    expect(searchParams({ q: 'x'.repeat(300) }).q).toHaveLength(200);
  });

  it('leaves the first page out of the URL', () => {
    expect(searchQuery('invoice')).toEqual({ q: 'invoice' });
    expect(searchQuery('invoice', 2)).toEqual({ q: 'invoice', page: '2' });
  });

  it('links a result to its card on its board', () => {
    expect(cardLink({ board: { id: 3, name: 'Jobs' }, card: { id: 9 } as never })).toEqual({
      pathname: '/board',
      query: { id: '3', card: '9' },
    });
  });
});

describe('highlight', () => {
  const marked = (text: string, q: string) =>
    highlight(text, q)
      .map((p) => (p.match ? `[${p.text}]` : p.text))
      .join('');

  it('marks the words searched for where a word starts, in any case', () => {
    expect(marked('Order new Clippers; clip them', 'clip')).toBe('Order new [Clip]pers; [clip] them');
    expect(marked('Eclipse', 'clip')).toBe('Eclipse');
    expect(marked('Call the supplier today', 'the SUPPLIER')).toBe('Call [the] [supplier] today');
  });

  it('treats the query as words, never as a pattern', () => {
    expect(marked('a (b) c.*', '(b) .*')).toBe('a ([b]) c.*');
    expect(highlight('', 'x')).toEqual([]);
    expect(highlight('text', '!!')).toEqual([{ text: 'text', match: false }]);
  });
});
