// The board's filter bar (text, labels, assignee, due, my cards) and the URL
// that keeps it: /board?id=3&q=invoice&label=2,5&due=overdue&mine=1. Which
// cards match is cardFilter.ts (pure); BoardView applies it at render, so live
// changes follow the filter by themselves.
import { useRouter } from 'next/router';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { BoardMember, Id, Label } from '@/lib/types';
import { Icon } from '@/components/Icon';
import {
  DUE_FILTERS,
  fromQuery,
  isFiltering,
  NO_FILTER,
  TEXT_MAX_LENGTH,
  toQuery,
  withFilter,
  type CardFilter,
  type DueFilter,
} from './cardFilter';

/** The filter in the URL: shown at once, the URL follows with a shallow replace (no history entry per keystroke). */
export function useBoardFilter(): [CardFilter, (next: CardFilter) => void] {
  const router = useRouter();
  const fromUrl = fromQuery(router.query);
  const urlKey = JSON.stringify(toQuery(fromUrl));
  const [filter, setFilter] = useState<CardFilter>(fromUrl);
  // The URLs this hook wrote and has not seen arrive yet, oldest first: those are
  // not news. Any other URL (a link to a filtered view of this board) is adopted.
  const written = useRef<string[]>([]);

  useEffect(() => {
    const mine = written.current.indexOf(urlKey);
    if (mine >= 0) {
      written.current.splice(0, mine + 1);
      return;
    }
    written.current = [];
    setFilter(fromQuery(JSON.parse(urlKey))); // the URL's filter keys, normalised
  }, [urlKey]);

  const change = useCallback(
    (next: CardFilter) => {
      setFilter(next);
      written.current.push(JSON.stringify(toQuery(next)));
      void router.replace({ pathname: router.pathname, query: withFilter(router.query, next) }, undefined, {
        shallow: true,
        scroll: false,
      });
    },
    [router],
  );
  return [filter, change];
}

/** "3 of 7" in a list's header while a filter hides some of its cards. */
export function FilteredCount({ shown, of, columnId }: { shown: number; of: number; columnId: Id }) {
  return (
    <span className="filter-count" data-testid={`filter-count-${columnId}`} title="Cards matching the filter / cards in the list">
      {shown} of {of}
      <span className="visually-hidden"> cards match the filter</span>
    </span>
  );
}

export function BoardFilters({
  filter,
  onChange,
  labels,
  members,
  shown,
  total,
}: {
  filter: CardFilter;
  onChange: (next: CardFilter) => void;
  labels: Label[];
  members: BoardMember[];
  /** Cards matching, and on the board. */
  shown: number;
  total: number;
}) {
  const filtering = isFiltering(filter);
  const set = (patch: Partial<CardFilter>) => onChange({ ...filter, ...patch });
  const toggleLabel = (id: Id) =>
    set({ labelIds: filter.labelIds.includes(id) ? filter.labelIds.filter((l) => l !== id) : [...filter.labelIds, id] });

  return (
    <form
      role="search"
      aria-label="Filter the cards"
      className={`board-filters${filtering ? ' filtering' : ''}`}
      onSubmit={(e) => e.preventDefault()}
      data-testid="board-filters"
    >
      <label className="filter-text">
        <Icon name="search" />
        <span className="visually-hidden">Cards with the words (title, description, comments)</span>
        <input
          type="search"
          value={filter.text}
          maxLength={TEXT_MAX_LENGTH}
          placeholder="Filter cards"
          onChange={(e) => set({ text: e.target.value })}
          onKeyDown={(e) => {
            if (e.key === 'Escape' && filter.text) {
              e.preventDefault();
              set({ text: '' });
            }
          }}
          data-testid="filter-text"
        />
      </label>
      {labels.length > 0 ? (
        <div className="filter-labels" role="group" aria-label="Labels">
          {labels.map((label) => (
            <button
              key={label.id}
              type="button"
              className="label-chip filter-chip"
              style={{ borderColor: label.color }}
              aria-pressed={filter.labelIds.includes(label.id)}
              onClick={() => toggleLabel(label.id)}
              data-testid={`filter-label-${label.id}`}
            >
              <span className="label-dot" style={{ background: label.color }} aria-hidden="true" />
              {label.name}
            </button>
          ))}
        </div>
      ) : null}
      <label className="filter-select">
        <span className="visually-hidden">Assigned to</span>
        <select
          value={filter.assigneeId ?? ''}
          onChange={(e) => set({ assigneeId: e.target.value ? Number(e.target.value) : null })}
          data-testid="filter-assignee"
        >
          <option value="">Anyone</option>
          {members.map((member) => (
            <option key={member.id} value={member.id}>
              {member.name}
            </option>
          ))}
        </select>
      </label>
      <label className="filter-select">
        <span className="visually-hidden">Due</span>
        <select
          value={filter.due ?? ''}
          onChange={(e) => set({ due: (e.target.value || null) as DueFilter | null })}
          data-testid="filter-due"
        >
          <option value="">Any due date</option>
          {DUE_FILTERS.map((due) => (
            <option key={due.value} value={due.value}>
              {due.label}
            </option>
          ))}
        </select>
      </label>
      <button type="button" className="filter-chip" aria-pressed={filter.mine} onClick={() => set({ mine: !filter.mine })} data-testid="filter-mine">
        My cards
      </button>
      {filtering ? (
        <button type="button" className="link" onClick={() => onChange(NO_FILTER)} data-testid="filter-clear">
          Clear filters
        </button>
      ) : null}
      <p className="filter-summary" role="status" data-testid="filter-summary">
        {filtering ? `${shown} of ${total} ${total === 1 ? 'card' : 'cards'} shown` : ''}
      </p>
    </form>
  );
}
