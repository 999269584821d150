"""Per stream, the highest sequence number this process has handed to its clients.

Written by the managers that deliver events (realtime.server), by snapshots and replays
(a client brought up to date), and read by the relay (realtime.relay) to notice events
that never arrived.
"""
from typing import Any

_delivered: dict[str, int] = {}


def note_delivered(room: object, envelope: Any) -> None:
    """Called for every event handed to local clients."""
    if isinstance(envelope, list) and envelope:
        envelope = envelope[0]
    if isinstance(room, str) and isinstance(envelope, dict) and envelope.get("stream") == room and isinstance(envelope.get("seq"), int):
        if envelope["seq"] > _delivered.get(room, -1):
            _delivered[room] = envelope["seq"]


def note_synced(stream: str, seq: int) -> None:
    """A client of this process was brought up to `seq` by a snapshot or a replay."""
    _delivered.setdefault(stream, seq)


def delivered(stream: str, default: int) -> int:
    """What was delivered on `stream`, starting the count at `default` if nothing was."""
    return _delivered.setdefault(stream, default)


def forget_all_but(streams: set[str]) -> None:
    """Drop streams nobody here watches any more: counting starts afresh when someone does."""
    for stream in [s for s in _delivered if s not in streams]:
        del _delivered[stream]
