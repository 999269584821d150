// A textarea that completes @mentions: typing "@Sa" lists the people whose
// names fit; ArrowUp/ArrowDown choose, Enter or Tab puts "@Sam Lee " in,
// Escape closes the list (and only the list). A combobox for screen readers.
import { useId, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent, type TextareaHTMLAttributes } from 'react';
import { insertMention, matchPeople, mentionAt, type MentionQuery } from './mentions';
import styles from './notifications.module.css';

export interface Mentionable {
  id: number;
  name: string;
}

type TextareaProps = Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'value' | 'onChange' | 'onKeyDown'>;

export function MentionInput({
  value,
  onChange,
  people,
  ...textarea
}: TextareaProps & {
  value: string;
  onChange: (value: string) => void;
  /** Who can be mentioned (the board's members, without yourself). */
  people: readonly Mentionable[];
}) {
  const ref = useRef<HTMLTextAreaElement>(null);
  const listId = useId();
  const [caret, setCaret] = useState(0);
  const [active, setActive] = useState(0);
  const [dismissedAt, setDismissedAt] = useState<number | null>(null);
  const [placeCaret, setPlaceCaret] = useState<number | null>(null);

  const mention: MentionQuery | null = useMemo(() => mentionAt(value, caret), [value, caret]);
  const matches = useMemo(() => (mention ? matchPeople(people, mention.query) : []), [mention, people]);
  const open = mention !== null && matches.length > 0 && dismissedAt !== mention.start;
  const current = Math.min(active, Math.max(0, matches.length - 1));

  useLayoutEffect(() => {
    if (placeCaret === null || !ref.current) return;
    ref.current.setSelectionRange(placeCaret, placeCaret);
    setCaret(placeCaret);
    setPlaceCaret(null);
  }, [placeCaret]);

  function pick(person: Mentionable) {
    if (!mention) return;
    const next = insertMention(value, mention, caret, person.name);
    onChange(next.text);
    setPlaceCaret(next.caret);
    setActive(0);
    setDismissedAt(mention.start); // this one is done; the next "@" opens the list again
  }

  function onKeyDown(e: KeyboardEvent<HTMLTextAreaElement>) {
    if (!open) return;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const step = e.key === 'ArrowDown' ? 1 : -1;
      setActive((current + step + matches.length) % matches.length);
    } else if ((e.key === 'Enter' || e.key === 'Tab') && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      pick(matches[current]!);
    } else if (e.key === 'Escape') {
      e.preventDefault(); // the list closes, not the dialog around it
      setDismissedAt(mention!.start);
    }
  }

  const optionId = (index: number) => `${listId}-option-${index}`;

  return (
    <div className={styles.mention}>
      <textarea
        {...textarea}
        ref={ref}
        value={value}
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={open}
        aria-controls={open ? listId : undefined}
        aria-activedescendant={open ? optionId(current) : undefined}
        onChange={(e) => {
          onChange(e.target.value);
          setCaret(e.target.selectionStart);
          setActive(0);
        }}
        onSelect={(e) => setCaret(e.currentTarget.selectionStart)}
        onKeyDown={onKeyDown}
        onBlur={() => setDismissedAt(mention?.start ?? null)}
        onFocus={() => setDismissedAt(null)}
      />
      {open ? (
        <ul id={listId} role="listbox" aria-label="People to mention" className={styles.suggestions} data-testid="mention-suggestions">
          {matches.map((person, index) => (
            <li
              key={person.id}
              id={optionId(index)}
              role="option"
              aria-selected={index === current}
              className={styles.suggestion}
              // mousedown, not click: the textarea keeps focus and its caret.
              onMouseDown={(e) => {
                e.preventDefault();
                pick(person);
              }}
            >
              {person.name}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
