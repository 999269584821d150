"""The process's Socket.IO server.

One AsyncServer, mounted next to Django in server/asgi.py. Namespace handlers live in
realtime/namespaces/; they are thin and call services. Events are sent only by
realtime.publish (after commit) and by the connect/join snapshots.
"""
import asyncio
import contextvars
import logging

import socketio
from django.conf import settings
from engineio import packet as eio_packet
from socketio import packet

from realtime import metrics, relay
from realtime.streams import APPOINTMENTS_NAMESPACE, CUSTOMER_NAMESPACE, WORKFLOW_NAMESPACE

logger = logging.getLogger(__name__)

# Whether the event being handled asked for an acknowledgement: errors then go in the
# ack; otherwise they are sent as an `error` event so they are never silently lost.
ack_requested: contextvars.ContextVar[bool] = contextvars.ContextVar("ack_requested", default=False)


class FrontDeskServer(socketio.AsyncServer):
    async def _handle_event_internal(self, server, sid, eio_sid, data, namespace, id):
        # python-socketio knows whether an ack was requested only here; record it.
        token = ack_requested.set(id is not None)
        try:
            await super()._handle_event_internal(server, sid, eio_sid, data, namespace, id)
        finally:
            ack_requested.reset(token)


class LocalManager(socketio.AsyncManager):
    """In-memory rooms (one process), counting deliveries, with a lean room broadcast."""

    async def emit(self, event, data, namespace, room=None, skip_sid=None, callback=None, to=None, **kwargs):
        room = to or room
        metrics.count_delivery(self, event, namespace, room)
        relay.note_delivered(room, data)
        if callback is None and skip_sid is None and isinstance(room, str) and isinstance(data, dict):
            self._broadcast(event, data, namespace, room)
            return None
        return await super().emit(event, data, namespace, room=room, skip_sid=skip_sid, callback=callback, **kwargs)

    def _broadcast(self, event: str, data: dict, namespace: str, room: str) -> None:
        """Hand one encoded packet straight to each recipient's send queue.

        python-socketio's emit starts one asyncio task per recipient just to enqueue the
        same bytes; at hundreds of recipients per event that bookkeeping is most of the
        cost. Same packets, same per-connection order, no tasks. Each connection's own
        writer still does the sending, so a slow client delays only itself.
        """
        encoded = self.server.packet_class(packet.EVENT, namespace=namespace, data=[event, data]).encode()
        eio_packets = [eio_packet.Packet(eio_packet.MESSAGE, part) for part in (encoded if isinstance(encoded, list) else [encoded])]
        sockets = self.server.eio.sockets
        for _sid, eio_sid in self.get_participants(namespace, room):
            socket = sockets.get(eio_sid)
            if socket is None or socket.closed:
                continue
            for eio_pkt in eio_packets:
                socket.queue.put_nowait(eio_pkt)


class CountingPubSub:
    """Counts deliveries where a queued event reaches this process's clients."""

    async def _handle_emit(self, message):
        metrics.count_delivery(self, message.get("event"), message.get("namespace") or "/", message.get("room"))
        relay.note_delivered(message.get("room"), message.get("data"))
        return await super()._handle_emit(message)


class RedisManager(CountingPubSub, socketio.AsyncRedisManager):
    pass


class AioPikaManager(CountingPubSub, socketio.AsyncAioPikaManager):
    pass


def client_manager():
    """Unset queue: one process, in-memory rooms. Otherwise python-socketio's own managers."""
    url = settings.SOCKETIO_MESSAGE_QUEUE
    if not url:
        return LocalManager()
    if url.startswith(("redis://", "rediss://", "unix://")):
        return RedisManager(url, channel=settings.SOCKETIO_QUEUE_CHANNEL)
    if url.startswith("amqp://"):
        return AioPikaManager(url, channel=settings.SOCKETIO_QUEUE_CHANNEL)
    raise ValueError(f"SOCKETIO_MESSAGE_QUEUE must start with redis:// or amqp://, not {url!r}")


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
        logger=False,
        engineio_logger=False,
    )


sio = create_server()

_background: list[asyncio.Task] = []


async def on_startup() -> None:
    """Bind the emitter to this loop and start the periodic tasks."""
    from realtime import emitter, namespaces, sessions, ticks

    namespaces.register(sio)
    emitter.bind(sio, asyncio.get_running_loop())
    _background.append(asyncio.create_task(sessions.sweep_forever(sio)))
    _background.append(asyncio.create_task(ticks.day_rollover_forever()))
    _background.append(asyncio.create_task(relay.relay_forever(sio)))
    logger.info("socket.io ready; message queue: %s", settings.SOCKETIO_MESSAGE_QUEUE or "none (single process)")


async def on_shutdown() -> None:
    from realtime import emitter

    for task in _background:
        task.cancel()
    _background.clear()
    emitter.unbind()
