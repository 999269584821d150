"""Room events written straight to each websocket (realtime.fanout), against the real server.

The clients here speak Engine.IO/Socket.IO by hand so that a test sees every frame in the
order it arrived, and can stop reading like a client whose network stops taking data.
"""
import asyncio
import json
import re
import socket

import pytest
import websockets
from websockets.asyncio.client import ClientConnection
from websockets.asyncio.client import connect as websocket_connect

from realtime.streams import board_stream
from testing import factories
from testing.live import ServerProcess, login_as

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.server_process]

NAMESPACE = "/workflow"
EVENT = f"42{NAMESPACE},"
ACK = f"43{NAMESPACE},"
WAIT = 15.0  # bound on every wait for frames
MAX_QUEUED = 25
# Card descriptions of 10,000 characters make each event ~10 KB, so a client that stops
# reading fills the kernel's buffers and uvicorn's within a few hundred events.
BIG = "x" * 9_990
DIRECT = 'socketio_broadcast_copies_total{path="direct"}'
QUEUED = 'socketio_broadcast_copies_total{path="queued"}'
DROPPED = "socketio_slow_consumers_dropped_total"


@pytest.fixture(scope="module")
def fanout_server(server_process):
    """A server of its own: pings every 50 ms, slow consumers dropped at 25 queued packets."""
    server = ServerProcess(server_process.db_url, env={
        "SOCKETIO_PING_INTERVAL": "0.05",
        "SOCKETIO_MAX_QUEUED_PACKETS": str(MAX_QUEUED),
        "SOCKETIO_EVENTS_PER_SECOND": "100000",
        "SOCKETIO_EVENT_BURST": "100000",
    }).start()
    yield server
    server.stop()
    server.remove_log()


@pytest.fixture
def scene(fanout_server):
    alice, bob = factories.staff(), factories.staff()
    board = factories.board(members=[alice, bob])
    column = board.columns.order_by("position").first()
    alice_http = login_as(fanout_server, alice)
    card = alice_http.post("/api/cards", {"column_id": column.id, "title": "Busy card"}).json()
    return {"board": board, "card_id": card["id"], "alice": alice_http.cookie_header,
            "bob": login_as(fanout_server, bob).cookie_header}


class Wire:
    """One websocket on /workflow, keeping every frame in arrival order and answering pings.

    It reads only while `reading` is set. With a small receive buffer, a client that stops
    reading stops the server's writes to it after a few KB, like a slow network.
    """

    def __init__(self):
        self.frames: list[str] = []
        self.changed = asyncio.Event()
        self.reading = asyncio.Event()
        self.reading.set()
        self.closed: websockets.ConnectionClosed | None = None
        self.last_id = 0
        self.ws: ClientConnection  # set by open()
        self.task: asyncio.Task[None]

    @classmethod
    async def open(cls, server, cookie: str, *, receive_buffer: int | None = None) -> "Wire":
        wire = cls()
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        if receive_buffer:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, receive_buffer)
        sock.setblocking(False)
        await asyncio.get_running_loop().sock_connect(sock, ("127.0.0.1", server.port))
        wire.ws = await websocket_connect(
            f"ws://127.0.0.1:{server.port}/socket.io/?EIO=4&transport=websocket", sock=sock,
            additional_headers={"Cookie": cookie, "Origin": server.url},
            compression=None, ping_interval=None, max_queue=1, max_size=None, open_timeout=WAIT,
        )
        assert (await wire.ws.recv(decode=True)).startswith("0")
        await wire.ws.send(f"40{NAMESPACE},")
        assert (await wire.ws.recv(decode=True)).startswith(f"40{NAMESPACE},")
        wire.task = asyncio.create_task(wire._read())
        return wire

    async def _read(self) -> None:
        try:
            while True:
                await self.reading.wait()
                frame = await self.ws.recv(decode=True)
                if frame == "2":
                    await self.ws.send("3")
                self.frames.append(frame)
                self.changed.set()
        except websockets.ConnectionClosed as closed:
            self.closed = closed
            self.changed.set()

    async def wait_for(self, predicate, timeout: float = WAIT):
        async def wait():
            while not (result := predicate()):
                if self.closed is not None:
                    raise AssertionError(f"closed ({self.closed}) before the condition held")
                self.changed.clear()
                await self.changed.wait()
            return result

        try:
            return await asyncio.wait_for(wait(), timeout)
        except TimeoutError:
            raise AssertionError(f"condition not met within {timeout}s; {len(self.frames)} frames") from None

    def emit(self, event: str, data: dict) -> int:
        """Send an event asking for an ack; returns the ack id (see `ack`)."""
        self.last_id += 1
        asyncio.ensure_future(self.ws.send(f"{EVENT}{self.last_id}{json.dumps([event, data])}"))
        return self.last_id

    def ack(self, ack_id: int):
        head = f"{ACK}{ack_id}["
        for frame in self.frames:
            if frame.startswith(head):
                return json.loads(frame[len(head) - 1:])[0]
        return None

    async def call(self, event: str, data: dict) -> dict:
        ack_id = self.emit(event, data)
        answer = await self.wait_for(lambda: self.ack(ack_id))
        assert answer["ok"], answer
        return answer["data"]

    def events(self) -> list[dict]:
        return [json.loads(f[len(EVENT):])[1] for f in self.frames if f.startswith(EVENT)]

    def seqs(self) -> list[int]:
        return [e["seq"] for e in self.events()]

    async def join(self, board_id: int, after: int | None = None) -> dict:
        return await self.call("join_board", {"board_id": board_id, **({"after": after} if after is not None else {})})

    async def close(self) -> None:
        self.task.cancel()
        await self.ws.close()


