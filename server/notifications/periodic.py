"""Work the outbox worker does on a timer, for apps that queue emails by the clock (reminders).

    from notifications import periodic
    periodic.register(reminders_enqueue_due)   # in an AppConfig.ready()

The worker loop (the ASGI server's thread, or `send_outbox --loop`) runs every hook at
most once per INTERVAL_SECONDS, before it sends, so what a hook queues goes out in the
same round. Several workers may run the hooks at the same moment: a hook must be
idempotent (email_enqueue's dedupe_key makes that easy). A hook takes no arguments;
one that fails is logged and does not stop the others or the sending.
"""
import logging
import threading
from collections.abc import Callable

logger = logging.getLogger(__name__)

INTERVAL_SECONDS = 60.0

_lock = threading.Lock()
_hooks: list[Callable[[], object]] = []


def register(hook: Callable[[], object]) -> Callable[[], object]:
    """Add a hook (once: registering it again changes nothing). Usable as a decorator."""
    with _lock:
        if hook not in _hooks:
            _hooks.append(hook)
    return hook


def unregister(hook: Callable[[], object]) -> None:
    with _lock:
        if hook in _hooks:
            _hooks.remove(hook)


def registered() -> list[Callable[[], object]]:
    with _lock:
        return list(_hooks)


def run_hooks() -> int:
    """Run every registered hook once, now; returns how many failed."""
    failed = 0
    for hook in registered():
        try:
            hook()
        except Exception:
            failed += 1
            logger.exception("periodic hook %s failed", getattr(hook, "__qualname__", hook))
    return failed
