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
type Field = (typeof DRAFT_FIELDS)[number];

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
 * "Keep mine" after someone else saved first: the fields this user changed
 * keep their values, every other field takes the other person's, so keeping
 * my title does not undo their new due date.
 */
export function keepMine(base: Card, mine: Draft, theirs: Card): Draft {
  const merged = draftOf(theirs);
  const mineChanged = changedFields(draftOf(base), mine);
  const out: Draft = { ...merged };
  for (const f of mineChanged) (out as unknown as Record<Field, unknown>)[f] = mine[f];
  return out;
}

/** The card changed on the server since the dialog loaded it, while it has unsaved edits. */
export function isConflict(base: Card, draft: Draft, latest: Card): boolean {
  return latest.version !== base.version && hasUnsavedChanges(base, draft);
}
