"""Periodic hooks run by the outbox worker loop, and taking back emails not yet sent."""
import pytest
from django.utils import timezone

from notifications import periodic
from notifications import worker as worker_module
from notifications.models import OutboxEmail
from notifications.services import email_enqueue, email_withdraw
from notifications.worker import OutboxWorker

pytestmark = [pytest.mark.django_db(transaction=True)]  # the worker step closes connections


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch):
    fake = Clock()
    monkeypatch.setattr(worker_module.time, "monotonic", fake)
    return fake


class CountingHook(list):
    def __call__(self):
        self.append(1)


@pytest.fixture
def hook():
    counting = CountingHook()
    periodic.register(counting)
    yield counting
    periodic.unregister(counting)


def test_the_worker_runs_the_hooks_at_most_once_per_interval(clock, hook):
    worker = OutboxWorker(poll_seconds=10, periodic_seconds=60)

    worker.step()
    worker.step()
    clock.now += 59
    worker.step()
    assert len(hook) == 1
    clock.now += 1
    worker.step()
    assert len(hook) == 2


def test_the_worker_wakes_up_in_time_for_the_next_run_of_the_hooks(clock, hook):
    worker = OutboxWorker(poll_seconds=300, periodic_seconds=60)

    assert worker.step() == 60
    clock.now += 45
    assert worker.step() == 15


def test_a_worker_without_periodic_hooks_only_sends(clock, hook):
    worker = OutboxWorker(poll_seconds=10, periodic_seconds=None)
    worker.step()
    assert hook == [] and worker.step() == 10


def test_a_failing_hook_neither_stops_the_others_nor_the_sending(clock, hook, caplog):
    def broken_hook():
        raise RuntimeError("boom")

    periodic.unregister(hook)
    periodic.register(broken_hook)
    periodic.register(hook)  # after the broken one
    row = email_enqueue(to="casey@example.test", subject="Hello", text="Hi.")
    try:
        OutboxWorker(poll_seconds=10).step()
    finally:
        periodic.unregister(broken_hook)

    assert hook == [1]
    assert "periodic hook" in caplog.text and "boom" in caplog.text
    row.refresh_from_db()
    assert row.status == "sent"  # the locmem backend of the tests


def test_registering_twice_registers_once(hook):
    periodic.register(hook)
    assert periodic.registered().count(hook) == 1
    assert periodic.run_hooks() == 0
    assert hook == [1]


# --- email_withdraw ------------------------------------------------------------------------


def test_withdraw_takes_back_pending_emails_of_a_key_prefix_only():
    def queue(key):
        return email_enqueue(to="casey@example.test", subject=key, text="See you.", dedupe_key=key)

    pending = queue("reminder:7:2030-01-01T10:00:00+00:00")
    retrying = queue("reminder:7:2030-01-01T11:00:00+00:00")
    sent = queue("reminder:7:2030-01-01T09:00:00+00:00")
    claimed = queue("reminder:7:2030-01-01T08:00:00+00:00")
    other_appointment = queue("reminder:70:2030-01-01T10:00:00+00:00")
    OutboxEmail.objects.filter(pk=sent.pk).update(status="sent", sent_at=timezone.now())
    OutboxEmail.objects.filter(pk=claimed.pk).update(status="sending", claimed_until=timezone.now())
    OutboxEmail.objects.filter(pk=retrying.pk).update(attempts=2, last_error="451 try again later")

    assert email_withdraw(dedupe_key_prefix="reminder:7:") == 2

    assert set(OutboxEmail.objects.values_list("pk", flat=True)) == {sent.pk, claimed.pk, other_appointment.pk}
    assert not OutboxEmail.objects.filter(pk=pending.pk).exists()


def test_withdraw_needs_a_prefix():
    with pytest.raises(ValueError):
        email_withdraw(dedupe_key_prefix="")
