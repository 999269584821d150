"""appointments.services.appointment_book: when a booking is accepted and where it lands."""
from datetime import time, timedelta

import pytest

from appointments import services
from appointments.hours import local_instant
from appointments.models import Appointment, BusinessHours, Resource
from common import errors
from testing import factories

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


@pytest.fixture
def chairs():
    factories.open_every_day(opens=time(9), closes=time(17))
    return [factories.resource(f"Chair {i}") for i in (1, 2, 3)]


@pytest.fixture
def haircut(chairs):
    return factories.service(name="Haircut", minutes=30, resources=chairs)


def at(hour: int, minute: int = 0, days: int = 7):
    return local_instant(factories.future_day(days), time(hour, minute))


def book(service, start, resource=None, customer=None):
    return services.appointment_book(
        customer=customer or factories.customer(), service=service, start=start, resource=resource
    )


def test_booking_inside_opening_hours_is_pending_and_lasts_the_service_duration(haircut):
    customer = factories.customer()
    appointment = services.appointment_book(customer=customer, service=haircut, start=at(10), notes="Short")

    stored = Appointment.objects.get(pk=appointment.pk)
    assert stored.status == Appointment.Status.PENDING
    assert stored.customer == customer
    assert stored.start == at(10)
    assert stored.end == at(10, 30)
    assert stored.notes == "Short"


@pytest.mark.parametrize("hour, minute", [(8, 30), (8, 59), (17, 0), (16, 45), (20, 0)])
def test_booking_outside_opening_hours_is_refused(haircut, hour, minute):
    # 16:45 starts inside opening hours but a 30-minute haircut would end after 17:00.
    with pytest.raises(errors.OutsideBusinessHours):
        book(haircut, at(hour, minute))
    assert not Appointment.objects.exists()


def test_the_last_slot_that_ends_exactly_at_closing_is_accepted(haircut):
    appointment = book(haircut, at(16, 30))
    assert appointment.end == at(17)


def test_booking_in_the_past_is_refused(haircut):
    with pytest.raises(errors.InvalidInput) as refused:
        book(haircut, at(10, days=-1))
    assert "start" in refused.value.fields
    assert not Appointment.objects.exists()


def test_booking_on_a_closed_day_is_refused(haircut):
    day = factories.future_day(7)
    factories.closed_on(day, reason="Bank holiday")
    with pytest.raises(errors.OutsideBusinessHours):
        book(haircut, local_instant(day, time(10)))
    # The day after is an ordinary day.
    assert book(haircut, local_instant(day + timedelta(days=1), time(10))).pk


def test_booking_on_a_weekday_without_opening_hours_is_refused(haircut):
    day = factories.future_day(7)
    BusinessHours.objects.filter(weekday=day.weekday()).delete()
    with pytest.raises(errors.OutsideBusinessHours):
        book(haircut, local_instant(day, time(10)))


def test_inactive_service_cannot_be_booked(haircut):
    haircut.active = False
    haircut.save()
    with pytest.raises(errors.InvalidInput) as refused:
        book(haircut, at(10))
    assert "service" in refused.value.fields


def test_service_limited_to_resources_is_only_booked_on_them(chairs):
    consultant = factories.resource("Jordan", kind=Resource.Kind.STAFF)
    consult = factories.service(name="Consultation", resources=[consultant])

    appointment = book(consult, at(10))
    assert appointment.resource == consultant
    with pytest.raises(errors.SlotUnavailable):
        book(consult, at(10))  # the three chairs are free, but they do not do consultations


def test_choosing_a_resource_that_does_not_offer_the_service_is_refused(chairs):
    consultant = factories.resource("Jordan", kind=Resource.Kind.STAFF)
    consult = factories.service(name="Consultation", resources=[consultant])
    with pytest.raises(errors.InvalidInput) as refused:
        book(consult, at(10), resource=chairs[0])
    assert "resource" in refused.value.fields


def test_service_whose_resources_are_all_inactive_cannot_be_booked_on_other_resources(chairs):
    # "No resources" means any resource; "resources that are all away" must not.
    jordan = factories.resource("Jordan", kind=Resource.Kind.STAFF)
    consult = factories.service(name="Consultation", resources=[jordan])
    jordan.active = False
    jordan.save()
    with pytest.raises(errors.SlotUnavailable):
        book(consult, at(10))
    assert not Appointment.objects.exists()


def test_service_without_resources_can_use_any_active_resource(chairs):
    walk_in = factories.service(name="Walk-in", resources=())
    chairs[0].active = False
    chairs[0].save()
    used = {book(walk_in, at(10)).resource for _ in range(2)}
    assert used == {chairs[1], chairs[2]}
    with pytest.raises(errors.SlotUnavailable):
        book(walk_in, at(10))


def test_chosen_resource_is_used(haircut, chairs):
    assert book(haircut, at(10), resource=chairs[2]).resource == chairs[2]


def test_chosen_resource_that_is_busy_is_refused_even_when_others_are_free(haircut, chairs):
    book(haircut, at(10), resource=chairs[1])
    with pytest.raises(errors.SlotUnavailable):
        book(haircut, at(10), resource=chairs[1])
    assert Appointment.objects.count() == 1


def test_without_a_choice_a_free_resource_is_picked(haircut, chairs):
    book(haircut, at(10), resource=chairs[0])
    book(haircut, at(10), resource=chairs[2])
    assert book(haircut, at(10)).resource == chairs[1]


def test_slot_unavailable_once_every_suitable_resource_is_taken(haircut, chairs):
    picked = [book(haircut, at(10)).resource for _ in chairs]
    assert sorted(r.id for r in picked) == sorted(c.id for c in chairs)

    with pytest.raises(errors.SlotUnavailable):
        book(haircut, at(10))
    assert Appointment.objects.count() == 3
    # The next slot is untouched.
    assert book(haircut, at(10, 30)).pk


def test_a_longer_service_overlapping_the_start_of_a_taken_slot_is_unavailable(chairs):
    colour = factories.service(name="Colour", minutes=90, resources=[chairs[0]])
    factories.appointment(service_=colour, resource_=chairs[0], day=factories.future_day(7), at=time(11))
    with pytest.raises(errors.SlotUnavailable):
        book(colour, at(10))  # 10:00-11:30 overlaps 11:00-12:30
    assert book(colour, at(9, 30)).end == at(11)  # ends exactly when the other starts


def test_cancelled_appointment_frees_its_resource(haircut, chairs):
    solo = factories.service(name="Beard trim", resources=[chairs[0]])
    first = book(solo, at(10))
    services.appointment_cancel(appointment=first)
    second = book(solo, at(10))
    assert second.resource == chairs[0]
