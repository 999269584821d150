// A card's history in its dialog: who changed what, when, old → new, read by the
// server from the board's stored events. Loaded when the dialog opens and again
// whenever the board's state shows something about the card changed (the card,
// its comments or its checklist), so a change by anyone appears while it is open.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { errorFields } from '@/lib/api';
import { formatDate, formatDateTime, timeAgo } from '@/lib/format';
import type { CardHistoryEntry, Id } from '@/lib/types';
import { Icon } from '@/components/Icon';
import { fetchCardHistory } from './api';
import { checklistForCard, commentsForCard, type BoardState } from './boardState';

type Change = CardHistoryEntry['changes'][number];

const FIELD_NAMES: Record<string, string> = {
  title: 'Title',
  description: 'Description',
  column: 'List',
  labels: 'Labels',
  assignees: 'Assignees',
  due_date: 'Due date',
  customer: 'Customer',
  appointment: 'Appointment',
  archived: 'Archived',
  text: 'Text',
  done: 'Done',
};
// Entries shown before "Show all": the latest ones.
const SHOWN = 10;
const LONG = 120;

/** Changes whenever anything about the card that the history records changes. */
export function cardActivityKey(state: BoardState, cardId: Id): string {
  const card = state.cards.entities[cardId];
  return [
    card ? `${card.version}` : 'gone',
    commentsForCard(state, cardId)
      .map((c) => `${c.id}@${c.updated_at}`)
      .join(','),
    checklistForCard(state, cardId)
      .map((i) => `${i.id}:${i.done ? 1 : 0}:${i.position}:${i.text}`)
      .join(','),
  ].join('|');
}

/** A value as a person reads it. */
export function shownValue(field: string, value: unknown): string {
  if (value === null || value === undefined || value === '') return '(none)';
  if (Array.isArray(value)) return value.length ? value.join(', ') : '(none)';
  if (typeof value === 'boolean') return field === 'done' ? (value ? 'ticked' : 'not ticked') : value ? 'yes' : 'no';
  if (field === 'due_date' && typeof value === 'string') return formatDate(value);
  return String(value);
}

function ChangeLine({ change }: { change: Change }) {
  const old = shownValue(change.field, change.old);
  const now = shownValue(change.field, change.new);
  const short = (text: string) => (text.length > LONG ? `${text.slice(0, LONG)}…` : text);
  return (
    <li>
      <span className="history-field">{FIELD_NAMES[change.field] ?? change.field}:</span>{' '}
      <del title={old.length > LONG ? old : undefined}>{short(old)}</del> <Icon name="arrow-right" />
      <span className="visually-hidden"> changed to </span> <ins title={now.length > LONG ? now : undefined}>{short(now)}</ins>
    </li>
  );
}

export function CardHistory({ cardId, state }: { cardId: Id; state: BoardState }) {
  const activity = cardActivityKey(state, cardId);
  const [showAll, setShowAll] = useState(false);
  const history = useQuery({
    queryKey: ['card-history', cardId, activity],
    queryFn: () => fetchCardHistory(cardId),
    placeholderData: keepPreviousData,
    gcTime: 0,
  });
  const entries = [...(history.data ?? [])].reverse(); // newest first
  const shown = showAll ? entries : entries.slice(0, SHOWN);

  return (
    <section className="detail-section" aria-labelledby="history-title">
      <h3 id="history-title">History</h3>
      {history.isPending ? <p className="muted">Loading history…</p> : null}
      {history.isError ? (
        <p className="field-error" role="alert">
          {errorFields(history.error).message}{' '}
          <button type="button" className="link" onClick={() => void history.refetch()}>
            Try again
          </button>
        </p>
      ) : null}
      {history.isSuccess && entries.length === 0 ? <p className="muted">No changes recorded yet.</p> : null}
      <ol className="history" data-testid="card-history">
        {shown.map((entry) => (
          <li key={entry.seq} data-testid="history-entry">
            <p className="history-summary">
              {entry.summary}{' '}
              <time className="muted" dateTime={entry.at} title={formatDateTime(entry.at)}>
                {timeAgo(entry.at)}
              </time>
            </p>
            {entry.changes.length > 0 ? (
              <ul className="history-changes">
                {entry.changes.map((change) => (
                  <ChangeLine key={change.field} change={change} />
                ))}
              </ul>
            ) : null}
          </li>
        ))}
      </ol>
      {entries.length > SHOWN ? (
        <button type="button" className="link" onClick={() => setShowAll(!showAll)} aria-expanded={showAll}>
          {showAll ? 'Show the latest only' : `Show all ${entries.length} changes`}
        </button>
      ) : null}
    </section>
  );
}