async def metric(server, name: str) -> float:
    return await asyncio.to_thread(server.metric, name)


def consecutive(seqs: list[int]) -> bool:
    return seqs == list(range(seqs[0], seqs[0] + len(seqs))) if seqs else True


def test_events_keep_their_order_among_pings_and_acks_on_both_paths(fanout_server, scene):
    """Written directly, then queued while the client reads nothing, then direct again: one
    ordered stream, with the pings and acks that went through the queue in between."""
    board_id, card_id = scene["board"].id, scene["card_id"]

    async def scenario():
        driver = await Wire.open(fanout_server, scene["alice"])
        watcher = await Wire.open(fanout_server, scene["bob"], receive_buffer=4096)
        start = (await watcher.join(board_id))["snapshot"]["seq"]
        queued_before = await metric(fanout_server, QUEUED)
        direct_before = await metric(fanout_server, DIRECT)
        moves = 0

        async def update(i: int) -> None:
            nonlocal moves
            await driver.call("card_update", {"card_id": card_id, "description": f"{i} {BIG}"})
            moves += 1

        # The watcher asks for stored events between broadcasts: acks through the queue.
        for i in range(5):
            await update(i)
            await watcher.call("fetch_events", {"stream": board_stream(board_id), "after": start, "until": start + 1})
        # Then it stops reading until the server has had to queue copies for it.
        watcher.reading.clear()
        for i in range(5, 400):
            await update(i)
            if await metric(fanout_server, QUEUED) > queued_before:
                break
        assert await metric(fanout_server, QUEUED) > queued_before, "the watcher never fell behind"
        watcher.reading.set()
        for i in range(5):
            await update(1000 + i)
            await watcher.call("fetch_events", {"stream": board_stream(board_id), "after": start, "until": start + 1})
        await watcher.wait_for(lambda: len(watcher.events()) >= moves)
        frames, events = list(watcher.frames), watcher.events()
        direct = await metric(fanout_server, DIRECT) - direct_before
        await driver.close()
        await watcher.close()
        return start, moves, frames, events, direct

    start, moves, frames, events, direct = asyncio.run(scenario())
    assert [e["seq"] for e in events] == list(range(start + 1, start + moves + 1)), "every event once, in order"
    assert [e["data"]["description"].split(" ")[0] for e in events] == [str(i) for i in range(moves - 5)] + [
        str(1000 + i) for i in range(5)]
    assert direct > 0, "events were written straight to the websocket"
    kinds = "".join("p" if f == "2" else "e" if f.startswith(EVENT) else "a" if f.startswith(ACK) else "?" for f in frames)
    assert "?" not in kinds.replace("a", ""), "every frame is one whole Engine.IO packet"
    # A ping between two stream frames (events or acks), not only before or after them all.
    assert re.search("[ea]p+[ea]", kinds), "pings arrived between events"
    assert kinds.count("a") >= 11, "the join and every fetch_events answered"


