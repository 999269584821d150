import { z } from 'zod';

export const cardTitle = z.string().trim().min(1, 'Give the card a title.').max(200, 'At most 200 characters.');

export const newCardSchema = z.object({ title: cardTitle });

export const cardSchema = z.object({
  title: cardTitle,
  description: z.string().max(10_000, 'At most 10000 characters.'),
  label_ids: z.array(z.number().int()),
  assignee_ids: z.array(z.number().int()),
  due_date: z.union([z.literal(''), z.iso.date('Use a valid date.')]).transform((v) => (v === '' ? null : v)),
});

export const columnSchema = z.object({
  name: z.string().trim().min(1, 'Give the column a name.').max(80, 'At most 80 characters.'),
  wip_limit: z
    .string()
    .trim()
    .refine((v) => v === '' || /^\d+$/.test(v), 'Use a whole number, or leave empty for no limit.')
    .transform((v) => (v === '' ? null : Number(v)))
    .refine((v) => v === null || (v >= 1 && v <= 1000), 'Use a number from 1 to 1000.'),
});

export const boardSchema = z.object({
  name: z.string().trim().min(1, 'Give the board a name.').max(120, 'At most 120 characters.'),
  description: z.string().max(2000, 'At most 2000 characters.'),
});

export const commentSchema = z.object({
  text: z.string().trim().min(1, 'Write something first.').max(5000, 'At most 5000 characters.'),
});

export const CHECKLIST_TEXT_MAX = 300;

const checklistText = z
  .string()
  .trim()
  .min(1, 'Write what needs doing.')
  .max(CHECKLIST_TEXT_MAX, `At most ${CHECKLIST_TEXT_MAX} characters.`);

export const checklistItemSchema = z.object({ text: checklistText });

/** A checklist item's new text; the id says which item. */
export const checklistEditSchema = z.object({ id: z.number().int(), text: checklistText });

export const labelSchema = z.object({
  name: z.string().trim().min(1, 'Name the label.').max(40, 'At most 40 characters.'),
  color: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'Use a colour like #3366cc.'),
});
