// The card dialog's editable copy of a card, and what to do when it and the
// server's card went different ways. Pure: see cardDraft.test.ts.
import type { Card, Id } from '@/lib/types';

export interface Draft {
  title: string;
  description: string;
  label_ids: Id[];
  assignee_ids: Id[];
  due_date: string;
}

export const DRAFT_FIELDS = ['title', 'description', 'label_ids', 'assignee_ids', 'due_date'] as const;
export type DraftField = (typeof DRAFT_FIELDS)[number];
type Field = DraftField;

export const draftOf = (card: Card): Draft => ({
  title: card.title,
  description: card.description,
  label_ids: card.label_ids,
  assignee_ids: card.assignee_ids,
  due_date: card.due_date ?? '',
});

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export function sameDraft(a: Draft, b: Draft): boolean {
  return DRAFT_FIELDS.every((f) => same(a[f], b[f]));
}

/** The fields the user changed since `base` (what the dialog loaded). */
export function changedFields(base: Draft, mine: Draft): Field[] {
  return DRAFT_FIELDS.filter((f) => !same(base[f], mine[f]));
}

/** Closing would lose edits: the draft differs from what was loaded. */
export function hasUnsavedChanges(base: Card, draft: Draft): boolean {
  return !sameDraft(draftOf(base), draft);
}

/**
 * The draft moved onto `onto`: each field the user changed since `from` keeps the
 * user's value, every other field takes `onto`'s. Used when someone else's change
 * arrives (their due date shows up while I type a description) and when a save is
 * answered (what I typed meanwhile stays).
 */
export function rebase(from: Draft, mine: Draft, onto: Card): Draft {
  const out: Draft = draftOf(onto);
  for (const f of changedFields(from, mine)) (out as unknown as Record<Field, unknown>)[f] = mine[f];
  return out;
}

/**
 * "Keep mine" after someone else saved first: the fields this user changed
 * keep their values, every other field takes the other person's, so keeping
 * my title does not undo their new due date.
 */
export function keepMine(base: Card, mine: Draft, theirs: Card): Draft {
  return rebase(draftOf(base), mine, theirs);
}

/**
 * The fields both I (in the draft) and someone else (in `latest`) changed since
 * `base`, to different values: only these need a choice. Edits of different
 * fields merge (the server merges them too, see workflow/services.py _check_version).
 */
export function contestedFields(base: Card, draft: Draft, latest: Card): Field[] {
  if (latest.version <= base.version) return [];
  const before = draftOf(base);
  const theirs = draftOf(latest);
  return changedFields(before, draft).filter((f) => !same(theirs[f], before[f]) && !same(theirs[f], draft[f]));
}

/** Someone else changed a field I am editing: the user picks (see ConflictPanel). */
export function isConflict(base: Card, draft: Draft, latest: Card): boolean {
  return contestedFields(base, draft, latest).length > 0;
}

/** The named fields of a draft, e.g. the ones to send. */
export function pickFields(draft: Draft, fields: readonly Field[]): Partial<Draft> {
  return Object.fromEntries(fields.map((f) => [f, draft[f]])) as Partial<Draft>;
}
