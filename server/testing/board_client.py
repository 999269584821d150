"""A reference client of the delivery protocol (docs/protocol.md), used by the tests.

It does what the web client does: keeps the last applied sequence number, applies
events in order, ignores duplicates, repairs gaps with `fetch_events`, and on every
(re)connect re-joins the board saying where it stopped.
"""
import asyncio
import re
from pathlib import Path

from testing.sockets import close, socket_client

NAMESPACE = "/workflow"

# Retry soon and often: most tests are not about the backoff.
TEST_BACKOFF = {"reconnection_delay": 0.1, "reconnection_delay_max": 0.5, "randomization_factor": 0}
WEB_CLIENT_SOCKET = Path(__file__).resolve().parents[2] / "client" / "lib" / "socket.ts"


def web_client_backoff() -> dict:
    """The web client's reconnect backoff (client/lib/socket.ts), for tests that measure
    how long a user waits: read from the source so the numbers cannot drift apart."""
    source = WEB_CLIENT_SOCKET.read_text()

    def option(name: str) -> float:
        found = re.search(rf"\b{name}:\s*([\d.]+)", source)
        assert found is not None, f"{name} is not in {WEB_CLIENT_SOCKET}"
        return float(found.group(1))

    return {
        "reconnection_delay": option("reconnectionDelay") / 1000,
        "reconnection_delay_max": option("reconnectionDelayMax") / 1000,
        "randomization_factor": option("randomizationFactor"),
    }


def _by_id(items):
    return {item["id"]: item for item in items}


def board_state(snapshot: dict) -> dict:
    return {
        "board": snapshot["board"],
        "columns": _by_id(snapshot["columns"]),
        "cards": _by_id(snapshot["cards"]),
        "labels": _by_id(snapshot["labels"]),
        "comments": _by_id(snapshot["comments"]),
    }


def apply_event(state: dict, envelope: dict) -> None:
    """Patch `state` with one event. Every event carries the whole object, so this is a put or a delete."""
    event, op, data = envelope["event"], envelope["op"], envelope["data"]
    if event == "board_update":
        state["board"] = data
    elif event == "column_update":
        if op == "archived":
            state["columns"].pop(data["id"], None)
            for card in [c for c in state["cards"].values() if c["column_id"] == data["id"]]:
                _drop_card(state, card["id"])
        else:
            state["columns"][data["id"]] = data
    elif event in ("card_update", "card_move"):
        if op == "archived":
            _drop_card(state, data["id"])
        else:
            state["cards"][data["id"]] = data
    elif event == "comment_update":
        if op == "deleted":
            state["comments"].pop(data["id"], None)
        else:
            state["comments"][data["id"]] = data
    elif event == "label_update":
        if op == "deleted":
            state["labels"].pop(data["id"], None)
        else:
            state["labels"][data["id"]] = data
    else:
        raise AssertionError(f"unexpected event {event}")


def _drop_card(state: dict, card_id: int) -> None:
    state["cards"].pop(card_id, None)
    for comment_id in [k for k, c in state["comments"].items() if c["card_id"] == card_id]:
        del state["comments"][comment_id]


class BoardMirror:
    """One browser tab's view of a board, kept in sync over Socket.IO."""

    def __init__(
        self, url: str, cookie: str, board_id: int, *, reconnection: bool = True,
        transports: tuple[str, ...] = ("websocket",), local_address: str | None = None, backoff: dict | None = None,
    ):
        """Call from inside the event loop. `transports=("polling",)` never upgrades to WebSocket;
        `local_address` and `backoff` as in testing.sockets.socket_client and web_client_backoff()."""
        self.url, self.cookie, self.board_id = url, cookie, board_id
        self.transports = list(transports)
        self.client = socket_client(cookie, local_address, reconnection=reconnection, **(backoff or TEST_BACKOFF))
        self.state: dict | None = None
        self.seq: int | None = None
        self.applied: list[int] = []  # every seq applied, in order: the tests check it
        self.resyncs = 0
        self.gap_repairs = 0
        self.joins = 0
        self._lock = asyncio.Lock()
        self._synced = asyncio.Event()
        self._progress = asyncio.Event()
        self.disconnect_reasons: list = []
        self.client.on("connect", self._on_connect, namespace=NAMESPACE)
        self.client.on("disconnect", self._on_disconnect, namespace=NAMESPACE)
        for event in ("board_update", "column_update", "card_update", "card_move", "comment_update", "label_update"):
            self.client.on(event, self._on_event, namespace=NAMESPACE)

    async def connect(self) -> "BoardMirror":
        await self.client.connect(
            self.url, namespaces=[NAMESPACE], headers={"Origin": self.url}, transports=self.transports, wait_timeout=5
        )
        await self.synced()
        return self

    async def synced(self, timeout: float = 10) -> None:
        await asyncio.wait_for(self._synced.wait(), timeout)

    async def _on_connect(self):
        self._synced.clear()
        # Handlers must not wait for acks inline: join from a task.
        self.client.start_background_task(self._join)

    async def _on_disconnect(self, reason=None):
        self._synced.clear()
        self.disconnect_reasons.append(reason)

    async def _join(self):
        async with self._lock:
            answer = await self.client.call(
                "join_board", {"board_id": self.board_id, "after": self.seq}, namespace=NAMESPACE, timeout=10
            )
            assert answer["ok"], answer
            self.joins += 1
            data = answer["data"]
            if "snapshot" in data:
                self.resyncs += "resync" in data
                self.state = board_state(data["snapshot"])
                self.seq = data["snapshot"]["seq"]
                self._progress.set()
            else:
                for envelope in data["events"]:
                    self._apply(envelope)
        self._synced.set()

    async def _on_event(self, envelope):
        async with self._lock:
            if self.seq is None or envelope["seq"] <= self.seq:
                return  # not joined yet (the join answer covers it) or a duplicate
            if envelope["seq"] > self.seq + 1:
                self.gap_repairs += 1
                answer = await self.client.call(
                    "fetch_events",
                    {"stream": envelope["stream"], "after": self.seq, "until": envelope["seq"] - 1},
                    namespace=NAMESPACE, timeout=10,
                )
                assert answer["ok"], answer
                for missed in answer["data"]["events"]:
                    self._apply(missed)
            self._apply(envelope)

    def _apply(self, envelope):
        if envelope["seq"] <= self.seq:
            return
        assert envelope["seq"] == self.seq + 1, (self.seq, envelope["seq"])
        apply_event(self.state, envelope)
        self.seq = envelope["seq"]
        self.applied.append(envelope["seq"])
        self._progress.set()

    async def wait_seq(self, seq: int, timeout: float = 10) -> None:
        async def reached():
            while self.seq is None or self.seq < seq:
                self._progress.clear()
                await self._progress.wait()

        await asyncio.wait_for(reached(), timeout)

    async def caught_up(self, snapshot: dict, timeout: float = 10) -> None:
        """Wait until this tab holds `snapshot` (the board as stored once the changes stopped)."""
        await self.wait_seq(snapshot["seq"], timeout=timeout)
        assert self.state == board_state(snapshot)

    async def reconnect(self) -> None:
        await self.client.connect(self.url, namespaces=[NAMESPACE], headers={"Origin": self.url}, transports=self.transports)
        await self.synced()

    async def disconnect(self):
        await self.client.disconnect()

    async def close(self):
        await close(self.client)
