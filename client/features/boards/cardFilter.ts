// Which cards the board shows while a filter is on: text (title, description,
// comments), labels, an assignee, due (overdue, this week, none) and "my cards",
// all combined. Pure: applied to the board state at every render, so a live
// change that makes a card match (or stop matching) shows (or hides) it with no
// extra work. Kept in the URL (toQuery/fromQuery) so a filtered view can be shared.
import { daysBetween } from '@/lib/format';
import type { Card, Id } from '@/lib/types';
import type { BoardState } from './boardState';

export type DueFilter = 'overdue' | 'week' | 'none';

export const DUE_FILTERS: { value: DueFilter; label: string }[] = [
  { value: 'overdue', label: 'Overdue' },
  { value: 'week', label: 'Due this week' },
  { value: 'none', label: 'No due date' },
];

export interface CardFilter {
  /** Every word must appear in the title, the description or a comment (any case). */
  text: string;
  /** Cards with any of these labels. */
  labelIds: Id[];
  /** Cards this person is assigned to. */
  assigneeId: Id | null;
  due: DueFilter | null;
  /** Cards I am assigned to. */
  mine: boolean;
}

export const NO_FILTER: CardFilter = { text: '', labelIds: [], assigneeId: null, due: null, mine: false };

/** What matching needs besides the card: the day, who I am, the comments' text by card. */
export interface FilterContext {
  /** YYYY-MM-DD, the viewer's today. */
  today: string;
  meId: Id | null;
  commentsByCard: ReadonlyMap<Id, string>;
}

export const TEXT_MAX_LENGTH = 200;

export function isFiltering(filter: CardFilter): boolean {
  return (
    words(filter.text).length > 0 || filter.labelIds.length > 0 || filter.assigneeId !== null || filter.due !== null || filter.mine
  );
}

function words(text: string): string[] {
  return text.toLowerCase().split(/\s+/).filter(Boolean);
}

/** The comments' text of every card, lower-cased, for the text filter. */
export function filterContext(state: BoardState, meId: Id | null, today: string): FilterContext {
  const byCard = new Map<Id, string>();
  for (const id of state.comments.ids) {
    const comment = state.comments.entities[id]!;
    byCard.set(comment.card_id, `${byCard.get(comment.card_id) ?? ''}\n${comment.text.toLowerCase()}`);
  }
  return { today, meId, commentsByCard: byCard };
}

/** Monday..Sunday of the week `today` falls in, as day offsets from today. */
function weekOffsets(today: string): [number, number] {
  const weekday = (new Date(`${today}T12:00:00Z`).getUTCDay() + 6) % 7; // Monday = 0
  return [-weekday, 6 - weekday];
}

function dueMatches(due: string | null | undefined, filter: DueFilter, today: string): boolean {
  if (filter === 'none') return !due;
  if (!due) return false;
  const days = daysBetween(today, due);
  if (filter === 'overdue') return days < 0;
  const [monday, sunday] = weekOffsets(today);
  return days >= monday && days <= sunday;
}

export function cardMatches(card: Card, filter: CardFilter, context: FilterContext): boolean {
  if (filter.labelIds.length > 0 && !filter.labelIds.some((id) => card.label_ids.includes(id))) return false;
  if (filter.assigneeId !== null && !card.assignee_ids.includes(filter.assigneeId)) return false;
  if (filter.mine && (context.meId === null || !card.assignee_ids.includes(context.meId))) return false;
  if (filter.due !== null && !dueMatches(card.due_date, filter.due, context.today)) return false;
  const wanted = words(filter.text);
  if (wanted.length > 0) {
    const haystack = `${card.title}\n${card.description}`.toLowerCase() + (context.commentsByCard.get(card.id) ?? '');
    if (!wanted.every((word) => haystack.includes(word))) return false;
  }
  return true;
}

/** The cards of a list that match, in their order; all of them when no filter is on. */
export function matchingCards(cards: Card[], filter: CardFilter, context: FilterContext): Card[] {
  return isFiltering(filter) ? cards.filter((card) => cardMatches(card, filter, context)) : cards;
}

// --- the URL --------------------------------------------------------------------

type Query = Record<string, string | string[] | undefined>;

/** The query keys a filter uses: `q`, `label` (ids, comma-separated), `assignee`, `due`, `mine`. */
export const FILTER_KEYS = ['q', 'label', 'assignee', 'due', 'mine'] as const;

const one = (value: string | string[] | undefined): string => (Array.isArray(value) ? (value[0] ?? '') : (value ?? ''));
const ids = (value: string): Id[] =>
  [...new Set(value.split(',').filter((part) => /^\d{1,15}$/.test(part)).map(Number))].sort((a, b) => a - b);

/** The filter a URL describes; anything malformed is ignored, never an error. */
export function fromQuery(query: Query): CardFilter {
  const assignee = one(query.assignee);
  const due = one(query.due);
  return {
    text: one(query.q).slice(0, TEXT_MAX_LENGTH),
    labelIds: ids(one(query.label)),
    assigneeId: /^\d{1,15}$/.test(assignee) ? Number(assignee) : null,
    due: DUE_FILTERS.some((d) => d.value === due) ? (due as DueFilter) : null,
    mine: one(query.mine) === '1',
  };
}

/** The query keys for `filter`: only those in use, so an unfiltered board has a clean URL. */
export function toQuery(filter: CardFilter): Partial<Record<(typeof FILTER_KEYS)[number], string>> {
  const query: Partial<Record<(typeof FILTER_KEYS)[number], string>> = {};
  if (filter.text.trim()) query.q = filter.text;
  if (filter.labelIds.length > 0) query.label = [...filter.labelIds].sort((a, b) => a - b).join(',');
  if (filter.assigneeId !== null) query.assignee = String(filter.assigneeId);
  if (filter.due !== null) query.due = filter.due;
  if (filter.mine) query.mine = '1';
  return query;
}

/** `query` with its filter keys replaced by `filter`'s (other keys, such as the board id, stay). */
export function withFilter(query: Query, filter: CardFilter): Query {
  const next: Query = { ...query };
  for (const key of FILTER_KEYS) delete next[key];
  return { ...next, ...toQuery(filter) };
}
