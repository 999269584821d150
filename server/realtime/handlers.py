"""The wrapper every client-event handler goes through.

It finds who is behind the socket, applies the per-connection rate limit, and turns any
failure into a coded error (ack, or `error` event when no ack was asked for). Handlers
only validate their payload (with the same serializers as REST) and call services.
"""
import contextvars
import logging
from collections.abc import Awaitable, Callable
from functools import wraps
from typing import Any, ParamSpec, TypeVar

import socketio
from asgiref.sync import sync_to_async

from common import errors
from common.observability import current_request_id, new_request_id
from realtime import connections, metrics

P = ParamSpec("P")
R = TypeVar("R")
# A client event's handler: (the connection, the payload as sent) -> the ack's `data`.
Handler = Callable[[connections.Connection, Any], Awaitable[Any]]

logger = logging.getLogger("realtime.handlers")

# Whether the event being handled asked for an acknowledgement: errors then go in the
# ack; otherwise they are sent as an `error` event so they are never silently lost.
# Set by realtime.server, which alone sees the packet's ack id.
ack_requested: contextvars.ContextVar[bool] = contextvars.ContextVar("ack_requested", default=False)


def ok(data: Any) -> dict[str, Any]:
    return {"ok": True, "data": data}


async def reply_error(server: socketio.AsyncServer, sid: str, namespace: str, event: str, error: errors.DomainError) -> dict[str, Any]:
    body = error.as_dict()
    metrics.handler_errors.labels(event, error.code).inc()
    if not ack_requested.get():
        await server.emit("error", {**body, "event": event}, to=sid, namespace=namespace)
    return {"ok": False, "error": body}


def client_event(server: socketio.AsyncServer, namespace: str, event: str) -> Callable[[Handler], Handler]:
    """Register `fn(conn, data) -> ack data` (async) as the handler of `event`."""

    def decorator(fn: Handler) -> Handler:
        @wraps(fn)
        async def handler(sid: str, *args: Any) -> dict[str, Any]:
            data = args[0] if args else None
            conn = connections.get(namespace, sid)
            # Like a REST request, each event has an id: in its log line and its events' envelopes.
            request_id = current_request_id.set(new_request_id())
            try:
                if conn is None:
                    raise errors.NotAuthenticated()
                if not conn.bucket.take():
                    raise errors.RateLimited()
                logger.info(
                    "socket event %s %s", namespace, event,
                    extra={"namespace": namespace, "event": event, "sid": sid, "user_id": conn.user_id},
                )
                return ok(await fn(conn, data))
            except errors.DomainError as error:
                return await reply_error(server, sid, namespace, event, error)
            except Exception:
                logger.exception(
                    "handler failed: event=%s namespace=%s board=%s", event, namespace,
                    (data or {}).get("board_id") if isinstance(data, dict) else None,
                    extra={"event": event, "namespace": namespace, "sid": sid},
                )
                return await reply_error(server, sid, namespace, event, errors.ServerError())
            finally:
                current_request_id.reset(request_id)

        server.on(event, namespace=namespace)(handler)
        return fn

    return decorator


def unknown_events(server: socketio.AsyncServer, namespace: str) -> None:
    """Answer every event without a handler, reserved names included (see realtime.server)."""

    async def handler(event: object, sid: str, *args: Any) -> dict[str, Any]:
        name = str(event)[:64]
        conn = connections.get(namespace, sid)
        if conn is not None and not conn.bucket.take():
            return await reply_error(server, sid, namespace, name, errors.RateLimited())
        return await reply_error(server, sid, namespace, name, errors.UnknownEvent(f"Unknown event {name!r}."))

    server.on("*", namespace=namespace)(handler)


def run_sync(fn: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> Awaitable[R]:
    """Run ORM/service code in Django's sync thread (one at a time, like sync views)."""
    return sync_to_async(fn, thread_sensitive=True)(*args, **kwargs)
