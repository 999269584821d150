"""The wrapper every client-event handler goes through.

It finds who is behind the socket, applies the per-connection rate limit, and turns any
failure into a coded error (ack, or `error` event when no ack was asked for). Handlers
only validate their payload (with the same serializers as REST) and call services.
"""
import logging
from functools import wraps

from asgiref.sync import sync_to_async

from common import errors
from realtime import connections, metrics
from realtime.server import ack_requested

logger = logging.getLogger("realtime.handlers")


def ok(data) -> dict:
    return {"ok": True, "data": data}


async def reply_error(server, sid: str, namespace: str, event: str, error: errors.DomainError) -> dict:
    body = error.as_dict()
    metrics.handler_errors.labels(event, error.code).inc()
    if not ack_requested.get():
        await server.emit("error", {**body, "event": event}, to=sid, namespace=namespace)
    return {"ok": False, "error": body}


def client_event(server, namespace: str, event: str):
    """Register `fn(conn, data) -> ack data` (async) as the handler of `event`."""

    def decorator(fn):
        @wraps(fn)
        async def handler(sid, *args):
            data = args[0] if args else None
            conn = connections.get(namespace, sid)
            try:
                if conn is None:
                    raise errors.NotAuthenticated()
                if not conn.bucket.take():
                    raise errors.RateLimited()
                return ok(await fn(conn, data))
            except errors.DomainError as error:
                return await reply_error(server, sid, namespace, event, error)
            except Exception:
                logger.exception(
                    "handler failed: event=%s namespace=%s board=%s", event, namespace,
                    (data or {}).get("board_id") if isinstance(data, dict) else None,
                    extra={"event": event, "namespace": namespace, "sid": sid},
                )
                error = errors.DomainError("Something went wrong on our side; nothing was changed.")
                error.code, error.status = "server_error", 500
                return await reply_error(server, sid, namespace, event, error)

        server.on(event, namespace=namespace)(handler)
        return fn

    return decorator


def unknown_events(server, namespace: str) -> None:
    async def handler(event, sid, *args):
        conn = connections.get(namespace, sid)
        if conn is not None and not conn.bucket.take():
            return await reply_error(server, sid, namespace, str(event)[:64], errors.RateLimited())
        error = errors.DomainError(f"Unknown event {str(event)[:64]!r}.")
        error.code = "unknown_event"
        return await reply_error(server, sid, namespace, str(event)[:64], error)

    server.on("*", namespace=namespace)(handler)


def run_sync(fn, *args, **kwargs):
    """Run ORM/service code in Django's sync thread (one at a time, like sync views)."""
    return sync_to_async(fn, thread_sensitive=True)(*args, **kwargs)
