// Being taken off a board while watching it. Two signals, whichever comes
// first: the board's own board_update without me among the members (the
// room still has my socket then), and the server's stream_closed when its
// session sweep takes my socket out of the board's stream. Once removed, the
// page stays that way: the board is not shown again without a reload.
import { useEffect, useState } from 'react';
import type { SocketIO } from '@/hooks/useSocketIO';
import type { Board, Id, User } from '@/lib/types';
import { lostAccess } from './roles';

export function useRemovedFromBoard(
  boardId: Id,
  board: Pick<Board, 'members'> | null,
  me: Pick<User, 'id' | 'is_superuser'> | null,
  on: SocketIO<'/workflow'>['on'],
): boolean {
  const [removed, setRemoved] = useState(false);

  useEffect(() => {
    if (board && me && lostAccess(board, me)) setRemoved(true);
  }, [board, me]);

  useEffect(
    () =>
      on('stream_closed', (payload) => {
        if (payload.stream === `board:${boardId}`) setRemoved(true);
      }),
    [on, boardId],
  );

  return removed;
}
