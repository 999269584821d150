// A card's due date as people say it ("tomorrow", "in 3 days", "2 days ago"),
// with how urgent it is: overdue, due soon (within two days), or later.
import { daysBetween, relativeDays } from '@/lib/format';

export type DueTone = 'overdue' | 'soon' | 'later';

export const DUE_SOON_DAYS = 2;

export interface Due {
  /** "today", "tomorrow", "in 3 days", "2 days ago". */
  text: string;
  tone: DueTone;
  /** Days from today; negative when past. */
  days: number;
}

/** `due` and `today` are calendar dates (YYYY-MM-DD): a due date has no time of day. */
export function dueOf(due: string, today: string): Due {
  const days = daysBetween(today, due);
  const tone: DueTone = days < 0 ? 'overdue' : days <= DUE_SOON_DAYS ? 'soon' : 'later';
  return { text: relativeDays(days), tone, days };
}
