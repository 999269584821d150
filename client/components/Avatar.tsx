// A person as a small round badge of initials, in a colour of their own that
// stays the same everywhere (card faces, the members list, board tiles) and
// on every visit: it is derived from the user's id, not picked at random.

// White text reads on each of these (contrast ≥ 4.5:1), in light and dark mode.
export const AVATAR_COLOURS = [
  '#b42318', // red
  '#b54708', // amber
  '#027a48', // green
  '#0e7490', // teal
  '#175cd3', // blue
  '#5925dc', // violet
  '#c11574', // pink
  '#4e5ba6', // indigo
  '#475467', // slate
] as const;

/** FNV-1a: a small, well-spread hash of a string. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** The colour of a person, from their id (or, lacking one, their name). */
export function avatarColour(key: number | string): string {
  return AVATAR_COLOURS[hash(String(key)) % AVATAR_COLOURS.length]!;
}

/** "Alex Morgan" → "AM", "sam@frontdesk.test" → "S", "" → "?". */
export function initials(name: string): string {
  const words = name
    .replace(/@.*$/, '')
    .split(/[\s._-]+/)
    .filter(Boolean);
  if (words.length === 0) return '?';
  const first = Array.from(words[0]!)[0]!;
  const last = words.length > 1 ? Array.from(words[words.length - 1]!)[0]! : '';
  return (first + last).toUpperCase();
}

export interface Person {
  id: number;
  name: string;
}

export function Avatar({ person, size = 'sm', testId }: { person: Person; size?: 'sm' | 'md'; testId?: string }) {
  return (
    <span
      className={`avatar avatar-${size}`}
      style={{ background: avatarColour(person.id) }}
      title={person.name}
      data-testid={testId}
    >
      <span aria-hidden="true">{initials(person.name)}</span>
      <span className="visually-hidden">{person.name}</span>
    </span>
  );
}

/** Overlapping avatars, at most `max` of them and "+n" for the rest. */
export function AvatarStack({ people, max = 4, label }: { people: readonly Person[]; max?: number; label?: string }) {
  if (people.length === 0) return null;
  const shown = people.length > max ? people.slice(0, max - 1) : people;
  const rest = people.length - shown.length;
  return (
    <span className="avatar-stack" aria-label={label} role={label ? 'group' : undefined}>
      {shown.map((p) => (
        <Avatar key={p.id} person={p} />
      ))}
      {rest > 0 ? (
        <span className="avatar avatar-sm avatar-more" title={people.slice(shown.length).map((p) => p.name).join(', ')}>
          +{rest}
          <span className="visually-hidden"> more</span>
        </span>
      ) : null}
    </span>
  );
}
