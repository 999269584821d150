"""Room broadcasts at the cost of one write per recipient.

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
  there, and the writer sends it, as before.
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

Two small overrides of python-engineio make this possible (each marked where it is):
`DirectSocket.poll` waits for the queue without `asyncio.wait_for` and says when the
writer holds packets; `DirectWebSocket` remembers which uvicorn protocol object serves
the connection. Nothing here imports Django: the benchmark's relay baseline runs it too.
"""
import asyncio

import engineio
import socketio
from engineio import async_socket, exceptions
from engineio import packet as eio_packet
from engineio.async_drivers import asgi as eio_asgi
from socketio import packet as sio_packet

try:  # uvicorn's websocket implementation, the only one whose transport is reachable
    from uvicorn.protocols.websockets.websockets_sansio_impl import WebSocketsSansIOProtocol
    from websockets.frames import Frame, Opcode
    from websockets.protocol import State
except ImportError:  # pragma: no cover - served by something else: the queue path only
    WebSocketsSansIOProtocol = None

# Packets a websocket connection may have waiting in its queue before it is dropped as
# too slow. Nothing is queued while a client keeps up, so this is a backlog of events
# its network has not taken yet (the product's default: SOCKETIO_MAX_QUEUED_PACKETS).
DEFAULT_MAX_QUEUED = 1000


class DirectWebSocket(eio_asgi.WebSocket):
    """python-engineio's ASGI websocket, also keeping uvicorn's protocol object.

    Under uvicorn (websockets-sansio, its default) the ASGI `send` callable is a method of
    the connection's protocol object, which owns the transport and its flow control.
    """

    protocol = None

    async def __call__(self, environ):
        owner = getattr(environ["asgi.send"], "__self__", None)
        if WebSocketsSansIOProtocol is not None and isinstance(owner, WebSocketsSansIOProtocol):
            self.protocol = owner
        return await super().__call__(environ)

    def writable_transport(self):
        """The transport, if a text frame written to it now is what uvicorn's send would write."""
        protocol = self.protocol
        if (protocol is None or protocol.close_sent or protocol.disconnected or not protocol.handshake_complete
                or not protocol.writable.is_set()):
            return None
        conn = protocol.conn  # websockets' ServerProtocol: the checks its send_text makes
        if conn.state is not State.OPEN or conn.extensions or conn.expect_continuation_frame:
            return None
        transport = protocol.transport
        return None if transport.is_closing() else transport

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

    async def poll(self):
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

    async def _websocket_handler(self, ws):
        self.ws = ws if isinstance(ws, DirectWebSocket) else None
        try:
            return await super()._websocket_handler(ws)
        finally:
            self.ws = None

    def write_frame(self, frame: bytes) -> bool:
        """Write `frame` now if that keeps this connection's order; False if it must be queued."""
        ws = self.ws
        if ws is None or self.sending or not self.upgraded or self.upgrading or self.closing or not self.queue.empty():
            return False
        transport = ws.writable_transport()
        if transport is None:
            return False
        transport.write(frame)
        return True

    def drop(self) -> None:
        """Close a connection that cannot keep up; its client resumes from its last seq."""
        self.dropped = True
        if self.ws is None or not self.ws.abort():
            # Not ours to abort: stop queueing to it, end its writer, and close the session.
            self.queue.put_nowait(None)
            asyncio.ensure_future(self.close(wait=False, abort=True, reason=self.server.reason.TRANSPORT_ERROR))


class DirectWritesEngineIO(engineio.AsyncServer):
    """python-engineio's server with DirectSocket connections and DirectWebSocket websockets."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self._async.get("websocket") is eio_asgi.WebSocket:
            self._async = {**self._async, "websocket": DirectWebSocket}  # this server's copy only

    async def _trigger_event(self, event, *args, **kwargs):
        if event == "connect":
            # `_handle_connect` builds `async_socket.AsyncSocket` by name, with no hook for
            # a subclass; "connect" is triggered right after, before the socket polls or
            # upgrades. DirectSocket adds methods and class-level defaults only, so the
            # socket changes class safely. (Upstream candidate: a `socket_class` attribute.)
            socket = self.sockets.get(args[0])
            if type(socket) is async_socket.AsyncSocket:
                socket.__class__ = DirectSocket
        return await super()._trigger_event(event, *args, **kwargs)


def websocket_text_frame(text: str) -> bytes | None:
    """The server-to-client websocket frame uvicorn would write for `text` (no extensions)."""
    if WebSocketsSansIOProtocol is None:
        return None
    return Frame(Opcode.TEXT, text.encode()).serialize(mask=False)


def broadcast(server, participants, namespace: str, event: str, data, *, max_queued: int = DEFAULT_MAX_QUEUED) -> tuple[int, int, int]:
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


def is_plain_room_event(data, room, callback, skip_sid) -> bool:
    """An event for a room (or one sid) with one JSON argument, no ack and nobody skipped."""
    return callback is None and skip_sid is None and isinstance(room, str) and isinstance(data, dict)


class LeanManager(socketio.AsyncManager):
    """python-socketio's in-memory manager, sending plain room events through `broadcast`.

    Its own emit starts one asyncio task per recipient just to enqueue the same bytes.
    """

    max_queued = DEFAULT_MAX_QUEUED

    async def emit(self, event, data, namespace, room=None, skip_sid=None, callback=None, to=None, **kwargs):
        room = to or room
        if is_plain_room_event(data, room, callback, skip_sid):
            self.deliver(event, data, namespace, room)
            return None
        return await super().emit(event, data, namespace, room=room, skip_sid=skip_sid, callback=callback, **kwargs)

    def deliver(self, event: str, data: dict, namespace: str, room: str) -> tuple[int, int, int]:
        return broadcast(self.server, self.get_participants(namespace, room), namespace, event, data, max_queued=self.max_queued)
