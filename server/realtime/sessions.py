"""Closing sockets whose session ended (logout, password change, deactivation) or whose
user lost the role (no longer staff) or the board membership they were joined with.

A background task sweeps this process's connections every SWEEP_SECONDS with two
queries in all (sessions, users), whatever the number of sockets, and disconnects
those no longer backed by a valid session. One mechanism covers every way a session
ends, including changes made in another process or in the Django admin.
"""
import asyncio
import logging

from asgiref.sync import sync_to_async
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.utils import timezone

from realtime import connections
from realtime.streams import APPOINTMENTS_NAMESPACE, WORKFLOW_NAMESPACE, board_stream

STAFF_NAMESPACES = {APPOINTMENTS_NAMESPACE, WORKFLOW_NAMESPACE}

logger = logging.getLogger(__name__)

# Short enough that "logged out" means "disconnected" to a person; long enough to be free.
SWEEP_SECONDS = 2.0


def revoked_connections(conns: list[connections.Connection]) -> list[connections.Connection]:
    if not conns:
        return []
    keys = {conn.session_key for conn in conns}
    live = set(Session.objects.filter(session_key__in=keys, expire_date__gt=timezone.now()).values_list("session_key", flat=True))
    users = {user.id: user for user in get_user_model().objects.filter(id__in={conn.user_id for conn in conns})}
    # One HMAC per user, not per socket: a user may have many tabs open.
    hashes = {user_id: user.get_session_auth_hash() for user_id, user in users.items() if user.is_active}
    revoked = []
    for conn in conns:
        user = users.get(conn.user_id)
        if user is not None:
            conn.user = user
        still_fits = user is not None and (user.is_staff if conn.namespace in STAFF_NAMESPACES else True)
        if conn.session_key not in live or hashes.get(conn.user_id) != conn.auth_hash or not still_fits:
            revoked.append(conn)
    return revoked


def boards_to_leave(conns: list[connections.Connection]) -> list[tuple[connections.Connection, int]]:
    """Board rooms whose socket's user is no longer a member (one query per such user)."""
    from workflow.permissions import boards_visible_to

    leave = []
    allowed_by_user: dict[int, set[int]] = {}
    for conn in conns:
        if not conn.joined_boards or conn.user is None:
            continue
        if conn.user_id not in allowed_by_user:
            allowed_by_user[conn.user_id] = set(boards_visible_to(conn.user).values_list("id", flat=True))
        leave += [(conn, board_id) for board_id in conn.joined_boards - allowed_by_user[conn.user_id]]
    return leave


def _sweep(conns):
    revoked = revoked_connections(conns)
    revoked_ids = {id(conn) for conn in revoked}
    return revoked, boards_to_leave([conn for conn in conns if id(conn) not in revoked_ids])


async def sweep_forever(server) -> None:
    while True:
        await asyncio.sleep(SWEEP_SECONDS)
        try:
            conns = connections.all_connections()
            revoked, leave = await sync_to_async(_sweep)(conns)
            for conn, board_id in leave:
                logger.info("socket %s of user %s leaves board %s: no longer a member", conn.sid, conn.user_id, board_id)
                await server.leave_room(conn.sid, board_stream(board_id), namespace=conn.namespace)
                conn.joined_boards.discard(board_id)
            for conn in revoked:
                logger.info("closing socket %s of user %s: session ended or role changed", conn.sid, conn.user_id)
                await server.disconnect(conn.sid, namespace=conn.namespace)
        except Exception:
            logger.exception("session sweep failed")
