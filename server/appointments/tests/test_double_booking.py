"""No resource is ever booked twice at once: not by racing customers, not by a direct write.

Run on SQLite (a file database; BEGIN IMMEDIATE serialises writers) and on PostgreSQL
(`make test-postgres`: the exclusion constraint of migration 0002 decides races).
"""
import threading
from datetime import time, timedelta

import pytest
from django.db import IntegrityError, OperationalError, connection, transaction
from rest_framework.test import APIClient

from appointments import services
from appointments.hours import local_instant
from appointments.models import Appointment
from common import errors
from testing import factories

pytestmark = pytest.mark.postgres

CONTENDERS = 24
SUITABLE_RESOURCES = 3  # K: exactly this many of the contenders can win
ROUNDS = 3


def run_at_once(work, inputs) -> list[tuple[str, object]]:
    """Run work(input) on one real thread per input, released together; ("ok"|"error", value) each."""
    barrier = threading.Barrier(len(inputs))
    results: list = [None] * len(inputs)

    def worker(index, item):
        try:
            barrier.wait(timeout=10)
            results[index] = ("ok", work(item))
        except Exception as exc:  # collected and asserted on by the test
            results[index] = ("error", exc)
        finally:
            connection.close()  # each thread had its own connection

    threads = [threading.Thread(target=worker, args=(i, item)) for i, item in enumerate(inputs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a booking thread hung"
    return results


@pytest.fixture
def contested_slot():
    """A service K chairs can do, K+ customers, and the one slot they all want."""
    factories.open_every_day()
    chairs = [factories.resource(f"Chair {i}") for i in range(SUITABLE_RESOURCES)]
    factories.resource("Consultation room")  # free, but does not offer the service
    service = factories.service(resources=chairs)
    customers = [factories.customer(name=f"Customer {i}") for i in range(CONTENDERS)]
    start = local_instant(factories.future_day(3), time(10))
    return service, chairs, customers, start


@pytest.mark.django_db(transaction=True)
def test_concurrent_bookings_of_one_slot_fill_each_resource_exactly_once(contested_slot):
    service, chairs, customers, first_start = contested_slot

    # Several rounds: how the race plays out differs each time (on PostgreSQL two
    # inserts checking the exclusion constraint can deadlock; that must not leak out).
    for round_ in range(ROUNDS):
        start = first_start + timedelta(minutes=30 * round_)
        results = run_at_once(
            lambda customer, start=start: services.appointment_book(customer=customer, service=service, start=start).resource_id,
            customers,
        )

        won = [value for outcome, value in results if outcome == "ok"]
        lost = [value for outcome, value in results if outcome == "error"]
        assert sorted(won) == sorted(chair.id for chair in chairs)
        assert len(lost) == CONTENDERS - SUITABLE_RESOURCES
        assert all(isinstance(exc, errors.SlotUnavailable) for exc in lost), lost
        stored = Appointment.objects.filter(start=start).exclude(status=Appointment.Status.CANCELLED)
        assert sorted(stored.values_list("resource_id", flat=True)) == sorted(chair.id for chair in chairs)


@pytest.mark.django_db(transaction=True)
def test_concurrent_bookings_over_rest_get_201_k_times_and_409_otherwise(contested_slot):
    service, chairs, customers, start = contested_slot

    def book(customer):
        client = APIClient()
        client.force_authenticate(customer.user)
        response = client.post("/api/appointments", {"service": service.id, "start": start.isoformat()}, format="json")
        return response.status_code, response.json()

    results = run_at_once(book, customers)

    assert all(outcome == "ok" for outcome, _ in results), results
    statuses = sorted(status for _, (status, _) in results)
    assert statuses == [201] * SUITABLE_RESOURCES + [409] * (CONTENDERS - SUITABLE_RESOURCES)
    refused = [body for _, (status, body) in results if status == 409]
    assert {body["error"]["code"] for body in refused} == {"slot_unavailable"}
    booked = [body for _, (status, body) in results if status == 201]
    assert sorted(body["resource"]["id"] for body in booked) == sorted(chair.id for chair in chairs)
    assert Appointment.objects.filter(start=start).count() == SUITABLE_RESOURCES


@pytest.mark.django_db(transaction=True)
def test_concurrent_bookings_of_one_chosen_resource_have_one_winner(contested_slot):
    service, chairs, customers, start = contested_slot

    results = run_at_once(
        lambda customer: services.appointment_book(customer=customer, service=service, start=start, resource=chairs[0]).id,
        customers[:8],
    )

    assert [outcome for outcome, _ in results].count("ok") == 1
    assert all(isinstance(value, errors.SlotUnavailable) for outcome, value in results if outcome == "error")
    assert Appointment.objects.filter(resource=chairs[0]).count() == 1


@pytest.mark.django_db(transaction=True)
def test_one_customer_booking_the_same_time_on_every_chair_at_once_gets_one(contested_slot):
    service, chairs, customers, start = contested_slot
    customer = customers[0]

    for round_ in range(ROUNDS):
        at = start + timedelta(hours=round_)
        results = run_at_once(
            lambda chair, at=at: services.appointment_book(customer=customer, service=service, start=at, resource=chair).id,
            chairs * 2,
        )
        assert [outcome for outcome, _ in results].count("ok") == 1, results
        assert all(
            isinstance(value, errors.CustomerOverlap | errors.SlotUnavailable) for outcome, value in results if outcome == "error"
        ), results
    assert Appointment.objects.filter(customer=customer).count() == ROUNDS


@pytest.mark.django_db
def test_database_refuses_an_overlapping_row_for_one_customer(existing):
    moved = overlapping_row(existing, timedelta(minutes=15))
    moved.resource = factories.resource()  # another chair: only the customer overlaps
    with pytest.raises((IntegrityError, OperationalError)), transaction.atomic():
        moved.save()


# The database's own guarantee, whoever writes


@pytest.fixture
def existing():
    """A 10:00-10:30 appointment on one resource."""
    return factories.appointment(day=factories.future_day(3), at=time(10))


def overlapping_row(existing, shift: timedelta, **fields):
    return Appointment(
        customer=existing.customer, service=existing.service, resource=existing.resource,
        start=existing.start + shift, end=existing.end + shift, **fields,
    )


@pytest.mark.django_db
@pytest.mark.parametrize("shift_minutes", [0, 15, -15, -29, 29])
def test_database_refuses_an_overlapping_row_created_directly(existing, shift_minutes):
    with pytest.raises(IntegrityError), transaction.atomic():
        Appointment.objects.create(**_fields(overlapping_row(existing, timedelta(minutes=shift_minutes))))
    assert Appointment.objects.count() == 1


@pytest.mark.django_db
def test_database_refuses_a_longer_row_that_contains_another(existing):
    with pytest.raises(IntegrityError), transaction.atomic():
        Appointment.objects.create(
            customer=existing.customer, service=existing.service, resource=existing.resource,
            start=existing.start - timedelta(hours=1), end=existing.end + timedelta(hours=1),
        )


@pytest.mark.django_db
def test_database_refuses_an_update_that_makes_two_rows_overlap(existing):
    later = Appointment.objects.create(**_fields(overlapping_row(existing, timedelta(hours=1))))
    with pytest.raises(IntegrityError), transaction.atomic():
        Appointment.objects.filter(pk=later.pk).update(start=existing.start, end=existing.end)
    assert Appointment.objects.get(pk=later.pk).start == existing.start + timedelta(hours=1)


@pytest.mark.django_db
def test_database_refuses_reviving_a_cancelled_row_onto_a_taken_time(existing):
    cancelled = Appointment.objects.create(
        **_fields(overlapping_row(existing, timedelta(0), status=Appointment.Status.CANCELLED))
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Appointment.objects.filter(pk=cancelled.pk).update(status=Appointment.Status.PENDING)


@pytest.mark.django_db
def test_database_allows_back_to_back_cancelled_and_other_resource_rows(existing):
    Appointment.objects.create(**_fields(overlapping_row(existing, timedelta(minutes=30))))  # starts as it ends
    Appointment.objects.create(**_fields(overlapping_row(existing, timedelta(minutes=-30))))  # ends as it starts
    Appointment.objects.create(**_fields(overlapping_row(existing, timedelta(0), status=Appointment.Status.CANCELLED)))
    other = overlapping_row(existing, timedelta(0))
    other.resource = factories.resource()
    other.customer = factories.customer()  # one customer cannot be in two places (test_customer_overlap.py)
    other.save()
    assert Appointment.objects.count() == 5


def _fields(appointment: Appointment) -> dict:
    return {
        "customer": appointment.customer, "service": appointment.service, "resource": appointment.resource,
        "start": appointment.start, "end": appointment.end, "status": appointment.status,
    }
