"""Reading stored events back: replay after a reconnect and gap repair."""
from common import errors
from realtime.models import StreamEvent
from realtime.publish import stream_current_seq

# A client further behind than this gets a snapshot instead: cheaper than a long replay.
MAX_REPLAY_EVENTS = 1000


def events_after(stream: str, after: int, until: int | None = None) -> list[dict]:
    """The stored envelopes with after < seq <= until, in order.

    Raises ResyncRequired when some of them were pruned (or there are too many), so
    the client loads a snapshot instead of applying an incomplete history.
    """
    current = stream_current_seq(stream)
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
