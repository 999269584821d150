"""What the domain apps plug into the real-time server, so that realtime imports none of them.

Each app registers, from its AppConfig.ready():
- `sockets(register)`: a function that installs its namespace handlers on the server;
- `stream_access(prefix, readable)`: for streams named `<prefix>:<id>` that a socket joins
  on request (board rooms), which of them a user may still read; the session sweep
  takes a socket out of rooms its user lost access to;
- `background(task)`: a coroutine function run for the life of each serving process;
- `keep_history(prefix)`: streams named `<prefix>:<id>` are records (an appointment's
  history), never pruned by `prune_events`;
- `event_payload(event, serializer, deleted=None)`: the serializer that shapes the `data`
  of `event` (and, if different, of its `deleted` op): the event contract in the OpenAPI
  schema (`EventPayloads`), the client's generated types and the tests' check of every
  published envelope (realtime.contract) all come from it.
realtime.server calls them at startup.
"""
from collections.abc import Callable, Coroutine
from typing import Any

SocketRegistration = Callable[[object], None]
StreamReadable = Callable[[object, set[str]], set[str]]  # (user, streams) -> the readable ones

_socket_registrations: list[SocketRegistration] = []
_stream_access: dict[str, StreamReadable] = {}
_background: list[Callable[[], Coroutine[Any, Any, None]]] = []
_kept_prefixes: set[str] = set()
_event_payloads: dict[str, tuple[type, type | None]] = {}


def sockets(register: SocketRegistration) -> None:
    if register not in _socket_registrations:
        _socket_registrations.append(register)


def stream_access(prefix: str, readable: StreamReadable) -> None:
    _stream_access[prefix] = readable


def background(task: Callable[[], Coroutine[Any, Any, None]]) -> None:
    if task not in _background:
        _background.append(task)


def keep_history(prefix: str) -> None:
    _kept_prefixes.add(prefix)


def event_payload(event: str, serializer: type, deleted: type | None = None) -> None:
    _event_payloads[event] = (serializer, deleted)


def event_payloads() -> dict[str, tuple[type, type | None]]:
    return dict(_event_payloads)


def kept_prefixes() -> set[str]:
    return set(_kept_prefixes)


def socket_registrations() -> list[SocketRegistration]:
    return list(_socket_registrations)


def background_tasks() -> list[Callable[[], Coroutine[Any, Any, None]]]:
    return list(_background)


def readable_streams(user: object, streams: set[str]) -> set[str]:
    """Of `streams`, those `user` may still read; a stream no app vouches for is not."""
    by_prefix: dict[str, set[str]] = {}
    for stream in streams:
        by_prefix.setdefault(stream.partition(":")[0], set()).add(stream)
    readable: set[str] = set()
    for prefix, group in by_prefix.items():
        check = _stream_access.get(prefix)
        if check is not None:
            readable |= check(user, group) & group
    return readable
