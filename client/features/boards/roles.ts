// What the signed-in user may do on a board, worked out the way the server's
// workflow/permissions.py decides it: by their role in the board's members,
// superusers acting as owners. The UI only hides what the server would refuse.
import { createContext, useContext } from 'react';
import type { Board, BoardRole, User } from '@/lib/types';

type Me = Pick<User, 'id' | 'is_superuser'>;

/** My role on the board, or null when I am not (or no longer) a member. */
export function roleOf(board: Pick<Board, 'members'>, me: Me): BoardRole | null {
  if (me.is_superuser) return 'owner';
  return board.members.find((m) => m.id === me.id)?.role ?? null;
}

/** Whether I was taken off the board: not a member any more, and no superuser. */
export function lostAccess(board: Pick<Board, 'members'>, me: Me): boolean {
  return roleOf(board, me) === null;
}

export interface BoardAccess {
  role: BoardRole | null;
  /** Cards, columns, labels, comments. */
  canEdit: boolean;
  /** The board itself: name, archive, members. */
  canManage: boolean;
}

export function accessOf(role: BoardRole | null): BoardAccess {
  return { role, canEdit: role === 'owner' || role === 'member', canManage: role === 'owner' };
}

export const READ_ONLY_NOTE = 'You can view this board but not change it.';

// Outside a board (component tests, say) nothing is held back: the server decides.
const BoardAccessContext = createContext<BoardAccess>(accessOf('owner'));

export const BoardAccessProvider = BoardAccessContext.Provider;

/** What I may do on the board being shown. */
export function useBoardAccess(): BoardAccess {
  return useContext(BoardAccessContext);
}