def test_a_slow_consumer_is_dropped_without_slowing_the_others_and_resumes_by_seq(fanout_server, scene):
    board_id, card_id = scene["board"].id, scene["card_id"]

    async def scenario():
        driver = await Wire.open(fanout_server, scene["alice"])
        fast = await Wire.open(fanout_server, scene["bob"])
        slow = await Wire.open(fanout_server, scene["bob"], receive_buffer=4096)
        start = (await fast.join(board_id))["snapshot"]["seq"]
        assert (await slow.join(board_id))["snapshot"]["seq"] == start
        dropped_before = await metric(fanout_server, DROPPED)
        slow.reading.clear()
        moves = 0
        for i in range(600):
            await driver.call("card_update", {"card_id": card_id, "description": f"{i} {BIG}"})
            moves += 1
            # The fast client has every event as soon as its mutation is acknowledged.
            await fast.wait_for(lambda n=moves: len(fast.events()) >= n, timeout=5)
            if i % 10 == 9 and await metric(fanout_server, DROPPED) > dropped_before:
                break
        assert await metric(fanout_server, DROPPED) > dropped_before, "the slow client was never dropped"
        slow.reading.set()
        # What the kernel had already taken still arrives, in order; then the connection ends.
        await asyncio.wait_for(slow.task, WAIT)
        received = slow.seqs()
        # Like the web client: reconnect and rejoin from the last event applied.
        again = await Wire.open(fanout_server, scene["bob"])
        replay = await again.join(board_id, after=received[-1] if received else start)
        await driver.close()
        await fast.close()
        await again.close()
        return start, moves, fast.seqs(), received, slow.closed, replay

    start, moves, fast_seqs, received, closed, replay = asyncio.run(scenario())
    assert fast_seqs == list(range(start + 1, start + moves + 1))
    assert closed is not None and closed.rcvd is None, "dropped: the connection ended without a close frame"
    assert consecutive(received) and (not received or received[0] == start + 1), "what arrived had no gaps"
    assert len(received) < moves, "the slow client had fallen behind"
    resumed = received + [e["seq"] for e in replay["events"]]
    assert resumed == list(range(start + 1, start + moves + 1)), "the rejoin replayed exactly what was missed"


def test_connections_closing_during_broadcasts_do_not_disturb_the_others(fanout_server, scene):
    board_id, card_id = scene["board"].id, scene["card_id"]
    connected = f'socketio_connected_clients{{namespace="{NAMESPACE}"}}'

    async def scenario():
        driver = await Wire.open(fanout_server, scene["alice"])
        watchers = [await Wire.open(fanout_server, scene["bob"]) for _ in range(6)]
        start = None
        for watcher in watchers:
            start = (await watcher.join(board_id))["snapshot"]["seq"]
        before = await metric(fanout_server, connected)
        acks = [driver.emit("card_update", {"card_id": card_id, "description": f"{i}"}) for i in range(60)]
        await watchers[0].wait_for(lambda: len(watchers[0].events()) >= 5)
        watchers[0].ws.transport.abort()  # the network goes: no close frame
        await watchers[1].wait_for(lambda: len(watchers[1].events()) >= 10)
        await watchers[1].close()  # the tab closes
        await driver.wait_for(lambda: all(driver.ack(a) for a in acks))
        for watcher in watchers[2:]:
            await watcher.wait_for(lambda w=watcher: len(w.events()) >= len(acks))
        # The server forgets both closed sockets (bounded polling of a gauge).
        deadline = asyncio.get_running_loop().time() + WAIT
        while await metric(fanout_server, connected) != before - 2 and asyncio.get_running_loop().time() < deadline:
            await asyncio.sleep(0.1)  # polling a gauge, not waiting out a race
        left = await metric(fanout_server, connected)
        seqs = [w.seqs() for w in watchers[2:]]
        for watcher in watchers[2:]:
            await watcher.close()
        await driver.close()
        return start, len(acks), seqs, before, left, [driver.ack(a)["ok"] for a in acks]

    start, moves, seqs, before, left, oks = asyncio.run(scenario())
    assert all(oks)
    assert all(s == list(range(start + 1, start + moves + 1)) for s in seqs)
    assert left == before - 2
    log = fanout_server.output()
    assert "Traceback" not in log and "Exception in ASGI" not in log, log


