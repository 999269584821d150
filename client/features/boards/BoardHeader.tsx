// The board's head: its name and description, who is on it, and for owners
// rename (in place), archive (then back to the list) and the members dialog.
// Viewers see a "View only" badge.
import Link from 'next/link';
import { useRouter } from 'next/router';
import { useState, type ReactNode } from 'react';
import { errorFields } from '@/lib/api';
import type { Board, Id } from '@/lib/types';
import { AvatarStack } from '@/components/Avatar';
import { Field, FormError } from '@/components/Form';
import { useFormSubmit } from '@/components/useFormSubmit';
import { updateBoard } from './api';
import { BoardMembers } from './BoardMembers';
import { ColumnMenu } from './ColumnView';
import { READ_ONLY_NOTE, type BoardAccess } from './roles';
import { boardSchema } from './schemas';

export function BoardHeader({
  board,
  access,
  meId,
  status,
}: {
  board: Board;
  access: BoardAccess;
  meId: Id | null;
  /** The connection badge. */
  status: ReactNode;
}) {
  const router = useRouter();
  const [renaming, setRenaming] = useState(false);
  const [membersOpen, setMembersOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function setArchived(archived: boolean) {
    setError(null);
    try {
      await updateBoard(board.id, { archived });
      if (archived) await router.push('/boards');
    } catch (e) {
      setError(errorFields(e).message);
    }
  }

  return (
    <div className="page-head board-head">
      <div className="board-title">
        <p className="crumbs">
          <Link href="/boards">Boards</Link> /
        </p>
        {renaming ? (
          <RenameBoard board={board} onDone={() => setRenaming(false)} />
        ) : (
          <>
            <div className="board-name-row">
              <h1 data-testid="board-name">{board.name}</h1>
              {access.role === 'viewer' ? (
                <span className="badge badge-view-only" title={READ_ONLY_NOTE} data-testid="view-only-badge">
                  View only
                </span>
              ) : null}
            </div>
            {board.description ? <p className="muted board-description">{board.description}</p> : null}
          </>
        )}
        <FormError message={error} testId="board-action-error" />
      </div>
      <div className="board-head-actions">
        {status}
        <button type="button" className="members-button" onClick={() => setMembersOpen(true)} data-testid="members-open">
          <AvatarStack people={board.members} max={4} />
          Members
        </button>
        {access.canManage && !renaming ? (
          <ColumnMenu label="Board actions">
            {(close) => (
              <>
                <button
                  type="button"
                  onClick={() => {
                    close();
                    setRenaming(true);
                  }}
                  data-testid="board-rename"
                >
                  Rename
                </button>
                {board.archived ? (
                  <button
                    type="button"
                    onClick={() => {
                      close();
                      void setArchived(false);
                    }}
                    data-testid="board-restore"
                  >
                    Restore
                  </button>
                ) : (
                  <button
                    type="button"
                    className="danger"
                    onClick={() => {
                      close();
                      if (window.confirm(`Archive the board “${board.name}”? Owners can restore it from the archived boards.`)) {
                        void setArchived(true);
                      }
                    }}
                    data-testid="board-archive"
                  >
                    Archive board
                  </button>
                )}
              </>
            )}
          </ColumnMenu>
        ) : null}
      </div>
      {membersOpen ? (
        <BoardMembers board={board} meId={meId} canManage={access.canManage} onClose={() => setMembersOpen(false)} />
      ) : null}
    </div>
  );
}

/** Name and description edited in place; the board_update that follows shows the new ones to everyone. */
function RenameBoard({ board, onDone }: { board: Board; onDone: () => void }) {
  const [name, setName] = useState(board.name);
  const [description, setDescription] = useState(board.description);
  const form = useFormSubmit({
    schema: boardSchema,
    fields: ['name', 'description'],
    send: (data) => updateBoard(board.id, data),
    onSuccess: onDone,
  });
  const { errors, message, busy } = form;

  return (
    <form
      className="rename-board"
      onSubmit={form.onSubmit({ name, description })}
      noValidate
      aria-label="Rename the board"
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          onDone();
        }
      }}
    >
      <Field label="Board name" name="rename-board-name" error={errors.name}>
        <input
          id="rename-board-name"
          autoFocus
          value={name}
          onChange={(e) => setName(e.target.value)}
          aria-invalid={!!errors.name}
          data-testid="board-name-input"
        />
      </Field>
      <Field label="Description" name="rename-board-description" error={errors.description}>
        <textarea
          id="rename-board-description"
          rows={2}
          value={description}
          onChange={(e) => setDescription(e.target.value)}
          data-testid="board-description-input"
        />
      </Field>
      <FormError message={message} />
      <div className="actions">
        <button type="submit" className="primary" disabled={busy} data-testid="board-rename-save">
          Save
        </button>
        <button type="button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
