"""Queueing emails with the change that causes them, and the in-process worker sending them.

Real commits and rollbacks (transaction=True), a real worker thread as the ASGI server
runs it, a real SMTP server process (testing.smtp).
"""
import pytest
from django.conf import settings
from django.db import transaction

from notifications.models import OutboxEmail
from notifications.services import email_enqueue, send_due
from notifications.tests.helpers import wait_until
from notifications.worker import OutboxWorker

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]

ICS = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Front desk//EN\r\nMETHOD:PUBLISH\r\nBEGIN:VEVENT\r\n"
    "UID:appointment-7@frontdesk.test\r\nDTSTAMP:20300101T090000Z\r\nDTSTART:20300101T100000Z\r\n"
    "DTEND:20300101T103000Z\r\nSUMMARY:Haircut\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
)


@pytest.fixture
def worker(smtp_settings):
    """The worker thread the ASGI server starts. Its poll is long: only a nudge wakes it soon."""
    running = OutboxWorker(poll_seconds=60).start()
    yield running
    running.stop()


def status_of(row: OutboxEmail) -> str:
    row.refresh_from_db()
    return row.status


def test_an_email_queued_in_a_committed_transaction_arrives_once_with_its_calendar_file(smtp, worker):
    with transaction.atomic():
        row = email_enqueue(
            to="casey@example.test", subject="Your booking is confirmed", text="See you on Tuesday at 10:00.",
            html="<p>See you on <b>Tuesday</b> at 10:00.</p>", attachments=[("visit.ics", ICS, "text/calendar")],
        )

    [message] = smtp.wait_for_messages(1)
    wait_until(lambda: status_of(row) == "sent", message="the row marked sent")
    assert (message["To"], message["From"], message["Subject"]) == (
        "casey@example.test", settings.DEFAULT_FROM_EMAIL, "Your booking is confirmed",
    )
    assert message["Message-ID"] == row.message_id
    assert message.get_body(("plain",)).get_content().strip() == "See you on Tuesday at 10:00."
    assert "<b>Tuesday</b>" in message.get_body(("html",)).get_content()
    [invite] = message.iter_attachments()
    assert (invite.get_filename(), invite.get_content_type()) == ("visit.ics", "text/calendar")
    assert invite.get_content().replace("\r\n", "\n") == ICS.replace("\r\n", "\n")
    # Sent once: another round finds nothing to send.
    assert not send_due()
    assert len(smtp.messages()) == 1
    row.refresh_from_db()
    assert (row.attempts, row.last_error) == (1, "") and row.sent_at is not None


def test_an_email_queued_while_the_worker_sleeps_goes_out_at_the_commit(smtp, worker):
    first = email_enqueue(to="first@example.test", subject="First", text="One.")
    smtp.wait_for_messages(1)
    wait_until(lambda: status_of(first) == "sent")  # the worker has gone back to sleep (60 s poll)

    with transaction.atomic():
        email_enqueue(to="second@example.test", subject="Second", text="Two.")

    assert [m["Subject"] for m in smtp.wait_for_messages(2, timeout=5)] == ["First", "Second"]


def test_a_rolled_back_transaction_sends_nothing(smtp, worker):
    with pytest.raises(RuntimeError), transaction.atomic():
        email_enqueue(to="casey@example.test", subject="Booking received", text="Thanks!")
        raise RuntimeError("the booking failed after the email was queued")
    after = email_enqueue(to="casey@example.test", subject="Something else", text="Later.")

    # The later email went out, and by then the worker had nothing else to send.
    [message] = smtp.wait_for_messages(1)
    wait_until(lambda: status_of(after) == "sent")
    assert message["Subject"] == "Something else"
    assert list(OutboxEmail.objects.values_list("subject", flat=True)) == ["Something else"]
    assert len(smtp.messages()) == 1


def test_a_dedupe_key_queues_an_email_once_without_spoiling_the_callers_transaction(smtp_settings):
    smtp = smtp_settings
    key = "reminder:appointment:7"
    with transaction.atomic():
        first = email_enqueue(to="casey@example.test", subject="Reminder: tomorrow at 10:00", text="See you.", dedupe_key=key)
        again = email_enqueue(to="casey@example.test", subject="Reminder (again)", text="See you.", dedupe_key=key)
        other = email_enqueue(to="casey@example.test", subject="Booking received", text="Thanks!")  # still usable
    assert again.pk == first.pk and other.pk != first.pk
    assert first.queued and not again.queued and other.queued

    send_due()
    email_enqueue(to="casey@example.test", subject="Reminder, once more", text="See you.", dedupe_key=key)
    send_due()

    assert sorted(m["Subject"] for m in smtp.messages()) == ["Booking received", "Reminder: tomorrow at 10:00"]
    assert OutboxEmail.objects.filter(dedupe_key=key).count() == 1


@pytest.mark.parametrize(
    "fields",
    [{"to": "not an address"}, {"to": ""}, {"subject": "Hello\nBcc: everyone@example.test"}],
    ids=["bad-address", "no-address", "header-injection"],
)
def test_an_email_that_could_never_be_sent_is_refused_when_queued(fields):
    with pytest.raises(ValueError):
        email_enqueue(**{"to": "casey@example.test", "subject": "Hello", "text": "Hi.", **fields})
    assert not OutboxEmail.objects.exists()
