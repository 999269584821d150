"""A staff member's own stream on /workflow (`staff:<user id>`): their notifications, live.

The page joins it after every (re)connect with `join_notifications`, saying with `after`
where it stopped, as it does for a board. The /workflow namespace itself (connecting,
fetch_events) belongs to workflow.sockets; this adds one event to it.
"""
from common.api import validate_input
from notifications.selectors import notifications_snapshot
from notifications.serializers import JoinNotificationsEvent
from realtime import watermarks
from realtime.handlers import client_event
from realtime.namespace import join_stream
from realtime.replay import replay_or_resync
from realtime.streams import WORKFLOW_NAMESPACE, staff_stream


def readable_staff_streams(user, streams: set[str]) -> set[str]:
    """Of the `staff:<id>` streams given, the user's own (while they are staff)."""
    return {staff_stream(user.id)} & streams if user.is_staff and user.is_active else set()


def join_answer(user, after: int | None) -> dict:
    stream = staff_stream(user.id)
    if after is not None:
        return replay_or_resync(stream, after, snapshot=lambda: notifications_snapshot(user))
    snapshot = notifications_snapshot(user)
    watermarks.note_synced(stream, snapshot["seq"])
    return {"snapshot": snapshot}


def register(server) -> None:
    @client_event(server, WORKFLOW_NAMESPACE, "join_notifications")
    async def join_notifications(conn, data):
        payload = validate_input(JoinNotificationsEvent, data)
        stream = staff_stream(conn.user_id)
        return await join_stream(server, conn, stream, lambda: join_answer(conn.user, payload.get("after")))
