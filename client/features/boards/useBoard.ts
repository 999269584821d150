// One board, live: join_board (snapshot or replay from the last applied seq)
// after every (re)connect, ordered envelopes through the stream cursor, and
// optimistic card moves layered over the server's state until answered.
import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from 'react';
import { useSocketIO } from '@/hooks/useSocketIO';
import { newMutationId } from '@/lib/api';
import { EVENT_NAMES, type CardFields, type WorkflowEnvelope } from '@/lib/events';
import { StreamFollower } from '@/lib/streamCursor';
import type { Ack, ApiErrorBody, Attachment, BoardSnapshot, Card, Column, Comment, Id, Label } from '@/lib/types';
import { useToast } from '@/components/Toast';
import {
  dispatch,
  fromSnapshot,
  removeAttachment,
  removeComment,
  upsertAttachment,
  upsertCard,
  upsertColumn,
  upsertComment,
  upsertLabel,
  withPendingMoves,
  type BoardState,
  type PendingMove,
} from './boardState';

export const STALE_MESSAGE = 'Someone else changed this card first';

interface Model {
  /** The server's state, as far as this client has applied it. */
  confirmed: BoardState | null;
  /** Moves sent but not yet answered. */
  pending: PendingMove[];
}

const boardStream = (id: Id) => `board:${id}`;

function isCard(value: unknown): value is Card {
  return !!value && typeof value === 'object' && 'column_id' in value && 'version' in value;
}

