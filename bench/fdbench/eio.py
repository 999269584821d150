"""A minimal Socket.IO v5 / Engine.IO v4 client over a raw asyncio WebSocket.

Why not python-socketio's client: the load generator must receive tens of thousands
of messages per second on one core while the server under test uses the other. This
client is an asyncio Protocol that parses WebSocket frames straight out of the
receive buffer and looks at a broadcast only long enough to find its correlation key
(the `"mutation_id":"..."` field), so one process can hold thousands of connections
and swallow 100k+ messages/s.

What it implements (and nothing more):
- the WebSocket opening handshake (RFC 6455) with Cookie and Origin headers;
- unmasked server frames (text, binary ignored, ping/pong/close, continuation);
- masked client frames (text, pong, close);
- Engine.IO v4 over websocket only (`EIO=4&transport=websocket`): open packet `0`,
  ping `2` -> pong `3`, message `4`;
- Socket.IO v5 packets inside Engine.IO messages: CONNECT `0` (namespace), CONNECT_ERROR
  `4`, EVENT `2` (with optional ack id), ACK `3`, DISCONNECT `1`.
"""
import asyncio
import base64
import json
import os
import time
import zlib

MUTATION_KEY = b'"mutation_id":"'
STREAM_KEY = b'"stream":"'  # the envelope's first field: a nested "stream" cannot come before it

OP_CONT, OP_TEXT, OP_BINARY, OP_CLOSE, OP_PING, OP_PONG = 0x0, 0x1, 0x2, 0x8, 0x9, 0xA


class HandshakeError(Exception):
    pass


