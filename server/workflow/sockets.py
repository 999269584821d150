"""/workflow: live boards. A socket joins one room per board (stream `board:<id>`).

Thin handlers: validate with the REST serializers, call workflow.operations.
"""
import time

from common.api import validate_input
from common.idempotency import run_idempotent
from realtime import registry, watermarks
from realtime.handlers import client_event, run_sync
from realtime.namespace import accept, join_stream, leave_stream, register_common
from realtime.publish import stream_current_seq
from realtime.replay import replay_or_resync
from realtime.streams import WORKFLOW_NAMESPACE, board_stream, is_stream, namespace_for_stream
from workflow import operations, selectors
from workflow.permissions import board_check_access, boards_visible_to
from workflow.serializers import (
    CardCreateInput,
    CardMoveEvent,
    CardUpdateEvent,
    CommentCreateEvent,
    JoinBoardEvent,
    LeaveBoardEvent,
)

NAMESPACE = WORKFLOW_NAMESPACE


def readable_board_streams(user, streams: set[str]) -> set[str]:
    """Of the `board:<id>` streams given, those `user` may read (one query)."""
    ids = {int(stream.partition(":")[2]) for stream in streams if stream.partition(":")[2].isdigit()}
    visible = boards_visible_to(user).filter(id__in=ids).values_list("id", flat=True)
    return {board_stream(board_id) for board_id in visible}


def can_read_stream(conn, stream: str) -> bool:
    """Streams of this namespace the user may read: boards, and those other apps vouch for
    through realtime.registry (their own notifications, `staff:<id>`)."""
    if not is_stream(stream) or namespace_for_stream(stream) != NAMESPACE:
        return False
    return stream in registry.readable_streams(conn.user, {stream})


def join_answer(board, after: int | None) -> dict:
    """Replay what the client missed since `after`, or a full snapshot."""
    if after is not None:
        return replay_or_resync(board_stream(board.id), after, snapshot=lambda: board_snapshot(board))
    return {"snapshot": board_snapshot(board)}


# The last snapshot built per board. It is handed to every client that joins while the
# board's stream has not moved on: after a restart hundreds of tabs re-join at once,
# and they need one snapshot, not hundreds.
# Kept for a few seconds at most, so a change that publishes nothing (a user renamed in
# the Django admin) is not served for long.
SNAPSHOT_REUSE_SECONDS = 5.0
_snapshots: dict[int, tuple[float, dict]] = {}


def board_snapshot(board) -> dict:
    head = stream_current_seq(board_stream(board.id))
    built_at, snapshot = _snapshots.get(board.id, (0.0, None))
    if snapshot is None or snapshot["seq"] != head or time.monotonic() - built_at > SNAPSHOT_REUSE_SECONDS:
        snapshot = selectors.board_get_snapshot(board)
        _snapshots[board.id] = (time.monotonic(), snapshot)
    watermarks.note_synced(board_stream(board.id), snapshot["seq"])
    return snapshot


# Socket event -> (payload serializer, operation). The payload names are the operation's
# keyword arguments, as in the REST views.
MUTATIONS = {
    "card_create": (CardCreateInput, operations.card_create_for_user),
    "card_update": (CardUpdateEvent, operations.card_update_for_user),
    "card_move": (CardMoveEvent, operations.card_move_for_user),
    "comment_create": (CommentCreateEvent, operations.comment_create_for_user),
}


def register(server) -> None:
    async def connect(sid, environ, auth=None):
        await accept(server, sid, NAMESPACE, environ, audience="staff")

    server.on("connect", namespace=NAMESPACE)(connect)
    register_common(server, NAMESPACE, can_read_stream=can_read_stream)

    @client_event(server, NAMESPACE, "join_board")
    async def join_board(conn, data):
        payload = validate_input(JoinBoardEvent, data)
        board = await run_sync(board_check_access, conn.user, payload["board_id"])
        return await join_stream(server, conn, board_stream(board.id), lambda: join_answer(board, payload.get("after")))

    @client_event(server, NAMESPACE, "leave_board")
    async def leave_board(conn, data):
        payload = validate_input(LeaveBoardEvent, data)
        await leave_stream(server, conn, board_stream(payload["board_id"]))
        return {}

    for event, (serializer, operation) in MUTATIONS.items():
        _register_mutation(server, event, serializer, operation)


def _register_mutation(server, event, serializer, operation) -> None:
    @client_event(server, NAMESPACE, event)
    async def handler(conn, data):
        payload = dict(validate_input(serializer, data))
        mutation_id = payload.pop("mutation_id", None)
        return await run_sync(_run, conn.user, mutation_id, operation, payload)


def _run(user, mutation_id, operation, payload: dict) -> dict:
    body, _ = run_idempotent(user=user, mutation_id=mutation_id, status=200, fn=lambda: operation(user=user, **payload))
    return body
