"""Room broadcasts at the cost of one write per recipient, or less.

python-socketio hands each recipient's copy of an event to that connection's Engine.IO
queue, whose writer task wakes up, waits for it under `asyncio.wait_for` (one more task
per message on Python 3.11) and sends it through the ASGI `websocket.send` machinery,
which frames the same bytes again for every recipient. At 1,000 recipients per event
that bookkeeping, not the writing, is most of the server's CPU (issue #15).

Here a room broadcast encodes its Socket.IO packet and its websocket frame once and
writes the frame straight to each recipient's transport (uvicorn's websockets-sansio
protocol) when that keeps every guarantee the queue gives:

- Order: only when nothing else is waiting for that connection, i.e. its Engine.IO
  queue is empty and its writer holds no packet it took from it (`DirectSocket.sending`).
  Otherwise the copy is queued, behind the pings, acks, snapshots and replays already
  there, and the writer sends it, as before; what the writer sends goes after the
  frames broadcast before it (`DirectWebSocket.send` flushes them first).
- Flow control: only while uvicorn holds the transport writable (its write buffer below
  the high-water mark); otherwise queued, and the writer waits for the buffer to drain
  as it always did. So the transport never buffers much more than the high-water mark.
- A slow consumer: a websocket connection that already has `max_queued` packets waiting
  is dropped (its transport aborted, as if the network had failed) instead of queueing
  without bound. Its client reconnects and rejoins with the last `seq` it applied, and
  gets what it missed from the event store (docs/protocol.md). Others are not slowed:
  nothing here ever waits for a recipient.
- Per-message deflate negotiated, long-polling, another ASGI server (granian), a
  connection closing: the queue, as before.

The frames leave at the end of the loop iteration, together with any other event
broadcast to the same connection meanwhile: one system call per connection per flush,
the floor of the cost, shared by every event of a burst. While broadcasts keep coming,
a flush waits as long as the previous one took (`_schedule_flush`), so that making the
next events gets the loop half the time and they share the next write.

Three overrides of python-engineio make this possible, each an upstream candidate:
`DirectSocket.poll` waits for the queue without `asyncio.wait_for` and says when the
writer holds packets; `DirectSocket._serve_websocket` (upstream's websocket handler)
reads a client's pipelined messages without a task per message, so their broadcasts
happen in one iteration; `DirectWebSocket` remembers which uvicorn protocol object
serves the connection. Nothing here imports Django: the benchmark's relay baseline runs
it too.
"""
import asyncio
import logging
from collections.abc import Iterable
from typing import Any

import engineio
import socketio
from engineio import async_socket, exceptions
from engineio import packet as eio_packet
from engineio.async_drivers import asgi as eio_asgi
from socketio import packet as sio_packet

try:  # uvicorn's websocket implementation, the only one whose transport is reachable
    from uvicorn.protocols.websockets.websockets_sansio_impl import WebSocketsSansIOProtocol
    from websockets.frames import Frame, Opcode
except ImportError:  # pragma: no cover - served by something else: the queue path only
    WebSocketsSansIOProtocol = None  # type: ignore[assignment,misc]  # "no direct writes", checked before each use

logger = logging.getLogger(__name__)

# Packets a websocket connection may have waiting in its queue before it is dropped as
# too slow. Nothing is queued while a client keeps up, so this is a backlog of events
# its network has not taken yet (the product's default: SOCKETIO_MAX_QUEUED_PACKETS).
DEFAULT_MAX_QUEUED = 1000


# Websockets with frames waiting to be written (DirectWebSocket.try_write), and when the
# next flush may start.
_to_flush: list["DirectWebSocket"] = []
_next_flush_at = 0.0


def _schedule_flush(loop: asyncio.AbstractEventLoop) -> None:
    """Flush at the end of this loop iteration, or, right after a long flush, once as long again has passed.

    While events keep coming (a burst to a large room), writing never takes more than about
    half the loop's time: the rest goes to making the next events, which then share the
    next write to each connection. A flush to a room of 1,000 costs milliseconds, and so
    may the wait; to a small room, or at any steady rate, the wait is nil.
    """
    wait = _next_flush_at - loop.time()
    if wait > 0:
        loop.call_later(wait, _flush_all, loop)
    else:
        loop.call_soon(_flush_all, loop)


def _flush_all(loop: asyncio.AbstractEventLoop) -> None:
    global _next_flush_at
    started = loop.time()
    batch = _to_flush[:]
    _to_flush.clear()
    for ws in batch:
        try:
            ws.flush()
        except Exception:  # one connection's failure is not the others': its client repairs the gap by seq
            logger.exception("writing to a websocket failed")
    ended = loop.time()
    _next_flush_at = ended + (ended - started)


