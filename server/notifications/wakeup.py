"""Waking this process's outbox worker when an email is queued, instead of waiting for its next poll.

A worker registers a threading.Event; email_enqueue sets them all after its commit.
With no worker in this process (tests, management commands) a nudge does nothing and
the rows wait for a worker elsewhere, which finds them on its next poll.
"""
import threading

_lock = threading.Lock()
_events: set[threading.Event] = set()


def subscribe(event: threading.Event) -> None:
    with _lock:
        _events.add(event)


def unsubscribe(event: threading.Event) -> None:
    with _lock:
        _events.discard(event)


def nudge() -> None:
    with _lock:
        events = list(_events)
    for event in events:
        event.set()
