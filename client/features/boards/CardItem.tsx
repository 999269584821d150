import { useSortable } from '@dnd-kit/sortable';
import type { KeyboardEventHandler, PointerEventHandler } from 'react';
import { CSS } from '@dnd-kit/utilities';
import type { BoardState } from './boardState';
import type { Card } from '@/lib/types';
import { todayISO } from '@/lib/format';
import { Avatar } from '@/components/Avatar';
import { Icon } from '@/components/Icon';
import { cardDndId } from './boardDnd';
import { dueOf } from './due';
import { useBoardAccess } from './roles';
import { CardChecklistBadge } from './Checklist';
import { AttachmentCount, CardFileDrop } from './Attachments';

export { cardDndId };

/** The due date as people say it ("tomorrow", "2 days ago"), coloured when soon or overdue. */
function DueBadge({ card }: { card: Card }) {
  if (!card.due_date) return null;
  const due = dueOf(card.due_date, todayISO());
  return (
    <span className={`card-due due-${due.tone}`} title={`Due ${card.due_date}`} data-testid={`card-due-${card.id}`} data-tone={due.tone}>
      <Icon name="clock" />
      <span className="visually-hidden">Due </span>
      {due.text}
      {due.tone === 'overdue' ? <span className="visually-hidden"> (overdue)</span> : null}
    </span>
  );
}

/** The card's assignees as avatars, named from the board's members. */
function CardAssignees({ card, state }: { card: Card; state: BoardState }) {
  if (card.assignee_ids.length === 0) return null;
  const members = new Map(state.board.members.map((m) => [m.id, m.name]));
  return (
    <span className="card-assignees" data-testid={`card-assignees-${card.id}`}>
      <span className="visually-hidden">Assigned to </span>
      {card.assignee_ids.map((id) => (
        <Avatar key={id} person={{ id, name: members.get(id) ?? 'A former member' }} />
      ))}
    </span>
  );
}

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
      <span className="card-meta card-badges">
        <DueBadge card={card} />
        {comments > 0 ? (
          <span className="card-comments" title="Comments" data-testid={`card-comments-${card.id}`}>
            <Icon name="comment" /> {comments}
            <span className="visually-hidden"> {comments === 1 ? 'comment' : 'comments'}</span>
          </span>
        ) : null}
        <CardChecklistBadge cardId={card.id} state={state} />
        <AttachmentCount card={card} state={state} />
        {pending ? <span className="muted">Saving…</span> : null}
        <CardAssignees card={card} state={state} />
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
  // Viewers get no handle at all: nothing to pick up (drags are off through `disabled`).
  const { canEdit } = useBoardAccess();

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
      {canEdit ? (
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
      ) : null}
      <button type="button" className="card-open" onClick={() => onOpen(card.id)} data-testid={`open-card-${card.id}`}>
        <CardFace card={card} state={state} pending={pending} />
      </button>
      <CardFileDrop card={card} />
    </li>
  );
}
