"""Reading stored events back: replay after a reconnect and gap repair."""
from collections.abc import Callable, Collection, Iterable
from typing import Any

from django.db.models import Q

from common import errors
from realtime import metrics, watermarks
from realtime.models import Stream, StreamEvent
from realtime.publish import stream_current_seq
from realtime.streams import namespace_for_stream

# A client further behind than this gets a snapshot instead: cheaper than a long replay.
MAX_REPLAY_EVENTS = 1000


def events_after(stream: str, after: int, until: int | None = None) -> list[dict[str, Any]]:
    """The stored envelopes with after < seq <= until, in order.

    Raises ResyncRequired when some of them were pruned (or there are too many), so
    the client loads a snapshot instead of applying an incomplete history.
    """
    current = stream_current_seq(stream)
    if after > current:
        # The client is ahead of the store (a restored database, a bogus number):
        # its state cannot be trusted, so it reloads.
        raise errors.ResyncRequired()
    until = current if until is None else min(until, current)
    if after >= until:
        return []
    if until - after > MAX_REPLAY_EVENTS:
        raise errors.ResyncRequired()
    envelopes = list(
        StreamEvent.objects.filter(stream=stream, seq__gt=after, seq__lte=until).order_by("seq").values_list("envelope", flat=True)
    )
    if len(envelopes) != until - after:
        raise errors.ResyncRequired()
    return envelopes


def replay_or_resync(stream: str, after: int, *, snapshot: Callable[[], Any] | None) -> dict[str, Any]:
    """What a client resuming `stream` after `after` needs: the missed events, or a snapshot.

    `snapshot` is called only when the history is gone; None means the stream has no
    snapshot of its own (the client reloads its data over REST).
    """
    namespace = namespace_for_stream(stream)
    try:
        events = events_after(stream, after)
    except errors.ResyncRequired:
        metrics.resyncs.labels(namespace).inc()
        return {"resync": True, "snapshot": snapshot() if snapshot else None}
    metrics.replays.labels(namespace).inc()
    seq = events[-1]["seq"] if events else after
    watermarks.note_synced(stream, seq)
    return {"events": events, "seq": seq}


def last_event(stream: str, event: str) -> dict[str, Any] | None:
    """The latest stored envelope of `event` on `stream`, if it is still kept."""
    return StreamEvent.objects.filter(stream=stream, event=event).order_by("-seq").values_list("envelope", flat=True).first()


EventMatch = tuple[Collection[str] | None, str | None, object]


def stored_history(stream: str, *, matching: Iterable[EventMatch] = ()) -> list[dict[str, Any]]:
    """Every stored event of `stream`, oldest first, with when it was stored: {"at", "envelope"}.

    `matching` keeps only the events that fit one of its (events, key, value): an event
    named in `events` (None: any) whose `data[key] == value` (key None: any data). The
    domain apps say what is "about" one of their objects (a card's events on its board's
    stream); this module knows no domain.
    """
    events = StreamEvent.objects.filter(stream=stream)
    matching = list(matching)
    if matching:
        fits = Q()
        for names, key, value in matching:
            match = Q() if names is None else Q(event__in=list(names))
            if key is not None:
                match &= Q(**{f"envelope__data__{key}": value})
            fits |= match
        events = events.filter(fits)
    return [
        {"at": created_at, "envelope": envelope}
        for created_at, envelope in events.order_by("seq").values_list("created_at", "envelope")
    ]


def latest_events(streams: list[str]) -> dict[str, dict[str, Any]]:
    """The newest stored event of each stream that has one still kept: {stream: {"at", "envelope"}}.

    Two queries whatever the number of streams (a list of boards shows each one's last change).
    """
    heads = dict(Stream.objects.filter(name__in=streams).values_list("name", "last_seq"))
    if not heads:
        return {}
    newest = Q()
    for stream, seq in heads.items():
        newest |= Q(stream=stream, seq=seq)
    rows = StreamEvent.objects.filter(newest).values_list("stream", "created_at", "envelope")
    return {stream: {"at": created_at, "envelope": envelope} for stream, created_at, envelope in rows}
