"""Connecting, disconnecting and replay: the same for every namespace."""
import logging

from socketio.exceptions import ConnectionRefusedError

from common import errors
from realtime import auth, connections, metrics
from realtime.handlers import client_event, run_sync, unknown_events
from realtime.replay import events_after
from realtime.serializers import FetchEventsEvent
from common.api import validate_input

logger = logging.getLogger(__name__)


def _authenticate(environ: dict):
    session_key = auth.session_key_from_environ(environ)
    user = auth.user_for_session(session_key)
    if user is None:
        return None, None, None
    customer = getattr(user, "customer", None)
    return user, session_key, customer.id if customer else None


async def accept(server, sid: str, namespace: str, environ: dict, *, audience: str) -> connections.Connection:
    """Authenticate a new socket or refuse it with a coded reason.

    `audience` is "staff" or "customer": which kind of user this namespace is for.
    """
    user, session_key, customer_id = await run_sync(_authenticate, environ)
    if user is None:
        metrics.refusals.labels(namespace, "not_authenticated").inc()
        raise ConnectionRefusedError("Sign in first.", {"code": "not_authenticated"})
    allowed = user.is_staff if audience == "staff" else customer_id is not None
    if not allowed:
        metrics.refusals.labels(namespace, "forbidden").inc()
        raise ConnectionRefusedError(f"This namespace is for {audience} only.", {"code": "forbidden"})
    conn = connections.Connection(
        sid=sid,
        namespace=namespace,
        user_id=user.id,
        customer_id=customer_id,
        session_key=session_key,
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
