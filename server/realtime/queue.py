"""The message queue between serving processes (SOCKETIO_MESSAGE_QUEUE): its kind, its health."""
import asyncio
import socket
from urllib.parse import urlparse

from realtime import metrics

# How often a serving process checks the queue for the socketio_message_queue_up gauge.
CHECK_SECONDS = 5.0


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

            return bool(redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1).ping())
        parsed = urlparse(url)
        with socket.create_connection((parsed.hostname, parsed.port or 5672), timeout=1):
            return True
    except Exception:
        return False


def check(url: str) -> bool:
    up = queue_up(url)
    metrics.queue_state.set(1 if up else 0)
    return up


async def watch_forever(url: str) -> None:
    """Keep the gauge current, so a queue outage shows on the dashboard while it lasts."""
    while True:
        await asyncio.to_thread(check, url)
        await asyncio.sleep(CHECK_SECONDS)