def test_a_client_that_upgraded_from_long_polling_gets_room_events_in_order(fanout_server, scene):
    """Engine.IO's upgrade: events flow by polling, then straight to the websocket."""
    from testing.sockets import close, socket_client

    board_id, card_id = scene["board"].id, scene["card_id"]

    async def scenario():
        client = socket_client(scene["bob"])
        seqs = []
        client.on("card_update", lambda envelope: seqs.append(envelope["seq"]), namespace=NAMESPACE)
        await client.connect(fanout_server.url, namespaces=[NAMESPACE], headers={"Origin": fanout_server.url},
                             transports=["polling", "websocket"], wait_timeout=5)
        answer = await client.call("join_board", {"board_id": board_id}, namespace=NAMESPACE, timeout=WAIT)
        start = answer["data"]["snapshot"]["seq"]
        driver = await Wire.open(fanout_server, scene["alice"])
        direct_before = await metric(fanout_server, DIRECT)
        for i in range(40):
            await driver.call("card_update", {"card_id": card_id, "description": str(i)})
        deadline = asyncio.get_running_loop().time() + WAIT
        while len(seqs) < 40 and asyncio.get_running_loop().time() < deadline:
            await asyncio.sleep(0.05)  # polling what the client library collected, not waiting out a race
        transport, direct = client.transport(), await metric(fanout_server, DIRECT) - direct_before
        await driver.close()
        await close(client)
        return start, seqs, transport, direct

    start, seqs, transport, direct = asyncio.run(scenario())
    assert transport == "websocket", "the client upgraded"
    assert seqs == list(range(start + 1, start + 41))
    assert direct > 0


# --- the rules that keep a connection's order, one by one (no server process) -------------

class FakeTransport:
    def __init__(self, log: list):
        self.log, self.closing = log, False

    def write(self, data: bytes) -> None:
        self.log.append(data)

    def is_closing(self) -> bool:
        return self.closing

    def abort(self) -> None:
        self.closing = True


class FakeUvicornProtocol:
    """The attributes of uvicorn's websockets-sansio protocol that realtime.fanout reads."""

    def __init__(self, log: list):
        self.transport = FakeTransport(log)
        self.close_sent = self.disconnected = False
        self.writable = asyncio.Event()
        self.writable.set()


def direct_socket(log: list):
    """A Socket.IO server with one DirectSocket on websocket, whose writes (direct, or
    through ASGI send) land in `log`."""
    import socketio

    from realtime import fanout

    class Server(socketio.AsyncServer):
        def _engineio_server_class(self):
            return fanout.DirectWritesEngineIO

    server = Server(async_mode="asgi")
    socket_ = fanout.DirectSocket(server.eio, "sid")
    server.eio.sockets["sid"] = socket_
    socket_.connected = socket_.upgraded = True
    ws = fanout.DirectWebSocket(None, server)
    ws.protocol, ws.loop = FakeUvicornProtocol(log), asyncio.get_running_loop()  # type: ignore[assignment]  # a stand-in

    async def asgi_send(message):  # what uvicorn's send writes, tagged to tell it apart
        log.append(("asgi", message["text"]))

    ws.asgi_send = asgi_send
    socket_.ws = ws
    return server, socket_


def frames_of(log: list) -> list[str]:
    """Every websocket message written, in order (the direct writes parsed back into frames)."""
    frames = []
    for entry in log:
        if isinstance(entry, tuple):
            frames.append(entry[1])
            continue
        i = 0
        while i < len(entry):
            assert entry[i] == 0x81, "a final, unmasked text frame"
            length, head = entry[i + 1], 2
            if length == 126:
                length, head = int.from_bytes(entry[i + 2:i + 4], "big"), 4
            frames.append(entry[i + head:i + head + length].decode())
            i += head + length
    return frames


def test_a_room_event_waits_behind_what_is_already_queued_for_the_connection():
    from engineio import packet as eio_packet

    from realtime import fanout

    async def scenario():
        log = []
        server, socket_ = direct_socket(log)
        participants = [("s", "sid")]
        socket_.queue.put_nowait(eio_packet.Packet(eio_packet.PING))  # e.g. a ping or an ack waiting
        assert fanout.broadcast(server, participants, NAMESPACE, "card_move", {"seq": 1}) == (0, 1, 0)
        packets = await socket_.poll()  # the writer takes both, in order
        assert [p.encode() for p in packets] == ["2", f"{EVENT}[\"card_move\",{{\"seq\":1}}]"]
        # While the writer holds them, a new event waits too.
        assert fanout.broadcast(server, participants, NAMESPACE, "card_move", {"seq": 2}) == (0, 1, 0)
        for pkt in packets:
            await socket_.ws.send(pkt.encode())
        packets = await socket_.poll()
        assert [p.encode() for p in packets] == [f"{EVENT}[\"card_move\",{{\"seq\":2}}]"]
        for pkt in packets:
            await socket_.ws.send(pkt.encode())
        # Nothing waiting and the writer idle: written directly, in this iteration's flush.
        poll = asyncio.ensure_future(socket_.poll())
        await asyncio.sleep(0)  # let the writer start waiting, as it does between packets
        assert fanout.broadcast(server, participants, NAMESPACE, "card_move", {"seq": 3}) == (1, 0, 0)
        assert fanout.broadcast(server, participants, NAMESPACE, "card_move", {"seq": 4}) == (1, 0, 0)
        # Whatever the writer sends next goes after the frames broadcast before it.
        await socket_.ws.send("2")
        poll.cancel()
        return log

    log = asyncio.run(scenario())
    assert frames_of(log) == ["2"] + [f'{EVENT}["card_move",{{"seq":{seq}}}]' for seq in (1, 2, 3, 4)] + ["2"]
    assert len(log) == 5, "events 3 and 4, broadcast in one loop iteration, went out in one write"


