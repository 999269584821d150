// Find a customer as you type (name, email or phone): a combobox whose list is
// used with the arrow keys and Enter, like a native select.
import { useQuery } from '@tanstack/react-query';
import { useEffect, useId, useState, type KeyboardEvent } from 'react';
import type { Customer } from '@/lib/types';
import { calendarKeys, searchCustomers } from './api';
import styles from './calendar.module.css';

export const SEARCH_DEBOUNCE_MS = 250;

function useDebounced(value: string, ms: number): string {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

export function CustomerPicker({
  value,
  onChange,
  error,
}: {
  value: Customer | null;
  onChange: (customer: Customer | null) => void;
  error?: string | null;
}) {
  const id = useId();
  const [text, setText] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const q = useDebounced(text.trim(), SEARCH_DEBOUNCE_MS);
  const results = useQuery({
    queryKey: calendarKeys.customers(q),
    queryFn: ({ signal }) => searchCustomers(q, signal),
    enabled: q.length > 0,
    staleTime: 30_000,
  });
  const list = q.length > 0 ? (results.data ?? []) : [];

  if (value) {
    return (
      <div className={styles.chosen} data-testid="chosen-customer">
        <span>
          <strong>{value.name}</strong>{' '}
          <span className="muted">{[value.email, value.phone].filter(Boolean).join(' · ')}</span>
        </span>
        <button type="button" className="link" onClick={() => onChange(null)}>
          Change
        </button>
      </div>
    );
  }

  function onKey(e: KeyboardEvent<HTMLInputElement>) {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      setOpen(true);
      if (list.length) setActive((i) => (i + (e.key === 'ArrowDown' ? 1 : -1) + list.length) % list.length);
    } else if (e.key === 'Enter' && open && list[active]) {
      e.preventDefault();
      onChange(list[active]!);
    } else if (e.key === 'Escape' && open) {
      // Close the list, not the whole dialog.
      e.preventDefault();
      e.stopPropagation();
      setOpen(false);
    }
  }

  const listId = `${id}-list`;
  const showList = open && list.length > 0;
  return (
    <>
      <input
        id="customer-search"
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={showList}
        aria-controls={listId}
        aria-activedescendant={showList ? `${id}-opt-${active}` : undefined}
        aria-invalid={!!error}
        aria-describedby={error ? 'customer-search-error' : undefined}
        autoComplete="off"
        placeholder="Name, email or phone"
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          setOpen(true);
          setActive(0);
        }}
        onKeyDown={onKey}
        data-testid="customer-search"
      />
      <ul id={listId} role="listbox" aria-label="Matching customers" className={styles.options} hidden={!showList}>
        {list.map((c, i) => (
          <li
            key={c.id}
            id={`${id}-opt-${i}`}
            role="option"
            aria-selected={i === active}
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => onChange(c)}
            data-testid={`customer-option-${c.id}`}
          >
            <strong>{c.name}</strong> <span className="muted">{[c.email, c.phone].filter(Boolean).join(' · ')}</span>
          </li>
        ))}
      </ul>
      {q && results.isSuccess && list.length === 0 ? (
        <small className="hint" role="status">
          No customer matches “{q}”.
        </small>
      ) : null}
    </>
  );
}
