"""The customer's appointment emails, queued in a transaction and delivered by the outbox
worker step to a real SMTP server process (testing.smtp).

The notices are called directly, the way the services call them: inside the transaction
of the change, after saving it.
"""
import threading
from datetime import UTC, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.db import connections, transaction

from appointments import notices
from appointments.models import Appointment
from appointments.notices import (
    notify_booked,
    notify_cancelled,
    notify_confirmed,
    notify_rescheduled,
    reminder_key,
    reminders_enqueue_due,
)
from appointments.tests.ical import the_event
from notifications import periodic
from notifications.models import OutboxEmail
from notifications.services import send_due
from notifications.tests.helpers import wait_until
from notifications.worker import OutboxWorker
from testing import factories

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]

Status = Appointment.Status
SITE = "https://frontdesk.example.com"
LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def site(settings, smtp_settings):
    settings.SITE_URL = SITE
    settings.BUSINESS_NAME = "Salon Rouge"
    settings.TIME_ZONE = "Europe/London"
    settings.REMINDER_HOURS = 24
    return smtp_settings


def short(instant) -> str:
    """How subjects write a time: "Tue 8 Dec at 10:00" in the business zone."""
    local = instant.astimezone(LONDON)
    return f"{local:%a} {local.day} {local:%b} at {local:%H:%M}"


def text_of(message) -> str:
    return message.get_body(("plain",)).get_content()


def html_of(message) -> str:
    return message.get_body(("html",)).get_content()


def calendar_of(message) -> dict:
    [attachment] = list(message.iter_attachments())
    assert attachment.get_filename() == "appointment.ics"
    assert attachment.get_content_type() == "text/calendar"
    return the_event(attachment.get_content())


def deliver(smtp, count: int) -> list:
    """The outbox worker's step, then what the mail server received."""
    send_due()
    return smtp.wait_for_messages(count)


def reminders() -> list[OutboxEmail]:
    return list(OutboxEmail.objects.filter(dedupe_key__startswith="reminder:").order_by("id"))


# --- Booked, confirmed, cancelled, moved -----------------------------------------------------


def test_a_booking_request_is_acknowledged_with_the_calendar_file_and_an_absolute_link(site):
    smtp = site
    customer = factories.customer(name="Casey Jones", email="casey@example.test")
    appointment = factories.appointment(
        customer_=customer, service_=factories.service("Haircut"), resource_=factories.resource("Chair 1"), at=time(10),
    )

    with transaction.atomic():
        notify_booked(appointment)
    [message] = deliver(smtp, 1)

    assert message["To"] == "casey@example.test"
    assert message["Subject"] == f"Booking received: Haircut on {short(appointment.start)}"
    text = text_of(message)
    assert "Hello Casey Jones," in text
    assert "Haircut with Chair 1" in text
    local = appointment.start.astimezone(LONDON)
    assert f"{local:%A} {local.day} {local:%B} {local.year}, 10:00–10:30 {local.tzname()} (Europe/London)" in text
    assert "awaiting confirmation" in text
    assert f"{SITE}/my-appointments/" in text
    assert f'href="{SITE}/my-appointments/"' in html_of(message)
    event = calendar_of(message)
    assert event["UID"] == f"appointment-{appointment.pk}@frontdesk.example.com"
    assert event["STATUS"] == "TENTATIVE"
    assert event["SUMMARY"] == "Haircut at Salon Rouge"


def test_a_booking_whose_transaction_rolls_back_sends_nothing(site):
    smtp = site
    appointment = factories.appointment()

    with pytest.raises(RuntimeError), transaction.atomic():
        notify_booked(appointment)
        raise RuntimeError("the booking failed after the notice was queued")

    assert not OutboxEmail.objects.exists()
    assert not send_due()
    assert smtp.messages() == []


def test_a_booking_staff_made_is_confirmed_at_once(site):
    appointment = factories.appointment(status=Status.CONFIRMED)

    with transaction.atomic():
        notify_booked(appointment)
    [message] = deliver(site, 1)

    assert message["Subject"] == f"Booking confirmed: Haircut on {short(appointment.start)}"
    assert "awaiting confirmation" not in text_of(message)
    assert calendar_of(message)["STATUS"] == "CONFIRMED"


