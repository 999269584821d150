"""Send the outbox from a process of its own (with EMAIL_WORKER=off on the servers), or once."""
import signal
from datetime import timedelta

from django.core.management.base import BaseCommand

from notifications import services
from notifications.worker import POLL_SECONDS, OutboxWorker


class Command(BaseCommand):
    help = (
        "Send the emails that are due. With --loop, keep sending until stopped (SIGTERM or Ctrl-C), "
        "and run the periodic hooks (appointment reminders) every minute."
    )

    def add_arguments(self, parser):
        parser.add_argument("--loop", action="store_true", help="keep running, sleeping until the next email is due")
        parser.add_argument("--limit", type=int, default=services.BATCH, help="emails per round (default %(default)s)")
        parser.add_argument(
            "--poll-seconds", type=float, default=POLL_SECONDS,
            help="longest sleep between rounds; emails queued by other processes wait at most this long",
        )
        parser.add_argument(
            "--lease-seconds", type=float, default=services.LEASE.total_seconds(),
            help="how long a claimed email stays this worker's before another may take it over",
        )

    def handle(self, *args, loop, limit, poll_seconds, lease_seconds, **options):
        lease = timedelta(seconds=lease_seconds)
        if not loop:
            self.stdout.write(f"outbox: {services.send_due(limit, lease=lease)}")
            return
        worker = OutboxWorker(poll_seconds=poll_seconds, batch=limit, lease=lease)
        # Finish the email in hand before exiting: one stopped mid-hand-off becomes uncertain.
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: worker.stop_soon())
        self.stdout.write("outbox worker running")
        worker.run()
        self.stdout.write("outbox worker stopped")
