import { useSortable } from '@dnd-kit/sortable';
import type { KeyboardEventHandler, PointerEventHandler } from 'react';
import { CSS } from '@dnd-kit/utilities';
import type { BoardState } from './boardState';
import type { Card } from '@/lib/types';
import { Icon } from '@/components/Icon';

export const cardDndId = (id: number) => `card-${id}`;

export function CardFace({ card, state, pending = false }: { card: Card; state: BoardState; pending?: boolean }) {
  const labels = card.label_ids.map((id) => state.labels.entities[id]).filter(Boolean);
  const comments = state.comments.ids.filter((id) => state.comments.entities[id]!.card_id === card.id).length;
  return (
    <>
      <span className="card-title" data-testid={`card-title-${card.id}`}>
        {card.title}
      </span>
      {labels.length > 0 ? (
        <span className="card-labels">
          {labels.map((l) => (
            <span key={l!.id} className="label-chip" style={{ borderColor: l!.color }}>
              <span className="label-dot" style={{ background: l!.color }} aria-hidden="true" />
              {l!.name}
            </span>
          ))}
        </span>
      ) : null}
      <span className="card-meta">
        {card.due_date ? <span title="Due date">Due {card.due_date}</span> : null}
        {comments > 0 ? (
          <span className="card-comments" title="Comments" data-testid={`card-comments-${card.id}`}>
            <Icon name="comment" /> {comments}
            <span className="visually-hidden"> {comments === 1 ? 'comment' : 'comments'}</span>
          </span>
        ) : null}
        {pending ? <span className="muted">Saving…</span> : null}
      </span>
    </>
  );
}

export function CardItem({
  card,
  state,
  disabled,
  pending,
  onOpen,
}: {
  card: Card;
  state: BoardState;
  disabled: boolean;
  pending: boolean;
  onOpen: (id: number) => void;
}) {
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } = useSortable({
    id: cardDndId(card.id),
    data: { type: 'card', cardId: card.id },
    disabled,
  });
  const style = { transform: CSS.Transform.toString(transform), transition };

  // Pointer drags start anywhere on the card; keyboard drags from the handle,
  // so Enter on the title can open the card instead.
  return (
    <li
      ref={setNodeRef}
      style={style}
      className={`card${isDragging ? ' dragging' : ''}${pending ? ' pending' : ''}`}
      data-testid={`card-${card.id}`}
      data-column-id={card.column_id}
      onPointerDown={listeners?.onPointerDown as PointerEventHandler | undefined}
    >
      <button
        type="button"
        ref={setActivatorNodeRef}
        className="drag-handle"
        {...attributes}
        onKeyDown={listeners?.onKeyDown as KeyboardEventHandler | undefined}
        aria-label={`Move card: ${card.title}`}
        data-testid={`drag-${card.id}`}
      >
        <Icon name="drag" />
      </button>
      <button type="button" className="card-open" onClick={() => onOpen(card.id)} data-testid={`open-card-${card.id}`}>
        <CardFace card={card} state={state} pending={pending} />
      </button>
    </li>
  );
}