def test_a_connection_that_is_not_writable_is_queued_and_one_too_far_behind_is_dropped():
    from realtime import fanout

    async def scenario():
        log = []
        server, socket_ = direct_socket(log)
        participants = [("s", "sid")]
        socket_.ws.protocol.writable.clear()  # uvicorn paused writing: the buffer is full
        counts = [fanout.broadcast(server, participants, NAMESPACE, "e", {"i": i}, max_queued=3) for i in range(5)]
        return counts, socket_.queue.qsize(), socket_.dropped, socket_.ws.protocol.transport.closing, log

    counts, queued, dropped, aborted, log = asyncio.run(scenario())
    assert counts == [(0, 1, 0), (0, 1, 0), (0, 1, 0), (0, 0, 1), (0, 0, 0)]
    assert queued == 3 and dropped and aborted and log == []


def test_poll_waits_without_wait_for_and_keeps_its_limit():
    from engineio import exceptions

    from realtime import fanout

    async def scenario():
        server = fanout.DirectWritesEngineIO(async_mode="asgi", ping_interval=0.01, ping_timeout=0.01)
        socket_ = fanout.DirectSocket(server, "sid")
        try:
            await socket_.poll()
        except exceptions.QueueEmpty:
            timed_out = True
        socket_.queue.put_nowait(None)
        return timed_out, await socket_.poll(), socket_.queue.qsize()

    assert asyncio.run(scenario()) == (True, [], 0)


class FakeTcpTransport:
    """Just enough of an asyncio transport for uvicorn's websocket protocol."""

    def __init__(self):
        self.written, self.closing = [], False

    def get_extra_info(self, name, default=None):
        return {"sockname": ("127.0.0.1", 8000), "peername": ("127.0.0.1", 50000)}.get(name, default)

    def write(self, data):
        self.written.append(data)

    def close(self):
        self.closing = True

    def is_closing(self):
        return self.closing

    def pause_reading(self):
        pass

    def resume_reading(self):
        pass


@pytest.mark.parametrize("offer_deflate", [False, True])
def test_frames_are_written_directly_only_to_uncompressed_uvicorn_websockets(offer_deflate):
    """Under uvicorn (websockets-sansio) the protocol is found behind ASGI `send`; a connection
    that negotiated permessage-deflate keeps the queue path (its frames are compressed)."""
    from uvicorn.config import Config
    from uvicorn.protocols.websockets.websockets_sansio_impl import WebSocketsSansIOProtocol
    from uvicorn.server import ServerState

    from realtime import fanout

    async def scenario():
        found = asyncio.get_running_loop().create_future()

        async def handler(ws):
            found.set_result(ws.protocol)

        async def app(scope, receive, send):
            await fanout.DirectWebSocket(handler, None)({"asgi.send": send, "asgi.receive": receive})

        config = Config(app=app, ws_per_message_deflate=True, lifespan="off", log_config=None)
        config.load()
        protocol = WebSocketsSansIOProtocol(config, ServerState(), {}, _loop=asyncio.get_running_loop())
        protocol.connection_made(FakeTcpTransport())
        protocol.data_received(
            b"GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
            b"Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
            + (b"Sec-WebSocket-Extensions: permessage-deflate\r\n" if offer_deflate else b"") + b"\r\n")
        return protocol, await asyncio.wait_for(found, WAIT)

    protocol, found = asyncio.run(scenario())
    assert bool(protocol.conn.extensions) is offer_deflate
    assert found is (None if offer_deflate else protocol)
