"""/workflow: live boards. A socket joins one room per board (stream `board:<id>`)."""
import time

from common import errors
from common.api import validate_input
from common.idempotency import run_idempotent
from realtime import relay
from realtime.handlers import client_event, run_sync
from realtime.namespaces.common import accept, register_common
from realtime.publish import stream_current_seq
from realtime.replay import replay_or_resync
from realtime.streams import WORKFLOW_NAMESPACE, board_stream
from workflow import selectors, services
from workflow.permissions import board_check_access
from workflow.serializers import CardCreateInput, CardMoveEvent, CardUpdateEvent, CommentCreateEvent, JoinBoardEvent, LeaveBoardEvent

NAMESPACE = WORKFLOW_NAMESPACE


def can_read_stream(conn, stream: str) -> bool:
    prefix, _, board_id = stream.partition(":")
    if prefix != "board" or not board_id.isdigit():
        return False
    try:
        board_check_access(conn.user, int(board_id))
    except errors.NotFound:
        return False
    return True


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
    relay.note_synced(board_stream(board.id), snapshot["seq"])
    return snapshot


def _mutate(conn, payload: dict, change) -> dict:
    user = conn.user
    body, _ = run_idempotent(user=user, mutation_id=payload.pop("mutation_id", None), status=200, fn=lambda: change(user))
    return body


def card_move(conn, payload: dict) -> dict:
    def change(user):
        card = selectors.card_get_for_user(user, payload["card_id"])
        column = selectors.target_column_for_user(user, payload["column_id"], board_id=card.board_id)
        return services.card_data(
            services.card_move(card=card, column=column, index=payload["index"], expected_version=payload.get("expected_version"))
        )

    return _mutate(conn, payload, change)


def card_update(conn, payload: dict) -> dict:
    def change(user):
        fields = {k: v for k, v in payload.items() if k not in ("card_id", "mutation_id")}
        card = selectors.card_get_for_user(user, payload["card_id"])
        return services.card_data(services.card_update(card=card, **fields))

    return _mutate(conn, payload, change)


def card_create(conn, payload: dict) -> dict:
    def change(user):
        fields = {k: v for k, v in payload.items() if k not in ("column_id", "mutation_id")}
        column = selectors.target_column_for_user(user, payload["column_id"])
        return services.card_data(services.card_create(column=column, **fields))

    return _mutate(conn, payload, change)


def comment_create(conn, payload: dict) -> dict:
    def change(user):
        card = selectors.card_get_for_user(user, payload["card_id"])
        return services.comment_data(services.comment_create(card=card, author=user, text=payload["text"]))

    return _mutate(conn, payload, change)


def register(server) -> None:
    async def connect(sid, environ, auth=None):
        await accept(server, sid, NAMESPACE, environ, audience="staff")

    server.on("connect", namespace=NAMESPACE)(connect)
    register_common(server, NAMESPACE, can_read_stream=can_read_stream)

    @client_event(server, NAMESPACE, "join_board")
    async def join_board(conn, data):
        payload = validate_input(JoinBoardEvent, data)
        # Check access, then join, then read: nothing committed in between is missed.
        board = await run_sync(board_check_access, conn.user, payload["board_id"])
        room = board_stream(board.id)
        await server.enter_room(conn.sid, room, namespace=NAMESPACE)
        try:
            answer = await run_sync(join_answer, board, payload.get("after"))
        except Exception:
            await server.leave_room(conn.sid, room, namespace=NAMESPACE)
            raise
        conn.joined_boards.add(board.id)
        return answer

    @client_event(server, NAMESPACE, "leave_board")
    async def leave_board(conn, data):
        payload = validate_input(LeaveBoardEvent, data)
        await server.leave_room(conn.sid, board_stream(payload["board_id"]), namespace=NAMESPACE)
        conn.joined_boards.discard(payload["board_id"])
        return {}

    for event, serializer, fn in (
        ("card_move", CardMoveEvent, card_move),
        ("card_update", CardUpdateEvent, card_update),
        ("card_create", CardCreateInput, card_create),
        ("comment_create", CommentCreateEvent, comment_create),
    ):
        _register_mutation(server, event, serializer, fn)


def _register_mutation(server, event, serializer, fn) -> None:
    @client_event(server, NAMESPACE, event)
    async def handler(conn, data):
        payload = dict(validate_input(serializer, data))
        return await run_sync(fn, conn, payload)
