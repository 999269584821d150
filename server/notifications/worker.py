"""The outbox worker loop: send what is due, then sleep until the next row falls due,
a claim expires, or email_enqueue nudges it, never longer than the poll interval.

It runs in a thread of the ASGI server process (EMAIL_WORKER=inline, started from the
lifespan in server/asgi.py: SMTP is blocking, and the thread keeps it off the event
loop) or as `manage.py send_outbox --loop` in a process of its own.

Each round also runs the periodic hooks (notifications.periodic: appointment reminders)
when a minute has passed since they last ran in this worker.
"""
import logging
import threading
import time
from datetime import timedelta

from django.conf import settings
from django.db import close_old_connections, connections
from django.utils import timezone

from notifications import periodic, services, wakeup

logger = logging.getLogger(__name__)

# The poll catches emails queued where no worker runs to nudge (another process, a
# management command, the Django shell).
POLL_SECONDS = 10.0
# On shutdown, how long to let a hand-off in progress finish and be recorded: a worker
# stopped mid-hand-off leaves an uncertain email for someone to check.
SHUTDOWN_SECONDS = 5.0


class OutboxWorker:
    def __init__(self, *, poll_seconds: float = POLL_SECONDS, batch: int = services.BATCH,
                 lease: timedelta = services.LEASE, periodic_seconds: float | None = periodic.INTERVAL_SECONDS):
        self.poll_seconds = poll_seconds
        self.batch = batch
        self.lease = lease
        # How often to run the periodic hooks; None: never (this worker only sends).
        self.periodic_seconds = periodic_seconds
        self._hooks_ran_at: float | None = None  # time.monotonic() of the last run
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> "OutboxWorker":
        """Run the loop in a daemon thread (a stuck SMTP call must not keep the process alive)."""
        self._thread = threading.Thread(target=self.run, name="outbox-worker", daemon=True)
        self._thread.start()
        return self

    def stop(self, timeout: float = SHUTDOWN_SECONDS) -> None:
        self.stop_soon()
        if self._thread is not None:
            self._thread.join(timeout)
            if self._thread.is_alive():
                logger.warning("outbox worker still busy after %ss; leaving it", timeout)

    def stop_soon(self) -> None:
        """Finish the email in hand, then leave the loop. Safe from a signal handler."""
        self._stopping.set()
        self._wake.set()

    def run(self) -> None:
        wakeup.subscribe(self._wake)
        try:
            while not self._stopping.is_set():
                # Cleared before the step: a nudge that arrives during it is not lost.
                self._wake.clear()
                try:
                    wait = self.step()
                except Exception:  # the database is down, or a bug: keep the loop alive
                    logger.exception("outbox worker round failed; trying again in %ss", self.poll_seconds)
                    wait = self.poll_seconds
                self._wake.wait(wait)
        finally:
            wakeup.unsubscribe(self._wake)
            connections.close_all()  # this thread's own database connections

    def step(self) -> float:
        """One round; returns how long to sleep before the next."""
        close_old_connections()  # a connection broken since the last round is replaced
        try:
            self._run_periodic_hooks()  # first: what they queue goes out in this round
            report = services.send_due(self.batch, lease=self.lease)
            if report:
                logger.info("outbox: %s", report)
            due = services.next_due_at()
        finally:
            close_old_connections()
        wait = self.poll_seconds if due is None else max((due - timezone.now()).total_seconds(), 0.0)
        return min(wait, self.poll_seconds, self._until_periodic_hooks())

    def _until_periodic_hooks(self) -> float:
        if self.periodic_seconds is None or self._hooks_ran_at is None:
            return float("inf")
        return max(self._hooks_ran_at + self.periodic_seconds - time.monotonic(), 0.0)

    def _run_periodic_hooks(self) -> None:
        if self.periodic_seconds is None:
            return
        now = time.monotonic()
        if self._hooks_ran_at is not None and now - self._hooks_ran_at < self.periodic_seconds:
            return
        self._hooks_ran_at = now  # even if a hook fails: retried next interval, not every round
        periodic.run_hooks()


_inline: OutboxWorker | None = None


def start_inline() -> None:
    """Start this process's worker thread, if EMAIL_WORKER says the server sends the outbox."""
    global _inline
    if settings.EMAIL_WORKER != "inline":
        logger.info("outbox worker off in this process (EMAIL_WORKER=%s)", settings.EMAIL_WORKER)
        return
    if _inline is None:
        _inline = OutboxWorker().start()
        logger.info("outbox worker started (email backend %s)", settings.EMAIL_BACKEND)


def stop_inline() -> None:
    global _inline
    if _inline is not None:
        _inline.stop()
        _inline = None
