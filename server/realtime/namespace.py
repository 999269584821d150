"""What every namespace shares: connecting, disconnecting, fetching stored events.

The domain apps define their namespaces in their own `sockets.py` with these helpers
and register them through realtime.registry.
"""
import logging

from django.conf import settings
from socketio.exceptions import ConnectionRefusedError

from common import errors
from common.api import validate_input
from realtime import auth, connections, metrics
from realtime.handlers import client_event, run_sync, unknown_events
from realtime.replay import events_after
from realtime.serializers import FetchEventsEvent

logger = logging.getLogger(__name__)


def _authenticate(environ: dict):
    session_key = auth.session_key_from_environ(environ)
    user = auth.user_for_session(session_key)
    if user is None:
        return None, None, None
    customer = getattr(user, "customer", None)
    return user, session_key, customer.id if customer else None


def transport_open(server, sid: str, namespace: str) -> bool:
    """Whether the Engine.IO connection under this socket is still open."""
    eio_sid = server.manager.eio_sid_from_sid(sid, namespace)
    socket = server.eio.sockets.get(eio_sid) if eio_sid else None
    return socket is not None and not socket.closed and not socket.closing


async def accept(server, sid: str, namespace: str, environ: dict, *, audience: str) -> connections.Connection:
    """Authenticate a new socket and register it, or refuse it with a coded reason.

    `audience` is "staff" or "customer": which kind of user this namespace is for.
    The namespace's connect handler must not await anything after this returns (start
    a background task instead): a close arriving then would be ignored by the library.
    """
    user, session_key, customer_id = await run_sync(_authenticate, environ)
    if not transport_open(server, sid, namespace):
        # The client closed while we were reading its session. python-socketio ignores
        # a close during the connect handler, so registering it now would leave a
        # connection nobody ever removes; refusing makes the library forget it too.
        raise ConnectionRefusedError("Closed while connecting.", {"code": "not_authenticated"})
    if user is None:
        metrics.refusals.labels(namespace, "not_authenticated").inc()
        raise ConnectionRefusedError("Sign in first.", {"code": "not_authenticated"})
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


def register_common(server, namespace: str, *, can_read_stream) -> None:
    """Handlers every namespace has: disconnect bookkeeping, fetch_events, unknown events."""

    async def disconnect(sid, reason=None):
        if connections.remove(namespace, sid) is not None:
            metrics.disconnects.labels(namespace).inc()

    metrics.connected_clients.labels(namespace).set_function(lambda: connections.count(namespace))

    server.on("disconnect", namespace=namespace)(disconnect)

    @client_event(server, namespace, "fetch_events")
    async def fetch_events(conn, data):
        payload = validate_input(FetchEventsEvent, data)
        if not await run_sync(can_read_stream, conn, payload["stream"]):
            raise errors.NotFound("No such stream.")
        events = await run_sync(events_after, payload["stream"], payload["after"], payload.get("until"))
        metrics.replays.labels(namespace).inc()
        return {"events": events}

    unknown_events(server, namespace)


async def join_stream(server, conn: connections.Connection, stream: str, read):
    """Join `stream`'s room, then `read()` what the client needs (snapshot or replay).

    Joining first means nothing committed in between is missed. The session sweep
    takes the socket out again if its user loses access (realtime.registry).
    """
    if not transport_open(server, conn.sid, conn.namespace):
        raise errors.NotAuthenticated("This connection is closing.")
    await server.enter_room(conn.sid, stream, namespace=conn.namespace)
    try:
        answer = await run_sync(read)
    except Exception:
        await server.leave_room(conn.sid, stream, namespace=conn.namespace)
        raise
    conn.joined_streams.add(stream)
    return answer


async def leave_stream(server, conn: connections.Connection, stream: str) -> None:
    await server.leave_room(conn.sid, stream, namespace=conn.namespace)
    conn.joined_streams.discard(stream)