export function useBoard(boardId: Id | null) {
  const socket = useSocketIO('/workflow');
  const { on, emit, epoch, isConnected } = socket;
  const toast = useToast();
  const model = useRef<Model>({ confirmed: null, pending: [] });
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  const [loadError, setLoadError] = useState<ApiErrorBody | null>(null);
  const boardRef = useRef(boardId);
  boardRef.current = boardId;

  const update = useCallback((fn: (m: Model) => Model) => {
    model.current = fn(model.current);
    rerender();
  }, []);

  /** Applies server data that came outside the ordered stream (acks, REST answers). */
  const patch = useCallback(
    (fn: (s: BoardState) => BoardState) =>
      update((m) => (m.confirmed ? { ...m, confirmed: fn(m.confirmed) } : m)),
    [update],
  );

  const followerRef = useRef<StreamFollower<WorkflowEnvelope> | null>(null);
  const joinRef = useRef<(after?: number) => Promise<void>>(async () => {});

  if (followerRef.current === null) {
    followerRef.current = new StreamFollower<WorkflowEnvelope>({
      apply: (events) => {
        let refetch = false;
        update((m) => {
          let state = m.confirmed!;
          for (const envelope of events) {
            const result = dispatch(state, envelope);
            state = result.state;
            refetch ||= result.refetch;
          }
          // Our own move came back through the stream: the server state now has it.
          const ours = new Set(events.map((e) => e.mutation_id).filter(Boolean));
          return { confirmed: state, pending: m.pending.filter((p) => !ours.has(p.mutationId)) };
        });
        if (refetch) void joinRef.current();
      },
      fetchMissing: async ({ after, until }) => {
        const id = boardRef.current;
        if (id === null) return null;
        const ack = await emit('fetch_events', { stream: boardStream(id), after, until });
        return ack.ok ? (ack.data.events as WorkflowEnvelope[]) : null;
      },
      resync: () => void joinRef.current(),
    });
  }
  const follower = followerRef.current;

  const loadSnapshot = useCallback(
    (snapshot: BoardSnapshot) => {
      update((m) => ({ ...m, confirmed: fromSnapshot(snapshot) }));
      follower.reset(snapshot.seq);
    },
    [update, follower],
  );

  /** Join (or re-join) the board's room; `after` asks for a replay instead of a snapshot. */
  const join = useCallback(
    async (after?: number) => {
      const id = boardRef.current;
      if (id === null) return;
      const ack = await emit('join_board', after === undefined ? { board_id: id } : { board_id: id, after });
      if (boardRef.current !== id) return; // navigated to another board meanwhile
      if (!ack.ok) {
        if (ack.error.code !== 'offline' && ack.error.code !== 'timeout') setLoadError(ack.error);
        return;
      }
      setLoadError(null);
      if ('snapshot' in ack.data) {
        loadSnapshot(ack.data.snapshot);
      } else {
        follower.push(ack.data.events as WorkflowEnvelope[]);
        // The replay should end at the room's current seq; if not, start afresh.
        if ((follower.last ?? -1) < ack.data.seq) await join();
      }
    },
    [emit, follower, loadSnapshot],
  );
  joinRef.current = join;

  // A different board: forget the old one entirely.
  const mountedBoard = useRef<Id | null>(null);
  useEffect(() => {
    if (mountedBoard.current !== boardId || boardId === null) {
      follower.clear();
      model.current = { confirmed: null, pending: [] };
      setLoadError(null);
      rerender();
    }
    mountedBoard.current = boardId;
    return () => {
      mountedBoard.current = null;
      // Leave only if nothing took the board back up (strict mode re-runs
      // effects at once; a leave racing the re-join would drop the room).
      setTimeout(() => {
        if (boardId !== null && mountedBoard.current !== boardId) void emit('leave_board', { board_id: boardId });
      }, 0);
    };
  }, [boardId, follower, emit]);

  useEffect(() => {
    if (boardId === null) return;
    const stream = boardStream(boardId);
    const handle = (envelope: WorkflowEnvelope) => {
      if (envelope.stream === stream) follower.push([envelope]);
    };
    const offs = EVENT_NAMES.server_to_client['/workflow'].map((name) => on(name, handle as (e: WorkflowEnvelope) => void));
    return () => offs.forEach((off) => off());
  }, [boardId, on, follower]);

  // After every (re)connect the server has forgotten our room: join again,
  // asking only for what we missed since the last applied seq.
  useEffect(() => {
    if (!isConnected || boardId === null) return;
    void join(follower.last ?? undefined);
  }, [isConnected, epoch, boardId, join, follower]);

  // --- mutations ------------------------------------------------------------

  const moveCard = useCallback(
    async (cardId: Id, columnId: Id, index: number) => {
      const card = model.current.confirmed?.cards.entities[cardId];
      if (!card) return;
      const mutationId = newMutationId();
      update((m) => ({ ...m, pending: [...m.pending, { mutationId, cardId, columnId, index }] }));
      const ack = await emit('card_move', {
        card_id: cardId,
        column_id: columnId,
        index,
        expected_version: card.version,
        mutation_id: mutationId,
      });
      update((m) => {
        const pending = m.pending.filter((p) => p.mutationId !== mutationId);
        if (!m.confirmed) return { ...m, pending };
        if (ack.ok) return { confirmed: upsertCard(m.confirmed, ack.data), pending };
        const current = ack.error.current;
        return { confirmed: isCard(current) ? upsertCard(m.confirmed, current) : m.confirmed, pending };
      });
      if (!ack.ok) {
        toast(
          ack.error.code === 'stale'
            ? `${STALE_MESSAGE}; the card shows their change.`
            : `“${card.title}” was put back: ${ack.error.message || ack.error.code}`,
          'error',
        );
      }
    },
    [emit, update, toast],
  );

  const updateCard = useCallback(
    async (cardId: Id, fields: CardFields, expectedVersion: number): Promise<Ack<Card>> => {
      const ack = await emit('card_update', {
        card_id: cardId,
        expected_version: expectedVersion,
        mutation_id: newMutationId(),
        ...fields,
      });
      if (ack.ok) patch((s) => upsertCard(s, ack.data));
      else if (isCard(ack.error.current)) patch((s) => upsertCard(s, ack.error.current as Card));
      return ack;
    },
    [emit, patch],
  );

  const createCard = useCallback(
    async (columnId: Id, title: string): Promise<Ack<Card>> => {
      const ack = await emit('card_create', { column_id: columnId, title, mutation_id: newMutationId() });
      if (ack.ok) patch((s) => upsertCard(s, ack.data));
      return ack;
    },
    [emit, patch],
  );

  const addComment = useCallback(
    async (cardId: Id, text: string): Promise<Ack<Comment>> => {
      const ack = await emit('comment_create', { card_id: cardId, text, mutation_id: newMutationId() });
      if (ack.ok) patch((s) => upsertComment(s, ack.data));
      return ack;
    },
    [emit, patch],
  );

  const applyCard = useCallback((card: Card) => patch((s) => upsertCard(s, card)), [patch]);
  const applyColumn = useCallback((column: Column) => patch((s) => upsertColumn(s, column)), [patch]);
  const applyLabel = useCallback((label: Label) => patch((s) => upsertLabel(s, label)), [patch]);
  const forgetComment = useCallback((id: Id) => patch((s) => removeComment(s, id)), [patch]);
  const applyAttachment = useCallback((attachment: Attachment) => patch((s) => upsertAttachment(s, attachment)), [patch]);
  const forgetAttachment = useCallback((id: Id) => patch((s) => removeAttachment(s, id)), [patch]);

  const { confirmed, pending } = model.current;
  const view = useMemo(() => (confirmed ? withPendingMoves(confirmed, pending) : null), [confirmed, pending]);

  return {
    socket,
    /** What to render: server state plus unanswered moves. */
    view,
    confirmed,
    pending,
    loadError,
    moveCard,
    updateCard,
    createCard,
    addComment,
    applyCard,
    applyColumn,
    applyLabel,
    forgetComment,
    applyAttachment,
    forgetAttachment,
  };
}

export type BoardApi = ReturnType<typeof useBoard>;
