// The boards I can see: each with its members, card count and last change;
// the archived ones on request (owners may restore them); a new board behind
// a button.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useRouter } from 'next/router';
import { useState } from 'react';
import { errorFields } from '@/lib/api';
import { useMe } from '@/lib/auth';
import { timeAgo } from '@/lib/format';
import type { BoardListItem } from '@/lib/types';
import { AvatarStack } from '@/components/Avatar';
import { Field, FormError } from '@/components/Form';
import { Icon } from '@/components/Icon';
import { Empty, ErrorBox, Loading } from '@/components/States';
import { useFormSubmit } from '@/components/useFormSubmit';
import { boardKeys, createBoard, fetchBoards, updateBoard } from './api';
import { roleOf } from './roles';
import { boardSchema } from './schemas';

const listKey = (archived: boolean) => [...boardKeys.list, archived ? 'archived' : 'active'] as const;

export function BoardsList() {
  const [archived, setArchived] = useState(false);
  const [creating, setCreating] = useState(false);
  const boards = useQuery({ queryKey: listKey(archived), queryFn: () => fetchBoards(archived) });

  return (
    <div className="boards-page">
      <div className="page-head">
        <h1>{archived ? 'Archived boards' : 'Boards'}</h1>
        <div className="actions">
          {!archived ? (
            <button
              type="button"
              className="primary"
              aria-expanded={creating}
              onClick={() => setCreating((v) => !v)}
              data-testid="new-board-open"
            >
              <Icon name="plus" /> New board
            </button>
          ) : null}
          <button type="button" aria-pressed={archived} onClick={() => setArchived((v) => !v)} data-testid="show-archived">
            {archived ? 'Show active boards' : 'Show archived boards'}
          </button>
        </div>
      </div>
      {creating && !archived ? <NewBoard onCancel={() => setCreating(false)} /> : null}
      {boards.isPending ? (
        <Loading />
      ) : boards.isError ? (
        <ErrorBox error={boards.error} onRetry={() => void boards.refetch()} />
      ) : boards.data.length === 0 ? (
        <Empty>{archived ? 'No archived boards.' : 'No boards yet. Create one to start.'}</Empty>
      ) : (
        <ul className="tiles" data-testid={archived ? 'archived-boards' : 'boards'}>
          {boards.data.map((b) => (
            <BoardTile key={b.id} board={b} />
          ))}
        </ul>
      )}
    </div>
  );
}

function BoardTile({ board }: { board: BoardListItem }) {
  const { data: me } = useMe();
  const client = useQueryClient();
  const restore = useMutation({
    mutationFn: () => updateBoard(board.id, { archived: false }),
    onSuccess: () => void client.invalidateQueries({ queryKey: boardKeys.list }),
  });
  const isOwner = !!me && roleOf(board, me) === 'owner';
  const activity = board.last_activity;

  return (
    <li className="tile board-tile" data-testid={`board-tile-${board.id}`}>
      <Link className="tile-link" href={{ pathname: '/board', query: { id: board.id } }} data-testid={`board-link-${board.id}`}>
        <strong>{board.name}</strong>
      </Link>
      {board.description ? <span className="tile-description">{board.description}</span> : null}
      <span className="tile-meta">
        <AvatarStack people={board.members} max={5} label={`Members: ${board.members.map((m) => m.name).join(', ')}`} />
        <span data-testid={`board-card-count-${board.id}`}>
          {board.card_count} {board.card_count === 1 ? 'card' : 'cards'}
        </span>
      </span>
      {activity ? (
        <span className="tile-activity" data-testid={`board-activity-${board.id}`}>
          {activity.text} · <time dateTime={activity.at}>{timeAgo(activity.at)}</time>
        </span>
      ) : null}
      {board.archived && isOwner ? (
        <span className="tile-actions">
          <button type="button" onClick={() => restore.mutate()} disabled={restore.isPending} data-testid={`restore-board-${board.id}`}>
            Restore
          </button>
          {restore.error ? <small className="field-error" role="alert">{errorFields(restore.error).message}</small> : null}
        </span>
      ) : null}
    </li>
  );
}

function NewBoard({ onCancel }: { onCancel: () => void }) {
  const client = useQueryClient();
  const router = useRouter();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const form = useFormSubmit({
    schema: boardSchema,
    fields: ['name', 'description'],
    send: createBoard,
    onSuccess: (board) => {
      void client.invalidateQueries({ queryKey: boardKeys.list });
      void router.push({ pathname: '/board', query: { id: board.id } });
    },
  });
  const { errors } = form;
  return (
    <section className="panel narrow">
      <h2>New board</h2>
      <form onSubmit={form.onSubmit({ name, description })} noValidate aria-label="New board">
        <Field label="Name" name="board-name" error={errors.name}>
          <input id="board-name" autoFocus value={name} onChange={(e) => setName(e.target.value)} aria-invalid={!!errors.name} />
        </Field>
        <Field label="Description (optional)" name="board-description" error={errors.description}>
          <textarea id="board-description" rows={2} value={description} onChange={(e) => setDescription(e.target.value)} />
        </Field>
        <FormError message={form.message} />
        <div className="actions">
          <button type="submit" className="primary" disabled={form.busy} data-testid="create-board">
            Create board
          </button>
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        </div>
      </form>
    </section>
  );
}
