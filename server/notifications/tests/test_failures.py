"""When the mail server fails: what is retried, when, and what is given up on.

The worker step (send_due) runs in the test against a real SMTP server process told
to refuse, defer or drop. "Time passes" is arranged by making a retry due now.
"""
import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from notifications.delivery import MAX_ATTEMPTS, retry_delay
from notifications.models import OutboxEmail
from notifications.services import email_enqueue, send_due
from testing.live import free_port
from testing.smtp import UNKNOWN_USER

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def queue(to="casey@example.test", subject="Your booking is confirmed") -> OutboxEmail:
    return email_enqueue(to=to, subject=subject, text="See you on Tuesday.")


def time_passes_until_due(row: OutboxEmail) -> None:
    OutboxEmail.objects.filter(pk=row.pk).update(next_attempt_at=timezone.now())


def fresh(row: OutboxEmail) -> OutboxEmail:
    row.refresh_from_db()
    return row


def test_a_temporary_refusal_is_retried_after_a_backoff_and_then_arrives(smtp_settings):
    smtp = smtp_settings
    smtp.set_mode("tempfail")
    row = queue()
    before = timezone.now()

    assert send_due().retrying == 1
    fresh(row)
    assert (row.status, row.attempts) == ("pending", 1)
    assert "451" in row.last_error
    assert row.next_attempt_at >= before + retry_delay(1)
    # Not due yet: a round now leaves it alone, whatever the server would say.
    smtp.set_mode("accept")
    assert not send_due()
    assert fresh(row).attempts == 1

    time_passes_until_due(row)
    assert send_due().sent == 1
    [message] = smtp.messages()
    assert message["Message-ID"] == row.message_id
    fresh(row)
    assert (row.status, row.attempts, row.last_error) == ("sent", 2, "")


def test_a_refused_recipient_marks_the_email_failed_and_it_is_not_retried(smtp_settings):
    smtp = smtp_settings
    smtp.set_mode("refuse")
    row = queue()

    assert send_due().failed == 1
    fresh(row)
    assert (row.status, row.attempts) == ("failed", 1)
    assert "550" in row.last_error and "casey@example.test" in row.last_error
    smtp.set_mode("accept")
    time_passes_until_due(row)
    assert not send_due()
    assert smtp.messages() == [] and fresh(row).status == "failed"


def test_a_connection_dropped_in_the_middle_of_the_message_is_retried(smtp_settings):
    smtp = smtp_settings
    smtp.set_mode("drop")
    row = queue()

    assert send_due().retrying == 1
    fresh(row)
    assert (row.status, row.attempts) == ("pending", 1)
    assert "SMTPServerDisconnected" in row.last_error
    assert smtp.messages() == []

    smtp.set_mode("accept")
    time_passes_until_due(row)
    assert send_due().sent == 1
    assert [m["Message-ID"] for m in smtp.messages()] == [row.message_id]


def test_an_unreachable_mail_server_is_retried(settings, smtp_settings):
    settings.EMAIL_PORT = free_port()  # nothing listens there: connection refused
    row = queue()

    assert send_due().retrying == 1
    fresh(row)
    assert (row.status, row.attempts) == ("pending", 1)
    assert "ConnectionRefusedError" in row.last_error

    settings.EMAIL_PORT = smtp_settings.port  # the server is back
    time_passes_until_due(row)
    assert send_due().sent == 1
    assert len(smtp_settings.messages()) == 1


def test_temporary_failures_end_after_the_last_attempt(smtp_settings):
    smtp_settings.set_mode("tempfail")
    row = queue()
    OutboxEmail.objects.filter(pk=row.pk).update(attempts=MAX_ATTEMPTS - 1)

    assert send_due().failed == 1
    fresh(row)
    assert (row.status, row.attempts) == ("failed", MAX_ATTEMPTS)
    assert "451" in row.last_error and f"gave up after {MAX_ATTEMPTS} attempts" in row.last_error


def test_one_refused_email_does_not_hold_up_the_others_in_the_batch(smtp_settings):
    first = queue(to="first@example.test")
    refused = queue(to=f"{UNKNOWN_USER}@example.test")
    last = queue(to="last@example.test")

    report = send_due()

    assert (report.sent, report.failed) == (2, 1)
    assert sorted(m["To"] for m in smtp_settings.messages()) == ["first@example.test", "last@example.test"]
    assert [fresh(row).status for row in (first, refused, last)] == ["sent", "failed", "sent"]


def test_retries_back_off_exponentially_up_to_an_hour():
    delays = [retry_delay(attempts) for attempts in range(1, MAX_ATTEMPTS + 3)]
    assert delays[:4] == [timedelta(seconds=30), timedelta(minutes=1), timedelta(minutes=2), timedelta(minutes=4)]
    assert all(later >= earlier for earlier, later in zip(delays, delays[1:]))
    assert max(delays) == timedelta(hours=1)


# Claims whose worker went away (arranged: a worker claimed the row, then stopped).


def claimed(row: OutboxEmail, *, expires_in: timedelta, handed_off: bool) -> None:
    now = timezone.now()
    OutboxEmail.objects.filter(pk=row.pk).update(
        status="sending", attempts=1, claim_token=uuid.uuid4(), claimed_until=now + expires_in,
        handoff_started_at=now - timedelta(seconds=1) if handed_off else None,
    )


def test_an_email_whose_worker_stopped_before_the_hand_off_is_sent_once_the_claim_expires(smtp_settings):
    row = queue()
    claimed(row, expires_in=timedelta(minutes=4), handed_off=False)
    assert not send_due()  # a live worker's claim is respected
    assert fresh(row).status == "sending"

    claimed(row, expires_in=-timedelta(seconds=1), handed_off=False)
    assert send_due().sent == 1
    assert [m["Message-ID"] for m in smtp_settings.messages()] == [row.message_id]
    assert (fresh(row).status, row.attempts) == ("sent", 2)


def test_an_email_whose_worker_stopped_during_the_hand_off_is_marked_uncertain_and_not_resent(smtp_settings):
    row = queue()
    claimed(row, expires_in=-timedelta(seconds=1), handed_off=True)

    assert send_due().uncertain == 1
    assert not send_due()
    fresh(row)
    assert row.status == "uncertain" and "may or may not have been delivered" in row.last_error
    assert smtp_settings.messages() == []