def _mask(payload: bytes, key: bytes) -> bytes:
    """XOR `payload` with the 4-byte `key` (RFC 6455 5.3), using big-int arithmetic."""
    n = len(payload)
    if n == 0:
        return payload
    repeated = (key * (n // 4 + 1))[:n]
    return (int.from_bytes(payload, "little") ^ int.from_bytes(repeated, "little")).to_bytes(n, "little")


def encode_frame(payload: bytes, opcode: int = OP_TEXT) -> bytes:
    """A single FIN frame from client to server (always masked)."""
    key = os.urandom(4)
    n = len(payload)
    if n < 126:
        header = bytes((0x80 | opcode, 0x80 | n))
    elif n < 65536:
        header = bytes((0x80 | opcode, 0x80 | 126)) + n.to_bytes(2, "big")
    else:
        header = bytes((0x80 | opcode, 0x80 | 127)) + n.to_bytes(8, "big")
    return header + key + _mask(payload, key)


class SioClient(asyncio.Protocol):
    """One Socket.IO connection to one namespace.

    Broadcast events are not decoded: `on_broadcast(key, t)` is called with the value of
    their `mutation_id` field (bytes, or None) and the monotonic receipt time of the TCP
    chunk that completed the frame; `key_field` names another string field to report
    instead (STREAM_KEY: which stream the event belongs to). Acks and connect answers are
    decoded (JSON), since they are few.
    """

    __slots__ = (
        "transport", "namespace", "ns_prefix", "on_broadcast", "buf", "handshake_done", "handshake_future",
        "connect_future", "acks", "next_ack_id", "frag", "closed", "close_future", "event_counts", "received",
        "sid", "cookie", "origin", "host", "path", "deflate", "inflater", "inflate_reset", "key_field",
    )

    def __init__(self, *, host: str, path: str, namespace: str, cookie: str = "", origin: str = "", on_broadcast=None,
                 deflate: bool = True, key_field: bytes = MUTATION_KEY):
        self.transport: asyncio.Transport | None = None
        # Offer permessage-deflate as browsers do; the server decides whether to use it.
        self.deflate = deflate
        self.inflater = None
        self.inflate_reset = False
        self.host = host
        self.path = path
        self.cookie = cookie
        self.origin = origin
        self.namespace = namespace
        # Packets of a non-root namespace start with "<type>/ns," ; the root namespace has no prefix.
        self.ns_prefix = b"" if namespace == "/" else namespace.encode() + b","
        self.on_broadcast = on_broadcast
        self.key_field = key_field
        self.buf = bytearray()
        self.handshake_done = False
        loop = asyncio.get_running_loop()
        self.handshake_future = loop.create_future()
        self.connect_future = loop.create_future()
        self.close_future = loop.create_future()
        self.acks: dict[int, asyncio.Future] = {}
        self.next_ack_id = 0
        self.frag = None
        self.closed = False
        self.received = 0
        self.sid = None

    # --- asyncio.Protocol -------------------------------------------------------------

    def connection_made(self, transport):
        self.transport = transport
        key = base64.b64encode(os.urandom(16)).decode()
        lines = [
            f"GET {self.path} HTTP/1.1",
            f"Host: {self.host}",
            "Upgrade: websocket",
            "Connection: Upgrade",
            f"Sec-WebSocket-Key: {key}",
            "Sec-WebSocket-Version: 13",
        ]
        if self.cookie:
            lines.append(f"Cookie: {self.cookie}")
        if self.origin:
            lines.append(f"Origin: {self.origin}")
        if self.deflate:
            lines.append("Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits")
        transport.write(("\r\n".join(lines) + "\r\n\r\n").encode())

    def connection_lost(self, exc):
        self.closed = True
        error = exc or ConnectionError("connection closed")
        for fut in (self.handshake_future, self.connect_future, *self.acks.values()):
            if not fut.done():
                fut.set_exception(error)
                fut.exception()  # mark retrieved: nobody may be waiting any more (no "never retrieved" noise)
        self.acks.clear()
        if not self.close_future.done():
            self.close_future.set_result(None)

    def data_received(self, data):
        buf = self.buf
        buf += data
        if not self.handshake_done:
            end = buf.find(b"\r\n\r\n")
            if end < 0:
                return
            head = bytes(buf[:end])
            del buf[: end + 4]
            status = head.split(b"\r\n", 1)[0]
            if b" 101 " not in status + b" ":
                self.handshake_future.set_exception(HandshakeError(head.decode(errors="replace")[:300]))
                self.transport.close()
                return
            self.handshake_done = True
            for line in head.split(b"\r\n")[1:]:
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"sec-websocket-extensions" and b"permessage-deflate" in value:
                    self.inflater = zlib.decompressobj(-15)
                    self.inflate_reset = b"server_no_context_takeover" in value
            self.handshake_future.set_result(None)
        now = time.monotonic()
        pos = 0
        size = len(buf)
        while size - pos >= 2:
            b0 = buf[pos]
            n = buf[pos + 1] & 0x7F
            head = 2
            if n == 126:
                if size - pos < 4:
                    break
                n = (buf[pos + 2] << 8) | buf[pos + 3]
                head = 4
            elif n == 127:
                if size - pos < 10:
                    break
                n = int.from_bytes(buf[pos + 2 : pos + 10], "big")
                head = 10
            end = pos + head + n
            if end > size:
                break
            payload = buf[pos + head : end]
            pos = end
            opcode = b0 & 0x0F
            compressed = b0 & 0x40
            if not b0 & 0x80:  # a fragment: keep it until the FIN frame
                if opcode != OP_CONT:
                    self.frag = [opcode, bytearray(payload), compressed]
                elif self.frag is not None:
                    self.frag[1] += payload
                continue
            if opcode == OP_CONT:
                if self.frag is None:
                    continue
                opcode, first, compressed = self.frag
                first += payload
                payload = first
                self.frag = None
            if compressed and opcode < 8 and self.inflater is not None:
                payload = self.inflater.decompress(bytes(payload) + b"\x00\x00\xff\xff")
                if self.inflate_reset:
                    self.inflater = zlib.decompressobj(-15)
            if opcode == OP_TEXT:
                self._engineio(payload, now)
            elif opcode == OP_PING:
                self.transport.write(encode_frame(bytes(payload), OP_PONG))
            elif opcode == OP_CLOSE:
                if not self.closed:
                    self.closed = True
                    self.transport.write(encode_frame(bytes(payload[:2]), OP_CLOSE))
                self.transport.close()
                return
        if pos:
            del buf[:pos]

    # --- Engine.IO / Socket.IO ----------------------------------------------------------

    def _engineio(self, msg, now):
        kind = msg[0]
        if kind == 0x34:  # "4": message -> Socket.IO packet
            self._socketio(msg, now)
        elif kind == 0x32:  # "2": ping
            self.transport.write(encode_frame(b"3"))
        elif kind == 0x30:  # "0": open
            self.transport.write(encode_frame(b"40" + self.ns_prefix))
        elif kind == 0x31:  # "1": close
            self.transport.close()

    def _socketio(self, msg, now):
        kind = msg[1]
        prefix = self.ns_prefix
        body_start = 2
        if prefix:
            if msg[2:2 + len(prefix)] != prefix:
                return  # another namespace: not ours
            body_start += len(prefix)
        if kind == 0x32:  # "2": EVENT -> a broadcast (we never ask for acks from the server)
            self.received += 1
            if self.on_broadcast is not None:
                field = self.key_field
                i = msg.find(field, body_start)
                key = None
                if i >= 0:
                    i += len(field)
                    key = bytes(msg[i : msg.find(b'"', i)])
                self.on_broadcast(key, now)
        elif kind == 0x33:  # "3": ACK  <id>[...]
            j = body_start
            while msg[j] in b"0123456789":
                j += 1
            ack_id = int(msg[body_start:j])
            fut = self.acks.pop(ack_id, None)
            if fut is not None and not fut.done():
                args = json.loads(bytes(msg[j:]))
                fut.set_result(args[0] if args else None)
        elif kind == 0x30:  # "0": CONNECT answer
            if not self.connect_future.done():
                data = json.loads(bytes(msg[body_start:]) or b"{}")
                self.sid = data.get("sid")
                self.connect_future.set_result(data)
        elif kind == 0x34:  # "4": CONNECT_ERROR
            if not self.connect_future.done():
                data = json.loads(bytes(msg[body_start:]) or b"{}")
                self.connect_future.set_exception(ConnectionRefusedError(data))
        elif kind == 0x31:  # "1": DISCONNECT
            self.transport.close()

    # --- API ----------------------------------------------------------------------------

    def emit_raw(self, encoded: bytes) -> None:
        """Send an already-encoded Socket.IO EVENT body: b'["name",{...}]' (no ack)."""
        assert self.transport is not None, "connect() first"
        self.transport.write(encode_frame(b"42" + self.ns_prefix + encoded))

    def emit(self, event: str, data, *, ack: bool = False):
        """Send an event; with ack=True returns a future for the server's answer."""
        body = json.dumps([event, data], separators=(",", ":")).encode()
        if not ack:
            self.emit_raw(body)
            return None
        assert self.transport is not None, "connect() first"
        ack_id = self.next_ack_id
        self.next_ack_id += 1
        fut = asyncio.get_running_loop().create_future()
        self.acks[ack_id] = fut
        self.transport.write(encode_frame(b"42" + self.ns_prefix + str(ack_id).encode() + body))
        return fut

    async def call(self, event: str, data, timeout: float = 30.0):
        return await asyncio.wait_for(self.emit(event, data, ack=True), timeout)

    def close(self) -> None:
        if self.transport is not None and not self.transport.is_closing():
            if not self.closed:
                self.closed = True
                self.transport.write(encode_frame(b"\x03\xe8", OP_CLOSE))
            self.transport.close()


async def connect(
    *, host: str, port: int, namespace: str, cookie: str = "", origin: str = "", on_broadcast=None,
    path: str = "/socket.io/", timeout: float = 30.0, deflate: bool = True, key_field: bytes = MUTATION_KEY,
) -> SioClient:
    """Open a websocket, then the Socket.IO namespace; return the connected client."""
    loop = asyncio.get_running_loop()
    url_path = f"{path}?EIO=4&transport=websocket"
    _, client = await asyncio.wait_for(
        loop.create_connection(
            lambda: SioClient(host=f"{host}:{port}", path=url_path, namespace=namespace, cookie=cookie,
                              origin=origin, on_broadcast=on_broadcast, deflate=deflate, key_field=key_field),
            host, port,
        ),
        timeout,
    )
    try:
        await asyncio.wait_for(asyncio.shield(client.handshake_future), timeout)
        await asyncio.wait_for(asyncio.shield(client.connect_future), timeout)
    except BaseException:
        client.close()
        raise
    return client
