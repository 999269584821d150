// @mentions while typing: which partial name the caret is on, who fits it,
// and the text with the chosen name put in. Pure, so it is unit-tested; the
// server decides who was really mentioned (workflow/notices.py).

export interface MentionQuery {
  /** Index of the "@". */
  start: number;
  /** What was typed after it, up to the caret. */
  query: string;
}

const WORD = /[\p{L}\p{N}_]/u;
// A mention is a name: a few words, never a whole paragraph.
const MAX_QUERY = 40;

/** The mention being typed at `caret`, if any: an "@" not inside a word, with no line break since. */
export function mentionAt(text: string, caret: number): MentionQuery | null {
  const before = text.slice(0, caret);
  const at = before.lastIndexOf('@');
  if (at < 0) return null;
  if (at > 0 && WORD.test(text[at - 1]!)) return null; // an email address
  const query = before.slice(at + 1);
  if (query.length > MAX_QUERY || /[\n@]/.test(query) || query.startsWith(' ')) return null;
  return { start: at, query };
}

/** People whose name (or a word of it) starts with `query`, ignoring case; best first. */
export function matchPeople<P extends { name: string }>(people: readonly P[], query: string, limit = 8): P[] {
  const q = query.toLocaleLowerCase();
  const scored = people
    .map((person) => {
      const name = person.name.toLocaleLowerCase();
      const score = name.startsWith(q) ? 0 : name.split(/\s+/).some((word) => word.startsWith(q)) ? 1 : -1;
      return { person, score };
    })
    .filter(({ score }) => score >= 0)
    .sort((a, b) => a.score - b.score || a.person.name.localeCompare(b.person.name));
  return scored.slice(0, limit).map(({ person }) => person);
}

/** `text` with the mention at `mention` replaced by "@Name " and where the caret goes after it. */
export function insertMention(text: string, mention: MentionQuery, caret: number, name: string): { text: string; caret: number } {
  const inserted = `@${name} `;
  const after = text.slice(caret).replace(/^ /, '');
  return { text: text.slice(0, mention.start) + inserted + after, caret: mention.start + inserted.length };
}