def test_a_confirmation_updates_the_calendar_event(site):
    appointment = factories.appointment(status=Status.CONFIRMED)
    appointment.version = 2

    with transaction.atomic():
        notify_confirmed(appointment)
    [message] = deliver(site, 1)

    assert message["Subject"] == f"Booking confirmed: Haircut on {short(appointment.start)}"
    assert "your appointment is confirmed" in text_of(message)
    event = calendar_of(message)
    assert (event["STATUS"], event["SEQUENCE"]) == ("CONFIRMED", "2")


@pytest.mark.parametrize(("by_staff", "previous", "subject", "wording"), [
    (True, Status.PENDING, "Booking declined", "we could not accept your booking request"),
    (True, Status.CONFIRMED, "Appointment cancelled", "we have had to cancel your appointment"),
    (False, Status.CONFIRMED, "Cancellation confirmed", "cancelled, as you asked"),
    (False, Status.PENDING, "Cancellation confirmed", "cancelled, as you asked"),
])
def test_a_cancellation_says_who_cancelled_and_why(site, by_staff, previous, subject, wording):
    appointment = factories.appointment(status=Status.CANCELLED)

    with transaction.atomic():
        notify_cancelled(appointment, reason="The stylist is ill, sorry", by_staff=by_staff, previous_status=previous)
    [message] = deliver(site, 1)

    assert message["Subject"] == f"{subject}: Haircut on {short(appointment.start)}"
    assert wording in text_of(message)
    assert "Reason: The stylist is ill, sorry" in text_of(message)
    assert calendar_of(message)["STATUS"] == "CANCELLED"


def test_a_move_names_the_old_and_the_new_time(site):
    appointment = factories.appointment(status=Status.CONFIRMED, at=time(10))
    previous_start = appointment.start

    with transaction.atomic():
        appointment.start += timedelta(days=1, hours=1)
        appointment.end += timedelta(days=1, hours=1)
        appointment.version += 1
        appointment.save()
        notify_rescheduled(appointment, previous_start=previous_start)
    [message] = deliver(site, 1)

    assert message["Subject"] == f"Appointment moved: Haircut now on {short(appointment.start)}"
    text = text_of(message)
    old, new = previous_start.astimezone(LONDON), appointment.start.astimezone(LONDON)
    assert f"Now:    {new:%A} {new.day} {new:%B} {new.year}, 11:00–11:30" in text
    assert f"Was:    {old:%A} {old.day} {old:%B} {old.year}, 10:00–10:30" in text
    event = calendar_of(message)
    assert event["SEQUENCE"] == "2"
    assert event["DTSTART"] == appointment.start.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def test_a_move_to_another_resource_at_the_same_time_says_so(site):
    appointment = factories.appointment(status=Status.CONFIRMED, at=time(10))

    with transaction.atomic():
        appointment.resource = factories.resource("Sam (senior stylist)")
        appointment.save()
        notify_rescheduled(appointment, previous_start=appointment.start)
    [message] = deliver(site, 1)

    assert message["Subject"] == f"Appointment changed: Haircut on {short(appointment.start)}"
    text = text_of(message)
    assert "same time, now with Sam (senior stylist)" in text
    assert "Was:" not in text


# --- Who gets nothing --------------------------------------------------------------------------


def test_a_customer_without_an_email_address_gets_nothing(site):
    walk_in = factories.customer(name="Walk-in Wendy", phone="+44 7700 900456")
    walk_in.user.email = ""
    walk_in.user.save()
    appointment = factories.appointment(customer_=walk_in)

    with transaction.atomic():
        assert notify_booked(appointment) is None
        assert notify_confirmed(appointment) is None
    assert reminders_enqueue_due(appointment.start - timedelta(hours=2)) == 0

    assert not OutboxEmail.objects.exists()
    assert not send_due()


@pytest.mark.parametrize("status", [Status.COMPLETED, Status.NO_SHOW])
def test_an_appointment_that_is_over_sends_nothing(site, status):
    appointment = factories.appointment(status=status)

    with transaction.atomic():
        assert notify_confirmed(appointment) is None
        assert notify_cancelled(appointment, reason="", by_staff=True) is None
        assert notify_rescheduled(appointment, previous_start=appointment.start) is None

    assert not OutboxEmail.objects.exists()


