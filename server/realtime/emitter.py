"""Hands committed events to Socket.IO, from whichever thread committed them.

Services run in worker threads (Django's sync code under ASGI, management commands),
while the Socket.IO server lives on the event loop. The serving process binds its loop
here at start-up; emission is then scheduled onto it without waiting. A process that
serves no sockets (a management command) hands events to the message queue when one is
configured; otherwise the serving process relays them from the event store
(realtime.relay), so clients see them either way.
"""
import asyncio
import logging
import threading
import time
from typing import Any, Protocol

import socketio

from realtime import metrics
from realtime.queue import queue_kind
from realtime.sequencer import Sequencer
from realtime.streams import namespace_for_stream

logger = logging.getLogger(__name__)



class _WriteManager(Protocol):
    """What emits from outside the serving process: socketio.RedisManager, _AmqpWriteOnly."""

    def emit(self, event: str, data: Any, room: str | None = None, namespace: str | None = None) -> None: ...


_loop: asyncio.AbstractEventLoop | None = None
_server: socketio.AsyncServer | None = None
_sequencer: Sequencer | None = None
_external_manager: _WriteManager | None = None
_lock = threading.Lock()


def bind(server: socketio.AsyncServer, loop: asyncio.AbstractEventLoop) -> None:
    global _server, _loop, _sequencer
    _server, _loop, _sequencer = server, loop, Sequencer(_emit_timed)


def reset_external_manager() -> None:
    """Forget the cached queue manager (after the queue setting changed)."""
    global _external_manager
    with _lock:
        _external_manager = None


def unbind() -> None:
    global _server, _loop, _sequencer
    _server, _loop, _sequencer = None, None, None


def expect(stream: str, seq: int) -> None:
    """`publish` took `seq` of `stream`: its event will follow the ones before it."""
    sequencer = _sequencer
    if sequencer is not None:
        sequencer.expect(stream, seq)


def is_serving() -> bool:
    return _loop is not None and not _loop.is_closed()


def emit_envelope(envelope: dict[str, Any]) -> None:
    namespace = namespace_for_stream(envelope["stream"])
    metrics.events_emitted.labels(envelope["event"]).inc()
    loop, sequencer = _loop, _sequencer
    if loop is not None and not loop.is_closed() and sequencer is not None:  # is_serving()
        committed_at = time.perf_counter()
        try:
            running = asyncio.get_running_loop()
        except RuntimeError:
            running = None
        if running is loop:
            sequencer.arrive(envelope, committed_at)
        else:
            loop.call_soon_threadsafe(sequencer.arrive, envelope, committed_at)
        return
    manager = _external_write_manager()
    if manager is not None:
        manager.emit(envelope["event"], envelope, room=envelope["stream"], namespace=namespace)


async def _emit_timed(envelope: dict[str, Any], started: float) -> None:
    namespace = namespace_for_stream(envelope["stream"])
    if _server is None:
        return  # unbound meanwhile (shutting down): clients replay it from the store when they reconnect
    try:
        await _server.emit(envelope["event"], envelope, room=envelope["stream"], namespace=namespace)
    except Exception:
        logger.exception("emit failed: event=%s stream=%s seq=%s", envelope["event"], envelope["stream"], envelope["seq"])
        return
    metrics.observe_emit(started)
    logger.info(
        "emitted %s %s#%s", envelope["event"], envelope["stream"], envelope["seq"],
        extra={"namespace": namespace, "event": envelope["event"], "stream": envelope["stream"], "seq": envelope["seq"],
               "request_id": envelope.get("request_id")},
    )


def _external_write_manager() -> _WriteManager | None:
    """A write-only queue manager for processes that do not serve sockets (lazy, cached)."""
    global _external_manager
    from django.conf import settings

    url = settings.SOCKETIO_MESSAGE_QUEUE
    if not url:
        return None
    with _lock:
        if _external_manager is None:
            import socketio

            if queue_kind(url) == "redis":
                _external_manager = socketio.RedisManager(url, channel=settings.SOCKETIO_QUEUE_CHANNEL, write_only=True)
            else:
                _external_manager = _AmqpWriteOnly(url, settings.SOCKETIO_QUEUE_CHANNEL)
        return _external_manager


class _AmqpWriteOnly:
    """Publishes to RabbitMQ from synchronous code with python-socketio's aio-pika manager.

    Processes that emit this way are commands and jobs, which emit rarely: a short-lived
    connection per event keeps this simple (aio-pika connections belong to one loop).
    """

    def __init__(self, url: str, channel: str) -> None:
        self.url, self.channel = url, channel

    def emit(self, event: str, data: Any, room: str | None = None, namespace: str | None = None) -> None:
        import socketio

        async def publish() -> None:
            manager = socketio.AsyncAioPikaManager(self.url, channel=self.channel, write_only=True)
            try:
                await manager.emit(event, data, namespace=namespace, room=room)
            finally:
                if manager.publisher_connection is not None:
                    await manager.publisher_connection.close()

        asyncio.run(publish())
