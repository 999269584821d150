"""Closing sockets whose session ended (logout, password change, deactivation) or whose
user lost the role (no longer staff), and leaving streams they may no longer read
(a board membership removed).

A background task sweeps this process's connections every SWEEP_SECONDS with two
queries in all (sessions, users), whatever the number of sockets, and disconnects
those no longer backed by a valid session. One mechanism covers every way a session
ends, including changes made in another process or in the Django admin.
"""
import asyncio
import logging

import socketio
from asgiref.sync import sync_to_async
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.utils import timezone

from realtime import connections, registry

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
        still_fits = user is not None and (user.is_staff if conn.audience == "staff" else True)
        if conn.session_key not in live or hashes.get(conn.user_id) != conn.auth_hash or not still_fits:
            revoked.append(conn)
    return revoked


def streams_to_leave(conns: list[connections.Connection]) -> list[tuple[connections.Connection, str]]:
    """Joined streams whose socket's user may no longer read them (one query per user and kind)."""
    leave = []
    readable_by_user: dict[int, set[str]] = {}
    joined_by_user: dict[int, set[str]] = {}
    for conn in conns:
        if conn.joined_streams and conn.user is not None:
            joined_by_user.setdefault(conn.user_id, set()).update(conn.joined_streams)
    for conn in conns:
        if not conn.joined_streams or conn.user is None:
            continue
        if conn.user_id not in readable_by_user:
            readable_by_user[conn.user_id] = registry.readable_streams(conn.user, joined_by_user[conn.user_id])
        leave += [(conn, stream) for stream in conn.joined_streams - readable_by_user[conn.user_id]]
    return leave


def _sweep(conns: list[connections.Connection]) -> tuple[list[connections.Connection], list[tuple[connections.Connection, str]]]:
    revoked = revoked_connections(conns)
    revoked_ids = {id(conn) for conn in revoked}
    return revoked, streams_to_leave([conn for conn in conns if id(conn) not in revoked_ids])


async def reconcile(server: socketio.AsyncServer) -> None:
    """Make the registry of connections agree with the sockets the server really holds.

    The sweep checks the registry, so a socket missing from it would never be checked:
    the server's own view is the truth. A socket the server holds but the registry does
    not know is closed; an entry whose Engine.IO connection is gone is dropped, from the
    registry and from python-socketio's rooms (it never forgets a socket closed while its
    connect handler ran). Sockets still in their connect handler are left alone.
    """
    manager, eio_sockets = server.manager, server.eio.sockets
    for namespace in list(manager.get_namespaces()):
        held = dict(manager.get_participants(namespace, None))
        # Read together with `held`, before any await lets a new socket in.
        unheld = [conn.sid for conn in connections.all_connections() if conn.namespace == namespace and conn.sid not in held]
        for sid in unheld:
            connections.remove(namespace, sid)
        for sid, eio_sid in held.items():
            if manager.is_pre_connected(sid, namespace):
                continue
            eio_socket = eio_sockets.get(eio_sid)
            if eio_socket is None or eio_socket.closed:
                logger.info("forgetting socket %s on %s: its connection is gone", sid, namespace)
                connections.remove(namespace, sid)
                await manager.disconnect(sid, namespace, ignore_queue=True)
            elif connections.get(namespace, sid) is None and manager.is_connected(sid, namespace):
                logger.warning("closing socket %s on %s: not in the registry", sid, namespace)
                await server.disconnect(sid, namespace=namespace)


async def sweep_forever(server: socketio.AsyncServer) -> None:
    while True:
        await asyncio.sleep(SWEEP_SECONDS)
        try:
            await reconcile(server)
            conns = connections.all_connections()
            revoked, leave = await sync_to_async(_sweep)(conns)
            for conn, stream in leave:
                logger.info("socket %s of user %s leaves %s: no longer allowed", conn.sid, conn.user_id, stream)
                await server.leave_room(conn.sid, stream, namespace=conn.namespace)
                conn.joined_streams.discard(stream)
                # Said, so the page can explain why the board (or feed) stopped changing.
                await server.emit("stream_closed", {"stream": stream, "reason": "access_removed"}, to=conn.sid, namespace=conn.namespace)
            for conn in revoked:
                logger.info("closing socket %s of user %s: session ended or role changed", conn.sid, conn.user_id)
                await server.disconnect(conn.sid, namespace=conn.namespace)
        except Exception:
            logger.exception("session sweep failed")
