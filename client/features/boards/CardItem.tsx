import { useSortable } from '@dnd-kit/sortable';
import { useCallback, useRef, useState, type KeyboardEventHandler, type PointerEventHandler } from 'react';
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
import { CardTitleEditor, type RenameDone } from './CardTitleEditor';
import type { BoardApi } from './useBoard';

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

export function CardFace({
  card,
  state,
  pending = false,
  hideTitle = false,
}: {
  card: Card;
  state: BoardState;
  pending?: boolean;
  /** While the title is edited in place (CardTitleEditor shows it). */
  hideTitle?: boolean;
}) {
  const labels = card.label_ids.map((id) => state.labels.entities[id]).filter(Boolean);
  const comments = state.comments.ids.filter((id) => state.comments.entities[id]!.card_id === card.id).length;
  return (
    <>
      {hideTitle ? null : (
        <span className="card-title" data-testid={`card-title-${card.id}`}>
          {card.title}
        </span>
      )}
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
  board,
  disabled,
  pending,
  onOpen,
}: {
  card: Card;
  state: BoardState;
  board: BoardApi;
  disabled: boolean;
  pending: boolean;
  onOpen: (id: number) => void;
}) {
  // The title edited in place: from the pencil button, or F2 on the card.
  const [renaming, setRenaming] = useState(false);
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } = useSortable({
    id: cardDndId(card.id),
    data: { type: 'card', cardId: card.id },
    disabled: disabled || renaming,
  });
  const style = { transform: CSS.Transform.toString(transform), transition };
  // Viewers get no handle at all: nothing to pick up (drags are off through `disabled`).
  const { canEdit } = useBoardAccess();

  // Where the keyboard goes back to when the editing ends: the control it started from.
  const returnFocus = useRef<'open' | 'rename' | null>(null);
  const startedFrom = useRef<'open' | 'rename'>('rename');
  const focusOnMount = useCallback(
    (from: 'open' | 'rename') => (el: HTMLButtonElement | null) => {
      if (el && returnFocus.current === from) {
        returnFocus.current = null;
        el.focus();
      }
    },
    [],
  );
  const startRename = (from: 'open' | 'rename') => {
    startedFrom.current = from;
    setRenaming(true);
  };
  const finishRename = ({ refocus }: RenameDone) => {
    returnFocus.current = refocus ? startedFrom.current : null;
    setRenaming(false);
  };
  const canRename = canEdit && !disabled;

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
      {renaming ? (
        <div className="card-open card-renaming">
          <CardTitleEditor card={card} board={board} onDone={finishRename} />
          <CardFace card={card} state={state} pending={pending} hideTitle />
        </div>
      ) : (
        <button
          type="button"
          ref={focusOnMount('open')}
          className="card-open"
          onClick={() => onOpen(card.id)}
          onKeyDown={(e) => {
            if (e.key === 'F2' && canRename) {
              e.preventDefault();
              startRename('open');
            }
          }}
          aria-keyshortcuts={canRename ? 'F2' : undefined}
          data-testid={`open-card-${card.id}`}
        >
          <CardFace card={card} state={state} pending={pending} />
        </button>
      )}
      {canEdit && !renaming ? (
        <button
          type="button"
          ref={focusOnMount('rename')}
          className="card-rename"
          disabled={!canRename}
          onClick={() => startRename('rename')}
          aria-label={`Rename card: ${card.title}`}
          title="Rename"
          data-testid={`rename-card-${card.id}`}
        >
          <Icon name="pencil" />
        </button>
      ) : null}
      <CardFileDrop card={card} />
    </li>
  );
}