# --- Escaping ----------------------------------------------------------------------------------


def test_names_and_reasons_are_escaped_in_the_html_and_kept_as_typed_in_the_text(site):
    customer = factories.customer(name="<script>alert('hi')</script> O'Brien & Co", email="obrien@example.test")
    appointment = factories.appointment(
        customer_=customer, service_=factories.service("Cut & <b>colour</b>"), status=Status.CANCELLED,
    )

    with transaction.atomic():
        notify_cancelled(appointment, reason="<img src=x onerror=alert(1)>\nSee you", by_staff=True,
                         previous_status=Status.PENDING)
    [message] = deliver(site, 1)

    html = html_of(message)
    assert "<script>" not in html and "<img" not in html and "<b>colour" not in html
    assert "&lt;script&gt;alert(&#x27;hi&#x27;)&lt;/script&gt; O&#x27;Brien &amp; Co" in html
    assert "Cut &amp; &lt;b&gt;colour&lt;/b&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;<br>See you" in html
    text = text_of(message)
    assert "Hello <script>alert('hi')</script> O'Brien & Co," in text
    assert "Reason: <img src=x onerror=alert(1)>" in text
    assert message["Subject"] == f"Booking declined: Cut & <b>colour</b> on {short(appointment.start)}"


# --- Reminders ---------------------------------------------------------------------------------


def test_a_reminder_is_queued_once_however_often_the_check_runs(site):
    appointment = factories.appointment(status=Status.CONFIRMED, at=time(10))
    now = appointment.start - timedelta(hours=3)

    assert reminders_enqueue_due(now) == 1
    assert reminders_enqueue_due(now) == 0
    assert reminders_enqueue_due(now + timedelta(minutes=30)) == 0
    [message] = deliver(site, 1)
    assert reminders_enqueue_due(now + timedelta(hours=1)) == 0  # sent: still once

    [row] = reminders()
    assert row.dedupe_key == reminder_key(appointment)
    assert message["Subject"] == f"Reminder: Haircut on {short(appointment.start)}"
    assert f"{SITE}/my-appointments/" in text_of(message)
    assert calendar_of(message)["STATUS"] == "CONFIRMED"
    send_due()
    assert len(site.messages()) == 1


def test_reminders_cover_pending_and_confirmed_appointments_starting_within_the_reminder_hours(site):
    window_hours = 24
    day = factories.future_day(7)
    now = factories.appointment(day=day, at=time(9)).start - timedelta(hours=1)  # pending, in 1 hour: reminded
    confirmed_soon = factories.appointment(day=day, at=time(16), status=Status.CONFIRMED)
    at_the_edge = Appointment.objects.create(
        customer=factories.customer(), service=confirmed_soon.service, resource=factories.resource(),
        start=now + timedelta(hours=window_hours), end=now + timedelta(hours=window_hours, minutes=30),
    )
    factories.appointment(day=day + timedelta(days=1), at=time(16))  # 31 hours away: not yet
    factories.appointment(day=day, at=time(11), status=Status.CANCELLED)
    factories.appointment(day=day, at=time(12), status=Status.COMPLETED)
    Appointment.objects.create(  # started already
        customer=factories.customer(), service=confirmed_soon.service, resource=factories.resource(),
        start=now - timedelta(minutes=10), end=now + timedelta(minutes=20), status=Status.CONFIRMED,
    )

    assert reminders_enqueue_due(now) == 3

    assert {row.dedupe_key.split(":")[1] for row in reminders()} == {
        str(pk) for pk in Appointment.objects.filter(start__gt=now, start__lte=at_the_edge.start)
        .exclude(status__in=[Status.CANCELLED, Status.COMPLETED]).values_list("pk", flat=True)
    }
    assert len(deliver(site, 3)) == 3


def test_the_reminder_hours_setting_sets_the_window(site, settings):
    settings.REMINDER_HOURS = 2
    appointment = factories.appointment(at=time(13))

    assert reminders_enqueue_due(appointment.start - timedelta(hours=3)) == 0
    assert reminders_enqueue_due(appointment.start - timedelta(hours=2)) == 1


