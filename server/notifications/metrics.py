"""The outbox in /metrics: how many emails wait to be sent, how many need a person.

Counted from the table when Prometheus scrapes (two indexed counts), so every process
reports the same shared numbers; take max(), not sum(), across processes.
"""
from django.utils import timezone
from prometheus_client import Gauge

from notifications.models import OutboxEmail

Status = OutboxEmail.Status


def _count(**filters) -> float:
    try:
        return float(OutboxEmail.objects.filter(**filters).count())
    except Exception:  # the database is unreachable: /readyz says so; no number here
        return float("nan")


due = Gauge("outbox_emails_due", "Emails due to be sent now (new, or retrying after a temporary failure)")
due.set_function(lambda: _count(status=Status.PENDING, next_attempt_at__lte=timezone.now()))
needs_attention = Gauge("outbox_emails_needing_attention", "Emails failed for good or uncertain: see the Django admin")
needs_attention.set_function(lambda: _count(status__in=[Status.FAILED, Status.UNCERTAIN]))
