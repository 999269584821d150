"""The process's Socket.IO server.

One AsyncServer, mounted next to Django in server/asgi.py. Namespace handlers live in
each app's sockets.py, registered through realtime.registry; they are thin and call
operations. Events are sent only by realtime.publish (after commit) and by the
connect/join snapshots.

FrontDeskServer and FrontDeskEngineIO close holes in how the libraries treat what a
client sends (each is a small override of one library method, with a test in
realtime/tests/test_security.py):
- client events named like the library's own (`connect`, `disconnect`, ...) are
  answered as unknown events instead of reaching the namespace's lifecycle handlers;
- binary packets are refused (the protocol has none), so attachments are never buffered;
- an oversize long-polling POST is answered at once instead of hanging.

Room events leave through realtime.fanout: one encoded websocket frame per event,
written straight to each recipient's transport when nothing else waits for it there.
"""
import asyncio
import contextvars
import logging
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import parse_qs

import socketio
from django.conf import settings
from socketio import packet
from socketio.async_pubsub_manager import AsyncPubSubManager

from common import errors
from realtime import fanout, handlers, metrics, queue, registry, relay, watermarks
from realtime.streams import APPOINTMENTS_NAMESPACE, CUSTOMER_NAMESPACE, WORKFLOW_NAMESPACE

logger = logging.getLogger(__name__)

# Names python-socketio or the Socket.IO protocol give a meaning of their own, and our
# catch-all key. python-socketio dispatches a client event by name, so without this a
# client sending `disconnect` would run the namespace's disconnect handler (forgetting
# its own socket while staying connected) and `connect` would run authentication again.
RESERVED_EVENTS = frozenset({"connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener", "*"})

# True while a client's event is being dispatched (as opposed to the library's own
# connect/disconnect calls, which use the same dispatch).
_dispatching_client_event: contextvars.ContextVar[bool] = contextvars.ContextVar("dispatching_client_event", default=False)


class FrontDeskEngineIO(fanout.DirectWritesEngineIO):
    async def handle_request(self, scope: dict[str, Any], receive: Callable[[], Awaitable[dict[str, Any]]],
                             send: Callable[[dict[str, Any]], Awaitable[None]]) -> Any:
        """Refuse an oversize long-polling POST before Engine.IO reads it.

        python-engineio answers one by closing the session and waiting for its send queue
        to drain, which for a polling client happens only on its next GET: a client that
        never sends one holds the request (and its body) forever. Here it is answered at
        once, unread, and its session closed without waiting.
        """
        if scope.get("type") == "http" and scope.get("method") == "POST" and _content_length(scope) > self.max_http_buffer_size:
            sid = parse_qs(scope.get("query_string", b"").decode("latin-1")).get("sid", [None])[0]
            socket = self.sockets.pop(sid, None) if sid else None
            if socket is not None:
                await socket.close(wait=False, abort=True, reason=self.reason.TRANSPORT_ERROR)
            await send({"type": "http.response.start", "status": 413, "headers": [(b"content-type", b"text/plain"), (b"connection", b"close")]})
            await send({"type": "http.response.body", "body": b"Message too large"})
            return None
        return await super().handle_request(scope, receive, send)


def _content_length(scope: dict[str, Any]) -> int:
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            return int(value) if value.isdigit() else 0
    return 0


class FrontDeskServer(socketio.AsyncServer):
    def _engineio_server_class(self) -> type[FrontDeskEngineIO]:
        return FrontDeskEngineIO

    async def _handle_eio_message(self, eio_sid: str, data: str | bytes) -> None:
        if isinstance(data, bytes):
            return  # an attachment: never announced by a packet we accept, dropped at once
        if data[:1] in (str(packet.BINARY_EVENT), str(packet.BINARY_ACK)):
            await self._refuse_binary(eio_sid, data)
            return
        await super()._handle_eio_message(eio_sid, data)

    async def _refuse_binary(self, eio_sid: str, data: str) -> None:
        try:
            namespace = self.packet_class(encoded_packet=data).namespace or "/"
        except Exception:
            return  # malformed as well as unwanted
        sid = self.manager.sid_from_eio_sid(eio_sid, namespace)
        if sid is not None and self.manager.is_connected(sid, namespace):
            await handlers.reply_error(self, sid, namespace, "binary", errors.BinaryNotSupported())

    async def _handle_event(self, eio_sid: str, namespace: str, id: int | None, data: Any) -> None:
        if not isinstance(data, list) or not data:
            data = [None]  # not even an event name: answered as an unknown event
        await super()._handle_event(eio_sid, namespace, id, data)

    async def _handle_event_internal(self, server: Any, sid: str, eio_sid: str, data: list[Any], namespace: str,
                                     id: int | None) -> None:
        # python-socketio knows whether an ack was requested only here; record it.
        ack_token = handlers.ack_requested.set(id is not None)
        client_token = _dispatching_client_event.set(True)
        try:
            await super()._handle_event_internal(server, sid, eio_sid, data, namespace, id)
        finally:
            _dispatching_client_event.reset(client_token)
            handlers.ack_requested.reset(ack_token)

    def _get_event_handler(self, event: Any, namespace: str, args: tuple[Any, ...]) -> tuple[Any, tuple[Any, ...]]:
        if _dispatching_client_event.get() and (not isinstance(event, str) or event in RESERVED_EVENTS):
            catch_all = self.handlers.get(namespace, {}).get("*")
            return catch_all, (event, *args)
        handler: tuple[Any, tuple[Any, ...]] = super()._get_event_handler(event, namespace, args)
        return handler


