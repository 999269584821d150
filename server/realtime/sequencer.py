"""Sends each stream's events in `seq` order, whatever thread committed them.

Every REST request runs in its own thread, so the after-commit callbacks of two commits
to one stream can reach the event loop in either order; sent as they come, clients
would see seq 7 before 6, take it for a gap and fetch what they already had coming.

`publish` notes each number it takes (`expect`, inside the transaction, while the
stream's row lock orders commits). When an event arrives on the loop while an earlier
number of its stream, taken in this process, has not, it is held back until that one
arrives. A number whose transaction rolled back never arrives: after HOLD_SECONDS the
held events go anyway, and clients repair the gap as they always can. Streams do not
wait for each other.
"""
import asyncio
import threading
from collections import deque
from collections.abc import Awaitable, Callable
from typing import Any

# Long enough for a committed sibling's callback to reach the loop, short enough that a
# rolled-back number costs a person nothing they would notice.
HOLD_SECONDS = 0.05

Send = Callable[[dict[str, Any], float], Awaitable[None]]  # (envelope, when it was committed)


class Sequencer:
    def __init__(self, send: Send):
        self._send = send
        self._lock = threading.Lock()  # `expect` runs in worker threads
        self._expected: dict[str, set[int]] = {}  # numbers taken here, not arrived yet
        self._held: dict[str, dict[int, tuple[dict[str, Any], float]]] = {}  # arrived, waiting for an earlier number
        self._ready: dict[str, deque[tuple[dict[str, Any], float]]] = {}  # to send, in order
        self._draining: set[str] = set()
        self._timers: dict[str, asyncio.TimerHandle] = {}

    def expect(self, stream: str, seq: int) -> None:
        """Any thread: `seq` of `stream` was taken by a transaction of this process."""
        with self._lock:
            self._expected.setdefault(stream, set()).add(seq)

    def arrive(self, envelope: dict[str, Any], committed_at: float) -> None:
        """On the event loop: a committed event, to be sent after its predecessors."""
        stream, seq = envelope["stream"], envelope["seq"]
        with self._lock:
            expected = self._expected.get(stream)
            if expected is not None:
                expected.discard(seq)
        self._held.setdefault(stream, {})[seq] = (envelope, committed_at)
        self._release(stream)

    def pending(self) -> int:
        """Events held or queued (for tests and metrics)."""
        return sum(len(h) for h in self._held.values()) + sum(len(r) for r in self._ready.values())

    def _release(self, stream: str) -> None:
        held = self._held.get(stream, {})
        with self._lock:
            expected = self._expected.get(stream) or set()
            if not expected:
                self._expected.pop(stream, None)
            waiting_for = min(expected, default=None)
        ready = sorted(seq for seq in held if waiting_for is None or seq < waiting_for)
        if ready:
            queue = self._ready.setdefault(stream, deque())
            queue.extend(held.pop(seq) for seq in ready)
            if stream not in self._draining:
                self._draining.add(stream)
                asyncio.get_running_loop().create_task(self._drain(stream))
        if held:
            if stream not in self._timers:
                self._timers[stream] = asyncio.get_running_loop().call_later(HOLD_SECONDS, self._give_up_waiting, stream)
        else:
            self._held.pop(stream, None)
            timer = self._timers.pop(stream, None)
            if timer is not None:
                timer.cancel()

    def _give_up_waiting(self, stream: str) -> None:
        """The numbers the held events wait for are not coming (rolled back): send them."""
        self._timers.pop(stream, None)
        newest_held = max(self._held.get(stream, {}), default=None)
        if newest_held is None:
            return
        with self._lock:
            expected = self._expected.get(stream, set())
            expected.difference_update({seq for seq in expected if seq < newest_held})
        self._release(stream)

    async def _drain(self, stream: str) -> None:
        queue = self._ready[stream]
        try:
            while queue:
                await self._send(*queue.popleft())
        finally:
            self._draining.discard(stream)
            if not queue:
                self._ready.pop(stream, None)
