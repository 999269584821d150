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

from realtime.streams import namespace_for_stream

logger = logging.getLogger(__name__)

_loop: asyncio.AbstractEventLoop | None = None
_server = None
_external_manager = None
_lock = threading.Lock()


def bind(server, loop: asyncio.AbstractEventLoop) -> None:
    global _server, _loop
    _server, _loop = server, loop


def unbind() -> None:
    global _server, _loop
    _server, _loop = None, None


def is_serving() -> bool:
    return _loop is not None and not _loop.is_closed()


def emit_envelope(envelope: dict) -> None:
    namespace = namespace_for_stream(envelope["stream"])
    if is_serving():
        coro = _server.emit(envelope["event"], envelope, room=envelope["stream"], namespace=namespace)
        try:
            running = asyncio.get_running_loop()
        except RuntimeError:
            running = None
        if running is _loop:
            _loop.create_task(coro)
        else:
            asyncio.run_coroutine_threadsafe(coro, _loop)
        return
    manager = _external_write_manager()
    if manager is not None:
        manager.emit(envelope["event"], envelope, room=envelope["stream"], namespace=namespace)


def _external_write_manager():
    """A write-only queue manager for processes that do not serve sockets (lazy, cached)."""
    global _external_manager
    from django.conf import settings

    url = settings.SOCKETIO_MESSAGE_QUEUE
    if not url:
        return None
    with _lock:
        if _external_manager is None:
            import socketio

            if url.startswith(("redis://", "rediss://", "unix://")):
                _external_manager = socketio.RedisManager(url, write_only=True)
            elif url.startswith("amqp://"):
                _external_manager = socketio.KombuManager(url, write_only=True)
            else:
                raise ValueError(f"unsupported SOCKETIO_MESSAGE_QUEUE {url!r}")
        return _external_manager
