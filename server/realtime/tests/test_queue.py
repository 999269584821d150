"""The message queue listener's retry policy and what readiness says while it is down.

The end-to-end outage (a real Redis behind a relay the test cuts) is in test_scale_out.py;
here the listener loop runs against a stand-in for Redis that refuses on demand.
"""
import asyncio

import pytest
from prometheus_client import REGISTRY

from realtime import queue

URL = "redis://127.0.0.1:6379/0"


@pytest.fixture(autouse=True)
def no_listener_yet(monkeypatch):
    monkeypatch.setattr(queue, "_listening", None)


def gauge() -> float | None:
    return REGISTRY.get_sample_value("socketio_message_queue_up")


def test_retries_start_fast_and_stay_capped_low():
    assert 0 < queue.retry_delay(0) <= queue.FIRST_RETRY_SECONDS
    for failures in [*range(40), 5000]:  # 5000: an outage of over an hour, retried every second
        assert 0 < queue.retry_delay(failures) <= queue.MAX_RETRY_SECONDS
    # It does grow to the cap, and is jittered: processes do not retry in step.
    late = {queue.retry_delay(30) for _ in range(50)}
    assert max(late) > queue.MAX_RETRY_SECONDS / 2 and len(late) > 1


class StandInPubSub:
    """Refuses `manager.refusals` subscriptions, then delivers `manager.messages` and drops."""

    def __init__(self, manager):
        self.manager = manager

    async def subscribe(self, channel):
        self.manager.seen.append(("subscribe", queue.state(URL), gauge()))
        if self.manager.refusals:
            self.manager.refusals -= 1
            raise ConnectionError("Connection refused")

    async def listen(self):
        for message in self.manager.messages:
            yield message
        raise ConnectionError("Connection reset by peer")

    async def aclose(self):
        self.manager.closed += 1


class StandInRedisManager:
    """What the listener loop uses of socketio.AsyncRedisManager."""

    channel = "frontdesk"

    def __init__(self, url, redis_options=None):
        self.redis_options = redis_options
        self.refusals, self.messages, self.seen, self.closed = 3, [{"data": 1}], [], 0

    def _redis_connect(self):
        self.pubsub = StandInPubSub(self)


class Listener(queue.PromptRedisListener, StandInRedisManager):
    pass


def test_the_listener_retries_on_its_own_schedule_and_readiness_follows_it(monkeypatch):
    waits = []
    monkeypatch.setattr(queue, "retry_delay", lambda failures: waits.append(failures) or 0)
    monkeypatch.setattr(queue, "queue_up", lambda url: True)  # Redis answers a PING throughout
    listener = Listener(URL)

    async def run():
        messages = listener._redis_listen_with_retries()
        first = await anext(messages)
        up_while_listening = queue.state(URL), gauge()
        second = await anext(messages)  # after the connection dropped and came back
        await messages.aclose()
        return first, up_while_listening, second

    first, up_while_listening, second = asyncio.run(run())
    assert first == second == {"data": 1}
    # Three refusals (waits after 0, 1, 2 failures), then the drop (after 0 again: it had
    # subscribed in between).
    assert waits == [0, 1, 2, 0]
    # Before the first attempt nothing is known but the PING; after a failure the queue is
    # not up for readiness and the gauge even though Redis answers PING: this process hears nothing.
    assert listener.seen[0] == ("subscribe", "up", listener.seen[0][2])
    assert [(ready, value) for _, ready, value in listener.seen[1:4]] == [("resubscribing", 0.0)] * 3
    assert listener.seen[4][1:] == ("resubscribing", 0.0), "after the drop, before subscribing again"
    assert up_while_listening == ("up", 1.0)
    assert listener.closed == 4, "every dead subscription is let go"


def test_the_listener_leaves_retrying_to_its_own_loop():
    from realtime.server import RedisManager

    manager = RedisManager(URL, channel="frontdesk-test", write_only=True)
    assert manager.redis_options["retry"].get_retries() == 0


@pytest.mark.django_db
def test_readyz_says_degraded_while_the_listener_is_down_though_redis_answers(client, settings, monkeypatch):
    settings.SOCKETIO_MESSAGE_QUEUE = URL
    monkeypatch.setattr(queue, "queue_up", lambda url: True)
    queue.note_listening(False)
    down = client.get("/readyz")
    queue.note_listening(True)
    back = client.get("/readyz")
    assert down.status_code == 200
    assert down.json() == {"status": "degraded", "database": "up", "message_queue": "resubscribing"}
    assert back.json() == {"status": "ready", "database": "up", "message_queue": "up"}

