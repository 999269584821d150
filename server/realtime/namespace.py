"""What every namespace shares: connecting, disconnecting, fetching stored events.

The domain apps define their namespaces in their own `sockets.py` with these helpers
and register them through realtime.registry.
"""
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import socketio
from django.conf import settings
from socketio.exceptions import ConnectionRefusedError

from common import errors
from common.api import validate_input
from realtime import auth, connections, metrics
from realtime.handlers import client_event, run_sync, unknown_events
from realtime.replay import events_after
from realtime.serializers import FetchEventsEvent

if TYPE_CHECKING:  # the user model is settings.AUTH_USER_MODEL, reached through get_user_model()
    from accounts.models import User

logger = logging.getLogger(__name__)

T = TypeVar("T")


def _authenticate(environ: dict[str, Any]) -> "tuple[User, str, int | None] | None":
    """The user behind the session cookie, the session's key and the user's customer id."""
    session_key = auth.session_key_from_environ(environ)
    user = auth.user_for_session(session_key)
    if user is None or session_key is None:
        return None
    customer = getattr(user, "customer", None)
    return user, session_key, customer.id if customer else None


def transport_open(server: socketio.AsyncServer, sid: str, namespace: str) -> bool:
    """Whether the Engine.IO connection under this socket is still open."""
    eio_sid = server.manager.eio_sid_from_sid(sid, namespace)
    socket = server.eio.sockets.get(eio_sid) if eio_sid else None
    return bool(socket is not None and not socket.closed and not socket.closing)


async def accept(server: socketio.AsyncServer, sid: str, namespace: str, environ: dict[str, Any], *, audience: str) -> connections.Connection:
    """Authenticate a new socket and register it, or refuse it with a coded reason.

    `audience` is "staff" or "customer": which kind of user this namespace is for.
    The namespace's connect handler must not await anything after this returns (start
    a background task instead): a close arriving then would be ignored by the library.
    """
    found = await run_sync(_authenticate, environ)
    if not transport_open(server, sid, namespace):
        # The client closed while we were reading its session. python-socketio ignores
        # a close during the connect handler, so registering it now would leave a
        # connection nobody ever removes; refusing makes the library forget it too.
        raise ConnectionRefusedError("Closed while connecting.", {"code": "not_authenticated"})
    if found is None:
        metrics.refusals.labels(namespace, "not_authenticated").inc()
        raise ConnectionRefusedError("Sign in first.", {"code": "not_authenticated"})
    user, session_key, customer_id = found
    allowed = user.is_staff if audience == "staff" else customer_id is not None
    if not allowed:
        metrics.refusals.labels(namespace, "forbidden").inc()
        raise ConnectionRefusedError(f"This namespace is for {audience} only.", {"code": "forbidden"})
    if connections.count_for_user(user.id) >= settings.SOCKETIO_MAX_SOCKETS_PER_USER:
        metrics.refusals.labels(namespace, errors.TooManyConnections.code).inc()
        raise ConnectionRefusedError(errors.TooManyConnections.default_message, {"code": errors.TooManyConnections.code})
    conn = connections.Connection(
        sid=sid,
        namespace=namespace,
        user_id=user.id,
        customer_id=customer_id,
        session_key=session_key,
        audience=audience,
        auth_hash=user.get_session_auth_hash(),
        user=user,
    )
    connections.add(conn)
    metrics.connects.labels(namespace).inc()
    return conn


def register_common(server: socketio.AsyncServer, namespace: str, *, can_read_stream: Callable[[connections.Connection, str], bool]) -> None:
    """Handlers every namespace has: disconnect bookkeeping, fetch_events, unknown events."""

    async def disconnect(sid: str, reason: object = None) -> None:
        if connections.remove(namespace, sid) is not None:
            metrics.disconnects.labels(namespace).inc()

    metrics.connected_clients.labels(namespace).set_function(lambda: connections.count(namespace))

    server.on("disconnect", namespace=namespace)(disconnect)

    @client_event(server, namespace, "fetch_events")
    async def fetch_events(conn: connections.Connection, data: Any) -> dict[str, Any]:
        payload = validate_input(FetchEventsEvent, data)
        if not await run_sync(can_read_stream, conn, payload["stream"]):
            raise errors.NotFound("No such stream.")
        events = await run_sync(events_after, payload["stream"], payload["after"], payload.get("until"))
        metrics.replays.labels(namespace).inc()
        return {"events": events}

    unknown_events(server, namespace)


async def join_stream(server: socketio.AsyncServer, conn: connections.Connection, stream: str, read: Callable[[], T]) -> T:
    """Join `stream`'s room, then `read()` what the client needs (snapshot or replay).

    Joining first means nothing committed in between is missed. The session sweep
    takes the socket out again if its user loses access (realtime.registry).
    """
    if not transport_open(server, conn.sid, conn.namespace):
        raise errors.NotAuthenticated("This connection is closing.")
    joined_before = stream in conn.joined_streams
    await server.enter_room(conn.sid, stream, namespace=conn.namespace)
    try:
        answer = await run_sync(read)
    except Exception:
        if not joined_before:  # a failed second join leaves the first one as it was
            await server.leave_room(conn.sid, stream, namespace=conn.namespace)
        raise
    conn.joined_streams.add(stream)
    return answer


async def leave_stream(server: socketio.AsyncServer, conn: connections.Connection, stream: str) -> None:
    await server.leave_room(conn.sid, stream, namespace=conn.namespace)
    conn.joined_streams.discard(stream)
