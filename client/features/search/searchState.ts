// The search page's state lives in its URL (/search?q=invoice&page=2), so a
// search can be shared, reloaded and gone back to. Pure: searchState.test.ts.
import type { CardSearchResult } from '@/lib/types';

export const QUERY_MAX_LENGTH = 200;

type Query = Record<string, string | string[] | undefined>;

const one = (value: string | string[] | undefined): string => (Array.isArray(value) ? (value[0] ?? '') : (value ?? ''));

/** What the URL asks for; a missing or malformed page is the first. */
export function searchParams(query: Query): { q: string; page: number } {
  const page = one(query.page);
  return { q: one(query.q).trim().slice(0, QUERY_MAX_LENGTH), page: /^[1-9]\d{0,2}$/.test(page) ? Number(page) : 1 };
}

export function searchQuery(q: string, page = 1): { q: string; page?: string } {
  return page > 1 ? { q, page: String(page) } : { q };
}

/** The card, opened on its board (the board page opens the card named in its URL). */
export function cardLink(result: Pick<CardSearchResult, 'board' | 'card'>) {
  return { pathname: '/board', query: { id: String(result.board.id), card: String(result.card.id) } };
}

/** `text` cut into pieces, those starting with a searched word marked (as the server matches: at a word's start, any case). */
export function highlight(text: string, q: string): { text: string; match: boolean }[] {
  const words = q.toLowerCase().match(/[\p{L}\p{N}_]+/gu) ?? [];
  if (words.length === 0 || !text) return text ? [{ text, match: false }] : [];
  const escaped = [...new Set(words)].sort((a, b) => b.length - a.length).map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}_])(?:${escaped.join('|')})`, 'giu');
  const pieces: { text: string; match: boolean }[] = [];
  let last = 0;
  for (const hit of text.matchAll(pattern)) {
    if (hit.index > last) pieces.push({ text: text.slice(last, hit.index), match: false });
    pieces.push({ text: hit[0], match: true });
    last = hit.index + hit[0].length;
  }
  if (last < text.length) pieces.push({ text: text.slice(last), match: false });
  return pieces;
}
