"""Who is behind each open socket of this process, and their event budget."""
import time
from dataclasses import dataclass, field

from django.conf import settings


@dataclass
class TokenBucket:
    """Allows bursts of `capacity` events, refilled at `rate` per second."""

    rate: float
    capacity: float
    tokens: float = 0.0
    updated: float = field(default_factory=time.monotonic)

    def __post_init__(self) -> None:
        self.tokens = self.capacity

    def take(self) -> bool:
        now = time.monotonic()
        self.tokens = min(self.capacity, self.tokens + (now - self.updated) * self.rate)
        self.updated = now
        if self.tokens < 1:
            return False
        self.tokens -= 1
        return True


@dataclass
class Connection:
    sid: str
    namespace: str
    user_id: int
    customer_id: int | None
    session_key: str
    auth_hash: str
    audience: str = "staff"  # "staff" or "customer": who the namespace is for
    # The user as of connecting, refreshed by the session sweep (realtime.sessions):
    # handlers use it instead of a query per event.
    user: object = None
    bucket: TokenBucket = field(
        default_factory=lambda: TokenBucket(settings.SOCKETIO_EVENTS_PER_SECOND, settings.SOCKETIO_EVENT_BURST)
    )
    # Streams joined on request (boards), checked again by the session sweep.
    joined_streams: set[str] = field(default_factory=set)


_connections: dict[tuple[str, str], Connection] = {}


def add(connection: Connection) -> None:
    _connections[(connection.namespace, connection.sid)] = connection


def get(namespace: str, sid: str) -> Connection | None:
    return _connections.get((namespace, sid))


def remove(namespace: str, sid: str) -> Connection | None:
    return _connections.pop((namespace, sid), None)


def all_connections() -> list[Connection]:
    return list(_connections.values())


def count(namespace: str) -> int:
    return sum(1 for ns, _ in _connections if ns == namespace)


def count_for_user(user_id: int) -> int:
    return sum(1 for conn in _connections.values() if conn.user_id == user_id)
