"""Services the scale-out tests share with the machine (Redis, RabbitMQ): present, or the test says why not."""
import os
import socket
from urllib.parse import urlparse

import pytest
import redis

REDIS_URL = os.environ.get("REDIS_TEST_URL", "redis://127.0.0.1:6379/0")
AMQP_URL = os.environ.get("AMQP_TEST_URL", "amqp://guest:guest@127.0.0.1:5672/")


def require_service(url: str) -> None:
    """Under CI the service must be there (.ci/run starts it); elsewhere skip if it is not."""
    try:
        if url.startswith("redis"):
            redis.Redis.from_url(url, socket_connect_timeout=1).ping()
        else:
            parsed = urlparse(url)
            with socket.create_connection((parsed.hostname, parsed.port or 5672), timeout=1):
                pass
    except Exception as exc:
        if os.environ.get("CI") == "true":
            raise AssertionError(f"{url} must be reachable under CI") from exc
        pytest.skip(f"{url} not reachable")


def redis_address(url: str = REDIS_URL) -> tuple[str, int]:
    parsed = urlparse(url)
    return parsed.hostname or "127.0.0.1", parsed.port or 6379


def redis_url_via(port: int, url: str = REDIS_URL) -> str:
    """`url` with its host and port replaced by a local relay's (testing.tcp_proxy)."""
    parsed = urlparse(url)
    credentials = parsed.netloc.rpartition("@")[0]
    return parsed._replace(netloc=f"{credentials}@127.0.0.1:{port}" if credentials else f"127.0.0.1:{port}").geturl()