def test_after_a_reschedule_the_reminder_comes_again_for_the_new_time(site):
    appointment = factories.appointment(status=Status.CONFIRMED, at=time(10))
    now = appointment.start - timedelta(hours=5)
    assert reminders_enqueue_due(now) == 1
    [first] = deliver(site, 1)

    previous_start = appointment.start
    with transaction.atomic():
        appointment.start += timedelta(hours=4)
        appointment.end += timedelta(hours=4)
        appointment.version += 1
        appointment.save()
        notify_rescheduled(appointment, previous_start=previous_start)

    assert reminders_enqueue_due(now + timedelta(minutes=1)) == 1
    assert reminders_enqueue_due(now + timedelta(minutes=2)) == 0
    messages = deliver(site, 3)

    assert [message["Subject"] for message in messages] == [
        f"Reminder: Haircut on {short(previous_start)}",
        f"Appointment moved: Haircut now on {short(appointment.start)}",
        f"Reminder: Haircut on {short(appointment.start)}",
    ]
    assert [row.dedupe_key for row in reminders()] == [
        f"reminder:{appointment.pk}:{previous_start.astimezone(UTC).isoformat()}", reminder_key(appointment),
    ]


def test_a_reminder_still_waiting_to_be_sent_is_taken_back_when_the_appointment_moves_or_is_cancelled(site):
    moved = factories.appointment(status=Status.CONFIRMED, at=time(10))
    cancelled = factories.appointment(status=Status.CONFIRMED, at=time(11))
    now = moved.start - timedelta(hours=5)
    assert reminders_enqueue_due(now) == 2  # the mail server is down, say: both still pending

    with transaction.atomic():
        previous_start = moved.start
        moved.start += timedelta(hours=3)
        moved.end += timedelta(hours=3)
        moved.save()
        notify_rescheduled(moved, previous_start=previous_start)
    with transaction.atomic():
        cancelled.status = Status.CANCELLED
        cancelled.save()
        notify_cancelled(cancelled, reason="", by_staff=False, previous_status=Status.CONFIRMED)
    assert reminders_enqueue_due(now) == 1
    messages = deliver(site, 3)

    assert sorted(message["Subject"] for message in messages) == sorted([
        f"Appointment moved: Haircut now on {short(moved.start)}",
        f"Cancellation confirmed: Haircut on {short(cancelled.start)}",
        f"Reminder: Haircut on {short(moved.start)}",
    ])


def test_two_workers_checking_at_the_same_moment_queue_each_reminder_once(site):
    day = factories.future_day(3)
    appointments = [factories.appointment(day=day, at=time(9 + n), status=Status.CONFIRMED) for n in range(6)]
    now = appointments[0].start - timedelta(hours=1)
    start_together = threading.Barrier(2)
    errors: list[BaseException] = []
    counts: list[int] = []

    def worker():
        try:
            start_together.wait(timeout=10)
            for _ in range(3):
                counts.append(reminders_enqueue_due(now))
        except BaseException as exc:  # reported by the test below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert not errors, errors
    assert sorted(row.dedupe_key for row in reminders()) == sorted(reminder_key(a) for a in appointments)
    assert sum(counts) == 6  # each queued by one of them
    messages = deliver(site, 6)
    assert sorted(message["To"] for message in messages) == sorted(a.customer.user.email for a in appointments)


def test_the_outbox_worker_sends_reminders_without_being_asked(site, settings):
    settings.REMINDER_HOURS = 24 * 30  # the factory's appointments are a week ahead
    appointment = factories.appointment(status=Status.CONFIRMED)
    assert notices.reminders_enqueue_due in periodic.registered()  # appointments.apps registers it

    worker = OutboxWorker(poll_seconds=60).start()
    try:
        [message] = site.wait_for_messages(1)
    finally:
        worker.stop()

    assert message["Subject"] == f"Reminder: Haircut on {short(appointment.start)}"
    wait_until(lambda: reminders()[0].status == "sent")


def test_send_reminders_is_one_pass_for_cron(site, settings, capsys):
    settings.REMINDER_HOURS = 24 * 30
    factories.appointment()

    call_command("send_reminders")
    call_command("send_reminders")

    assert capsys.readouterr().out.splitlines() == [
        "queued 1 reminder(s) for appointments in the next 720 hours",
        "queued 0 reminder(s) for appointments in the next 720 hours",
    ]
    assert len(reminders()) == 1