class DirectWebSocket(eio_asgi.WebSocket):
    """python-engineio's ASGI websocket, also keeping uvicorn's protocol object.

    Under uvicorn (websockets-sansio, its default) the ASGI `send` callable is a method of
    the connection's protocol object, which owns the transport and its flow control.
    """

    protocol: WebSocketsSansIOProtocol | None = None  # uvicorn's, when frames may be written to its transport directly
    pending: list[bytes] | None = None  # frames broadcast since the last flush, written together by flush()
    loop: asyncio.AbstractEventLoop

    async def __call__(self, environ: dict[str, Any]) -> Any:
        owner = getattr(environ["asgi.send"], "__self__", None)
        # Extensions were negotiated in the handshake, before the app runs: a compressed
        # connection's frames are not the shared bytes, so it keeps the queue path.
        if WebSocketsSansIOProtocol is not None and isinstance(owner, WebSocketsSansIOProtocol) and not owner.conn.extensions:
            self.protocol = owner
            self.loop = asyncio.get_running_loop()
        return await super().__call__(environ)

    def try_write(self, frame: bytes) -> bool:
        """Take `frame` (an unmasked text frame) for this connection if uvicorn's send would write it now.

        That is while the connection is open and its transport below the high-water mark.
        (websockets' own state needs no check: uvicorn never fragments a message, and every
        way out of OPEN, a close sent or received or a protocol error, sets `close_sent` or
        closes the transport first.)

        The frame leaves at the next flush (`_schedule_flush`: the end of this loop
        iteration, unless broadcasts keep the loop busy), with any others broadcast to the
        connection meanwhile: one system call per connection per flush, not per event.
        """
        protocol = self.protocol
        if (protocol is None or protocol.close_sent or protocol.disconnected or not protocol.writable.is_set()
                or protocol.transport.is_closing()):
            return False
        if self.pending is None:
            self.pending = [frame]
            if not _to_flush:
                _schedule_flush(self.loop)
            _to_flush.append(self)
        else:
            self.pending.append(frame)
        return True

    def flush(self) -> None:
        frames, self.pending = self.pending, None
        protocol = self.protocol
        if frames and protocol is not None:
            if not (protocol.close_sent or protocol.disconnected or protocol.transport.is_closing()):
                protocol.transport.write(frames[0] if len(frames) == 1 else b"".join(frames))

    async def send(self, message: str | bytes) -> None:
        if self.pending:
            self.flush()  # what the broadcast wrote goes first
        await super().send(message)

    async def close(self) -> None:
        if self.pending:
            self.flush()
        await super().close()

    def abort(self) -> bool:
        """Drop the connection at once (nothing more is written to it)."""
        if self.protocol is None:
            return False
        self.protocol.transport.abort()
        return True


