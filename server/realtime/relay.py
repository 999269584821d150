"""The safety net under live delivery: sends stored events this process's clients missed.

Events normally reach clients on commit: directly in one process, through the message
queue across processes. Two cases miss that path:
- without a queue, an event committed by another process (a management command, a job);
- with a queue, an event the queue lost (Redis restarted, a connection was killed).
Each serving process remembers the highest sequence number it has handed out per stream
and compares it with the stream's head in the database, for the streams its clients
watch. A stream still behind on the next poll gets the missing events from the store,
sent to this process's clients only. Duplicates are harmless: clients ignore a seq they
already applied.
"""
import asyncio
import logging
from typing import Any

import socketio
from asgiref.sync import sync_to_async

from common import errors
from realtime import watermarks
from realtime.models import Stream
from realtime.replay import events_after
from realtime.streams import is_stream, namespace_for_stream

logger = logging.getLogger(__name__)

# How long a missed event may take to show up; each poll is one indexed query.
POLL_SECONDS = 0.5

def streams_behind(streams: set[str]) -> dict[str, tuple[int, int]]:
    """For watched streams whose head is past what was delivered here: (delivered, head)."""
    behind = {}
    for stream, head in Stream.objects.filter(name__in=streams).values_list("name", "last_seq"):
        delivered = watermarks.delivered(stream, head)
        if head > delivered:
            behind[stream] = (delivered, head)
    return behind


def stored_events(stream: str, after: int, until: int) -> list[dict[str, Any]]:
    """What is still stored of (after, until]; clients fetch anything pruned themselves."""
    try:
        return events_after(stream, after, until)
    except errors.ResyncRequired:
        return []  # pruned or too many: clients see the gap and resync on their own


def watched_streams(server: socketio.AsyncServer) -> set[str]:
    """Rooms with clients in this process that carry a stream."""
    streams = set()
    for rooms in server.manager.rooms.values():
        for room, participants in rooms.items():
            if isinstance(room, str) and participants and is_stream(room):
                streams.add(room)
    return streams


async def relay_forever(server: socketio.AsyncServer) -> None:
    previous: dict[str, tuple[int, int]] = {}
    while True:
        await asyncio.sleep(POLL_SECONDS)
        try:
            streams = watched_streams(server)
            watermarks.forget_all_but(streams)
            if not streams:
                continue
            behind = await sync_to_async(streams_behind)(streams)
            for stream, (delivered, head) in behind.items():
                if previous.get(stream, (None,))[0] != delivered:
                    continue  # behind only since this poll: the live path may still bring it
                for envelope in await sync_to_async(stored_events)(stream, delivered, head):
                    # Base-class emit: to this process's clients only, never back into the queue.
                    await socketio.AsyncManager.emit(
                        server.manager, envelope["event"], envelope, namespace_for_stream(stream), room=stream
                    )
                    watermarks.note_delivered(stream, envelope)
            previous = behind
        except Exception:
            logger.exception("relaying stored events failed")
