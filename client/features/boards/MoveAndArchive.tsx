// The card dialog's "Column … Move" and "Archive card".
import { useState } from 'react';
import { errorFields } from '@/lib/api';
import type { Card, Id } from '@/lib/types';
import { archiveCard } from './api';
import { cardsInColumn, type BoardState } from './boardState';
import type { BoardApi } from './useBoard';

export function MoveAndArchive({
  card,
  state,
  board,
  columns,
  onArchived,
  live,
}: {
  card: Card;
  state: BoardState;
  board: BoardApi;
  columns: { id: Id; name: string }[];
  onArchived: () => void;
  live: boolean;
}) {
  // The column picked, while the card is still where it was when picked: once
  // it moves (here or by someone else) the picker shows where it is.
  const [picked, setPicked] = useState<{ from: Id; to: Id } | null>(null);
  const target = picked && picked.from === card.column_id ? picked.to : card.column_id;
  const [error, setError] = useState<string | null>(null);

  return (
    <section className="detail-section" aria-label="Move or archive">
      <div className="inline-form">
        <label htmlFor="move-to">Column</label>
        <select id="move-to" value={target} onChange={(e) => setPicked({ from: card.column_id, to: Number(e.target.value) })} data-testid="card-move-column">
          {columns.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
        <button
          type="button"
          disabled={target === card.column_id || !live}
          onClick={() => void board.moveCard(card.id, target, cardsInColumn(state, target).length)}
          data-testid="card-move-submit"
        >
          Move
        </button>
        <button
          type="button"
          className="danger"
          onClick={async () => {
            if (!window.confirm(`Archive “${card.title}”?`)) return;
            try {
              board.applyCard(await archiveCard(card.id));
              onArchived();
            } catch (e) {
              setError(errorFields(e).message);
            }
          }}
          data-testid="card-archive"
        >
          Archive card
        </button>
      </div>
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
    </section>
  );
}