class DirectSocket(async_socket.AsyncSocket):
    """python-engineio's socket, writable directly when nothing is waiting for it."""

    ws: DirectWebSocket | None = None  # while the connection is on websocket
    sending = False  # the writer holds packets it took from the queue and has not finished writing
    dropped = False  # dropped as a slow consumer: nothing more goes to it
    connected: bool  # python-engineio's (declared for the type checker: the base class is untyped)

    async def poll(self) -> list[eio_packet.Packet]:
        """python-engineio's `poll`, without `asyncio.wait_for` around `queue.get()`.

        On Python 3.11 `wait_for` wraps the get in a task of its own for every packet, and
        the packet leaves the queue in that task, a loop iteration before the writer holds
        it. A timer-only timeout keeps the same limit and the same exceptions; `sending`
        tells the broadcast the writer is busy with packets taken from the queue.
        (Upstream candidate: python-engineio's AsyncSocket.poll.)
        """
        self.sending = False
        queue = self.queue
        if queue.empty():
            try:
                async with asyncio.timeout(self.server.ping_interval + self.server.ping_timeout):
                    first = await queue.get()
            except (TimeoutError, asyncio.CancelledError):
                raise exceptions.QueueEmpty() from None
        else:
            first = queue.get_nowait()
        queue.task_done()
        if first is None:
            return []
        packets = [first]
        while not queue.empty():
            pkt = queue.get_nowait()
            queue.task_done()
            if pkt is None:
                queue.put_nowait(None)
                break
            packets.append(pkt)
        self.sending = True
        return packets

    async def _websocket_handler(self, ws: Any) -> None:
        self.ws = ws if isinstance(ws, DirectWebSocket) else None
        try:
            await self._serve_websocket(ws)
        finally:
            self.ws = None

    async def _serve_websocket(self, ws: Any) -> None:
        """python-engineio's `_websocket_handler` (4.15), reading without a task per message.

        Upstream awaits every incoming message through `asyncio.wait_for(ensure_future(...))`:
        a task and two loop iterations per message, so a client's pipelined events are taken
        one per iteration and each one's broadcast goes out on its own. Awaited directly
        under a timer, the messages uvicorn already holds are taken in one go, their
        handlers run in the same iteration and their broadcasts share writes. Same time
        limit, same exits; the rest is upstream's code unchanged. (Upstream candidate.)
        """
        async def websocket_wait() -> Any:
            data = await ws.wait()
            if data and len(data) > self.server.max_http_buffer_size:
                raise ValueError('packet is too large')
            return data

        if self.connected:
            # the socket was already connected, so this is an upgrade
            self.upgrading = True  # hold packet sends during the upgrade

            try:
                pkt = await websocket_wait()
            except OSError:  # pragma: no cover
                return
            decoded_pkt = eio_packet.Packet(encoded_packet=pkt)
            if decoded_pkt.packet_type != eio_packet.PING or decoded_pkt.data != 'probe':
                self.server.logger.info('%s: Failed websocket upgrade, no PING packet', self.sid)
                self.upgrading = False
                return
            await ws.send(eio_packet.Packet(eio_packet.PONG, data='probe').encode())
            await self.queue.put(eio_packet.Packet(eio_packet.NOOP))  # end poll

            try:
                pkt = await websocket_wait()
            except OSError:  # pragma: no cover
                self.upgrading = False
                return
            decoded_pkt = eio_packet.Packet(encoded_packet=pkt)
            if decoded_pkt.packet_type != eio_packet.UPGRADE:
                self.upgraded = False
                self.server.logger.info(
                    '%s: Failed websocket upgrade, expected UPGRADE packet, received %s instead.', self.sid, pkt)
                self.upgrading = False
                return
            self.upgraded = True
            self.upgrading = False
        else:
            self.connected = True
            self.upgraded = True

        # start separate writer thread
        async def writer() -> None:
            while True:
                packets = None
                try:
                    packets = await self.poll()
                except exceptions.QueueEmpty:
                    break
                if not packets:
                    # empty packet list returned -> connection closed
                    break
                try:
                    for pkt in packets:
                        await ws.send(pkt.encode())
                except BaseException:  # upstream's bare except
                    break
            await ws.close()

        writer_task = asyncio.ensure_future(writer())

        self.server.logger.info('%s: Upgrade to websocket successful', self.sid)

        while True:
            p = None
            try:
                # upstream: `await asyncio.wait_for(asyncio.ensure_future(websocket_wait()), ...)`
                async with asyncio.timeout(self.server.ping_interval + self.server.ping_timeout):
                    p = await websocket_wait()
            except asyncio.CancelledError:  # pragma: no cover
                break  # as upstream: the connection ends (server shutdown)
            except BaseException:  # upstream's bare except
                break
            if p is None:
                # connection closed by client
                break
            pkt = eio_packet.Packet(encoded_packet=p)
            try:
                await self.receive(pkt)
            except exceptions.UnknownPacketError:  # pragma: no cover
                pass
            except exceptions.SocketIsClosedError:  # pragma: no cover
                self.server.logger.info('Receive error -- socket is closed')
                break
            except BaseException:  # pragma: no cover  (upstream's bare except)
                # if we get an unexpected exception we log the error and exit
                # the connection properly
                self.server.logger.exception('Unknown receive error')

        await self.queue.put(None)  # unlock the writer task so it can exit
        await asyncio.wait_for(writer_task, timeout=None)
        await self.close(wait=False, abort=True, reason=self.server.reason.TRANSPORT_CLOSE)

    def write_frame(self, frame: bytes) -> bool:
        """Hand `frame` to the websocket if that keeps this connection's order; False if it must be queued."""
        ws = self.ws
        if ws is None or self.sending or not self.upgraded or self.upgrading or self.closing or not self.queue.empty():
            return False
        return ws.try_write(frame)

    def drop(self) -> None:
        """Close a connection that cannot keep up; its client resumes from its last seq."""
        self.dropped = True
        if self.ws is None or not self.ws.abort():
            # Not ours to abort: stop queueing to it, end its writer, and close the session.
            self.queue.put_nowait(None)
            asyncio.ensure_future(self.close(wait=False, abort=True, reason=self.server.reason.TRANSPORT_ERROR))


