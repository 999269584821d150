"""appointments.services.appointment_reschedule: moving a booking keeps the booking rules."""
from datetime import time

import pytest

from appointments import selectors, services
from appointments.hours import local_instant
from appointments.models import Appointment
from common import errors
from testing import factories

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


@pytest.fixture
def chairs():
    factories.open_every_day(opens=time(9), closes=time(17))
    return [factories.resource("Chair 1"), factories.resource("Chair 2")]


def at(hour, minute=0, days=7):
    return local_instant(factories.future_day(days), time(hour, minute))


def booked(service, resource, hour, status=Appointment.Status.PENDING):
    return factories.appointment(service_=service, resource_=resource, day=factories.future_day(7), at=time(hour), status=status)


def test_reschedule_moves_start_and_end_and_frees_the_old_time(chairs):
    solo = factories.service(minutes=45, resources=[chairs[0]])
    appointment = booked(solo, chairs[0], 10)

    moved = services.appointment_reschedule(appointment=appointment, start=at(14))

    stored = Appointment.objects.get(pk=appointment.pk)
    assert (stored.start, stored.end, stored.resource) == (at(14), at(14, 45), chairs[0])
    assert moved.start == at(14)
    free_starts = [slot["start"] for slot in selectors.availability(service=solo, day=factories.future_day(7))]
    assert at(10) in free_starts
    assert at(14) not in free_starts


def test_reschedule_may_overlap_its_own_old_time(chairs):
    solo = factories.service(minutes=60, resources=[chairs[0]])
    appointment = booked(solo, chairs[0], 10)
    services.appointment_reschedule(appointment=appointment, start=at(10, 30))
    assert Appointment.objects.get(pk=appointment.pk).start == at(10, 30)


def test_reschedule_onto_a_taken_time_is_refused_and_keeps_the_old_time(chairs):
    solo = factories.service(resources=[chairs[0]])
    appointment = booked(solo, chairs[0], 10)
    booked(solo, chairs[0], 14)
    with pytest.raises(errors.SlotUnavailable):
        services.appointment_reschedule(appointment=appointment, start=at(14))
    assert Appointment.objects.get(pk=appointment.pk).start == at(10)


def test_reschedule_without_a_resource_moves_to_a_free_one(chairs):
    both = factories.service(resources=chairs)
    appointment = booked(both, chairs[0], 10)
    booked(both, chairs[0], 14)
    services.appointment_reschedule(appointment=appointment, start=at(14))
    stored = Appointment.objects.get(pk=appointment.pk)
    assert (stored.start, stored.resource) == (at(14), chairs[1])


def test_reschedule_to_a_chosen_resource(chairs):
    both = factories.service(resources=chairs)
    appointment = booked(both, chairs[0], 10)
    services.appointment_reschedule(appointment=appointment, start=at(10), resource=chairs[1])
    assert Appointment.objects.get(pk=appointment.pk).resource == chairs[1]


@pytest.mark.parametrize(
    "start, error",
    [
        (lambda: at(10, days=-1), errors.InvalidInput),
        (lambda: at(8), errors.OutsideBusinessHours),
        (lambda: at(16, 45), errors.OutsideBusinessHours),
    ],
    ids=["past", "before-opening", "ends-after-closing"],
)
def test_reschedule_keeps_the_booking_rules(chairs, start, error):
    solo = factories.service(resources=[chairs[0]])
    appointment = booked(solo, chairs[0], 10)
    with pytest.raises(error):
        services.appointment_reschedule(appointment=appointment, start=start())
    assert Appointment.objects.get(pk=appointment.pk).start == at(10)


@pytest.mark.parametrize("status", [Appointment.Status.CANCELLED, Appointment.Status.COMPLETED, Appointment.Status.NO_SHOW])
def test_finished_appointments_cannot_be_rescheduled(chairs, status):
    solo = factories.service(resources=[chairs[0]])
    appointment = booked(solo, chairs[0], 10, status=status)
    with pytest.raises(errors.InvalidTransition):
        services.appointment_reschedule(appointment=appointment, start=at(12))
    assert Appointment.objects.get(pk=appointment.pk).start == at(10)


def test_confirmed_appointment_can_be_rescheduled_and_stays_confirmed(chairs):
    solo = factories.service(resources=[chairs[0]])
    appointment = booked(solo, chairs[0], 10, status=Appointment.Status.CONFIRMED)
    services.appointment_reschedule(appointment=appointment, start=at(12))
    stored = Appointment.objects.get(pk=appointment.pk)
    assert (stored.start, stored.status) == (at(12), Appointment.Status.CONFIRMED)
