"""The message queue between serving processes (SOCKETIO_MESSAGE_QUEUE): its kind, its health,
and how this process's listener gets back onto it after an outage."""
import asyncio
import logging
import random
import socket
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any
from urllib.parse import urlparse

from realtime import metrics

logger = logging.getLogger(__name__)

# How often a serving process checks the queue for the socketio_message_queue_up gauge.
CHECK_SECONDS = 5.0

# The listener's reconnect waits. python-socketio's own start at 1 s and double up to a
# minute, so after a longer Redis outage a process could go that long without queue
# deliveries (the relay still brings events, slower). A handful of processes trying
# once a second costs a recovering Redis nothing.
FIRST_RETRY_SECONDS = 0.1
MAX_RETRY_SECONDS = 1.0

# Whether this process's queue listener is subscribed. None where no listener runs
# (a management command, the test process): there only a PING says anything.
_listening: bool | None = None


def queue_kind(url: str) -> str:
    """"redis" or "amqp"; anything else is a configuration error."""
    if url.startswith(("redis://", "rediss://", "unix://")):
        return "redis"
    if url.startswith("amqp://"):
        return "amqp"
    raise ValueError(f"SOCKETIO_MESSAGE_QUEUE must start with redis:// or amqp://, not {url!r}")


def queue_up(url: str) -> bool:
    """Whether the queue answers (Redis PING, or a TCP connect to the broker), within a second."""
    try:
        if queue_kind(url) == "redis":
            import redis
            from redis.backoff import NoBackoff
            from redis.retry import Retry

            # No retries: redis-py's default ten, backing off up to a second each, would hold
            # a readiness probe for seconds against a Redis that is down.
            client = redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1, retry=Retry(NoBackoff(), 0))
            return bool(client.ping())
        parsed = urlparse(url)
        with socket.create_connection((parsed.hostname, parsed.port or 5672), timeout=1):
            return True
    except Exception:
        return False


def state(url: str) -> str:
    """"up" when the queue answers and, in a serving process, its listener is subscribed;
    "resubscribing" when it answers but the listener is not subscribed yet (a Redis that
    is back delivers nothing here until then); "down" when it does not answer."""
    if not queue_up(url):
        current = "down"
    else:
        current = "resubscribing" if _listening is False else "up"
    metrics.queue_state.set(1 if current == "up" else 0)
    return current


def note_listening(up: bool) -> None:
    """The listener (re)subscribed or lost its connection: readiness and the gauge follow at once."""
    global _listening
    _listening = up
    metrics.queue_state.set(1 if up else 0)


async def watch_forever(url: str) -> None:
    """Keep the gauge current, so a queue outage shows on the dashboard while it lasts."""
    while True:
        await asyncio.to_thread(state, url)
        await asyncio.sleep(CHECK_SECONDS)


def retry_delay(failures: int) -> float:
    """The wait after `failures` failed attempts in a row: doubling from FIRST_RETRY_SECONDS,
    capped at MAX_RETRY_SECONDS, jittered so several processes do not retry in step."""
    # The exponent is capped too: 2.0**1024 overflows, which a long outage (about a thousand
    # failures, a quarter of an hour) would reach and the listener loop would die of.
    doubled = FIRST_RETRY_SECONDS * 2.0 ** min(failures, 32)
    return min(MAX_RETRY_SECONDS, doubled) * random.uniform(0.5, 1.0)


class PromptRedisListener:
    """Mixed into socketio.AsyncRedisManager: the same listener loop with retry_delay's
    waits instead of the library's, and its state told to readiness and the gauge.

    The listener owns the retry policy: its Redis client retries nothing itself (redis-py
    would otherwise retry ten times, backing off up to a second each, before the loop even
    hears of the outage). Publishing keeps the library's second attempt on a fresh
    connection.
    """

    # python-socketio's AsyncRedisManager, which this is mixed into, provides these.
    channel: str
    pubsub: Any
    _redis_connect: Callable[[], None]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from redis.asyncio.retry import Retry
        from redis.backoff import NoBackoff

        kwargs.setdefault("redis_options", {"retry": Retry(NoBackoff(), 0)})
        super().__init__(*args, **kwargs)

    async def _redis_listen_with_retries(self) -> AsyncIterator[Any]:
        failures = 0
        while True:
            try:
                self._redis_connect()
                await self.pubsub.subscribe(self.channel)
                note_listening(True)
                if failures:
                    logger.info("message queue listener subscribed again after %d failed attempt(s)", failures)
                failures = 0
                async for message in self.pubsub.listen():
                    yield message
            except Exception as exc:
                note_listening(False)
                delay = retry_delay(failures)
                # Once per outage at warning level: the retries come every second while it lasts.
                log = logger.warning if failures == 0 else logger.debug
                log("message queue listener disconnected (%s); retrying in %.2f s", exc, delay)
                failures += 1
                await self._drop_pubsub()
                await asyncio.sleep(delay)

    async def _drop_pubsub(self) -> None:
        """Let go of the dead subscription's connection before making a new one."""
        try:
            await asyncio.wait_for(self.pubsub.aclose(), 1)
        except Exception:
            pass  # it is dead already; nothing more to release


class PromptRabbitListener:
    """Mixed into socketio.AsyncAioPikaManager: its listener loop with retry_delay's waits
    (the library doubles from 1 s to a minute) and its state told to readiness and the
    gauge, as PromptRedisListener does for Redis. The loop is the library's own, kept in
    step with python-socketio's `_listen`; only the waits and the reporting differ."""

    # python-socketio's AsyncAioPikaManager, which this is mixed into, provides these.
    _connection: Callable[[], Awaitable[Any]]
    _channel: Callable[[Any], Awaitable[Any]]
    _exchange: Callable[[Any], Awaitable[Any]]
    _queue: Callable[[Any, Any], Awaitable[Any]]

    async def _listen(self) -> AsyncIterator[bytes]:
        import aio_pika

        failures = 0
        while True:
            try:
                async with await self._connection() as connection:
                    channel = await self._channel(connection)
                    await channel.set_qos(prefetch_count=1)
                    exchange = await self._exchange(channel)
                    queue = await self._queue(channel, exchange)
                    note_listening(True)
                    if failures:
                        logger.info("message queue listener subscribed again after %d failed attempt(s)", failures)
                    failures = 0
                    async with queue.iterator() as messages:
                        async for message in messages:
                            async with message.process():
                                yield message.body
            except aio_pika.exceptions.ChannelInvalidStateError:
                raise asyncio.CancelledError() from None  # how aio_pika reports the task being cancelled
            except Exception as exc:
                note_listening(False)
                delay = retry_delay(failures)
                log = logger.warning if failures == 0 else logger.debug
                log("message queue listener disconnected (%s); retrying in %.2f s", exc, delay)
                failures += 1
                await asyncio.sleep(delay)