class DirectWritesEngineIO(engineio.AsyncServer):
    """python-engineio's server with DirectSocket connections and DirectWebSocket websockets."""

    _async: dict[str, Any]  # python-engineio's async driver table (declared: the base class is untyped)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self._async.get("websocket") is eio_asgi.WebSocket:
            # This server's copy only.
            self._async = {**self._async, "websocket": DirectWebSocket, "translate_request": _translate_request}

    async def _trigger_event(self, event: str, *args: Any, **kwargs: Any) -> Any:
        if event == "connect":
            # `_handle_connect` builds `async_socket.AsyncSocket` by name, with no hook for
            # a subclass; "connect" is triggered right after, before the socket polls or
            # upgrades. DirectSocket adds methods and class-level defaults only, so the
            # socket changes class safely. (Upstream candidate: a `socket_class` attribute.)
            socket = self.sockets.get(args[0])
            if type(socket) is async_socket.AsyncSocket:
                socket.__class__ = DirectSocket
        return await super()._trigger_event(event, *args, **kwargs)


async def _translate_request(scope: dict[str, Any], receive: Any, send: Any) -> dict[str, Any]:
    """python-engineio's ASGI environ, without the request body reader on a websocket.

    Its `translate_request` defines a class for that reader on every request, and a
    websocket's environ lives as long as the connection; nothing reads a websocket's body
    (its messages come through `receive`), so dropping the reader frees the class: about
    2.5 KiB of the ~40 KiB each idle connection holds (measured with tracemalloc).
    """
    environ: dict[str, Any] = await eio_asgi.translate_request(scope, receive, send)
    if scope.get("type") == "websocket":
        environ["wsgi.input"] = None
    return environ


def websocket_text_frame(text: str) -> bytes | None:
    """The server-to-client websocket frame uvicorn would write for `text` (no extensions)."""
    if WebSocketsSansIOProtocol is None:
        return None
    return Frame(Opcode.TEXT, text.encode()).serialize(mask=False)


def broadcast(server: Any, participants: Iterable[tuple[str, str]], namespace: str, event: str, data: Any, *, max_queued: int = DEFAULT_MAX_QUEUED) -> tuple[int, int, int]:
    """Send one event to `participants` ((sid, eio_sid) pairs); returns (written, queued, dropped)."""
    encoded = server.packet_class(sio_packet.EVENT, namespace=namespace, data=[event, data]).encode()
    parts = encoded if isinstance(encoded, list) else [encoded]
    eio_packets = [eio_packet.Packet(eio_packet.MESSAGE, part) for part in parts]
    frame = websocket_text_frame(eio_packets[0].encode()) if len(parts) == 1 and isinstance(parts[0], str) else None
    sockets = server.eio.sockets
    written = queued = dropped = 0
    for _sid, eio_sid in participants:
        socket = sockets.get(eio_sid)
        if socket is None or socket.closed:
            continue
        queue = socket.queue
        if isinstance(socket, DirectSocket):
            if socket.dropped:
                continue
            if frame is not None and socket.write_frame(frame):
                written += 1
                continue
            if socket.ws is not None and max_queued and queue.qsize() >= max_queued:
                socket.drop()
                dropped += 1
                continue
        for pkt in eio_packets:
            queue.put_nowait(pkt)
        queued += 1
    return written, queued, dropped


def is_plain_room_event(data: Any, room: Any, callback: Any, skip_sid: Any) -> bool:
    """An event for a room (or one sid) with one JSON argument, no ack and nobody skipped."""
    return callback is None and skip_sid is None and isinstance(room, str) and isinstance(data, dict)


class LeanManager(socketio.AsyncManager):
    """python-socketio's in-memory manager, sending plain room events through `broadcast`.

    Its own emit starts one asyncio task per recipient just to enqueue the same bytes.
    """

    max_queued = DEFAULT_MAX_QUEUED

    async def emit(self, event: str, data: Any, namespace: str, room: Any = None, skip_sid: Any = None,
                   callback: Any = None, to: Any = None, **kwargs: Any) -> None:
        room = to or room
        if is_plain_room_event(data, room, callback, skip_sid):
            self.deliver(event, data, namespace, room)
            return None
        await super().emit(event, data, namespace, room=room, skip_sid=skip_sid, callback=callback, **kwargs)

    def deliver(self, event: str, data: dict[str, Any], namespace: str, room: str) -> tuple[int, int, int]:
        return broadcast(self.server, self.get_participants(namespace, room), namespace, event, data, max_queued=self.max_queued)