class LocalManager(fanout.LeanManager):
    """In-memory rooms (one process), counting deliveries; room events go through realtime.fanout."""

    async def emit(self, event: str, data: Any, namespace: str, room: Any = None, skip_sid: Any = None,
                   callback: Any = None, to: Any = None, **kwargs: Any) -> None:
        room = to or room
        metrics.count_delivery(self, event, namespace, room)
        watermarks.note_delivered(room, data)
        await super().emit(event, data, namespace, room=room, skip_sid=skip_sid, callback=callback, **kwargs)

    def deliver(self, event: str, data: dict[str, Any], namespace: str, room: str) -> tuple[int, int, int]:
        counts = fanout.broadcast(self.server, self.get_participants(namespace, room), namespace, event, data,
                                  max_queued=settings.SOCKETIO_MAX_QUEUED_PACKETS)
        metrics.count_broadcast(*counts)
        return counts


class CountingPubSub(AsyncPubSubManager):
    """Counts deliveries where a queued event reaches this process's clients."""

    async def _handle_emit(self, message: dict[str, Any]) -> None:
        namespace, room, data = message.get("namespace") or "/", message.get("room"), message.get("data")
        metrics.count_delivery(self, message["event"], namespace, room)
        watermarks.note_delivered(room, data)
        # What reaches this process's clients goes through the same lean broadcast as
        # with one process (python-socketio's own path starts a task per recipient).
        if (isinstance(data, list) and len(data) == 1 and not message.get("binary")
                and fanout.is_plain_room_event(data[0], room, message.get("callback"), message.get("skip_sid"))):
            counts = fanout.broadcast(self.server, self.get_participants(namespace, room), namespace, message["event"],
                                      data[0], max_queued=settings.SOCKETIO_MAX_QUEUED_PACKETS)
            metrics.count_broadcast(*counts)
            return
        await super()._handle_emit(message)


class RedisManager(CountingPubSub, queue.PromptRedisListener, socketio.AsyncRedisManager):
    pass


class AioPikaManager(CountingPubSub, queue.PromptRabbitListener, socketio.AsyncAioPikaManager):
    pass


def client_manager() -> socketio.AsyncManager:
    """Unset queue: one process, in-memory rooms. Otherwise python-socketio's own managers."""
    url = settings.SOCKETIO_MESSAGE_QUEUE
    if not url:
        return LocalManager()
    if queue.queue_kind(url) == "redis":
        return RedisManager(url, channel=settings.SOCKETIO_QUEUE_CHANNEL)
    return AioPikaManager(url, channel=settings.SOCKETIO_QUEUE_CHANNEL)


def create_server() -> FrontDeskServer:
    return FrontDeskServer(
        async_mode="asgi",
        namespaces=[APPOINTMENTS_NAMESPACE, WORKFLOW_NAMESPACE, CUSTOMER_NAMESPACE],
        # The Origin header of browser connections must be one of ours: this is what
        # stops another site's page from using a logged-in staff member's cookie.
        cors_allowed_origins=settings.ALLOWED_ORIGINS,
        cors_credentials=True,
        client_manager=client_manager(),
        max_http_buffer_size=settings.SOCKETIO_MAX_MESSAGE_BYTES,
        ping_interval=settings.SOCKETIO_PING_INTERVAL,
        logger=False,
        engineio_logger=False,
    )


sio = create_server()

_background: list[asyncio.Task[None]] = []
_registered = False


def register_namespaces(server: socketio.AsyncServer) -> None:
    """Install every app's namespace handlers (once: tests start the app more than once)."""
    global _registered
    if not _registered:
        for register in registry.socket_registrations():
            register(server)
        _registered = True


async def on_startup() -> None:
    """Bind the emitter to this loop and start the periodic tasks."""
    from realtime import emitter, sessions

    register_namespaces(sio)
    emitter.bind(sio, asyncio.get_running_loop())
    _background.append(asyncio.create_task(sessions.sweep_forever(sio)))
    _background.append(asyncio.create_task(relay.relay_forever(sio)))
    for task in registry.background_tasks():
        _background.append(asyncio.create_task(task()))
    if settings.SOCKETIO_MESSAGE_QUEUE:
        _background.append(asyncio.create_task(queue.watch_forever(settings.SOCKETIO_MESSAGE_QUEUE)))
    logger.info("socket.io ready; message queue: %s", settings.SOCKETIO_MESSAGE_QUEUE or "none (single process)")


async def on_shutdown() -> None:
    from realtime import emitter

    for task in _background:
        task.cancel()
    _background.clear()
    emitter.unbind()
