"""appointments.selectors.availability: which slots a customer is offered."""
from datetime import time, timedelta

import pytest

from appointments.hours import business_zone, local_instant
from appointments.models import Appointment, BusinessHours
from appointments.selectors import availability
from testing import factories

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


@pytest.fixture
def chairs():
    factories.open_every_day(opens=time(9), closes=time(12))
    return [factories.resource(f"Chair {i}") for i in (1, 2, 3)]


@pytest.fixture
def day():
    return factories.future_day(7)


def wall(slots) -> list[str]:
    """Slot starts as local wall-clock times, the way the booking page shows them."""
    return [slot["start"].astimezone(business_zone()).strftime("%H:%M") for slot in slots]


def by_wall(slots) -> dict:
    return dict(zip(wall(slots), slots))


def test_free_day_offers_every_slot_on_every_resource(chairs, day):
    haircut = factories.service(minutes=30, resources=chairs)
    slots = availability(service=haircut, day=day)
    assert wall(slots) == ["09:00", "09:30", "10:00", "10:30", "11:00", "11:30"]
    assert all(slot["resource_ids"] == [c.id for c in chairs] for slot in slots)
    assert all(slot["end"] - slot["start"] == timedelta(minutes=30) for slot in slots)


def test_longer_service_is_only_offered_where_it_ends_by_closing(chairs, day):
    colour = factories.service(minutes=90, resources=chairs)
    assert wall(availability(service=colour, day=day)) == ["09:00", "09:30", "10:00", "10:30"]


def test_partially_booked_slot_lists_only_the_free_resources(chairs, day):
    haircut = factories.service(minutes=30, resources=chairs)
    factories.appointment(service_=haircut, resource_=chairs[0], day=day, at=time(10))

    slots = by_wall(availability(service=haircut, day=day))
    assert slots["10:00"]["resource_ids"] == [chairs[1].id, chairs[2].id]
    assert slots["09:30"]["resource_ids"] == [c.id for c in chairs]
    assert slots["10:30"]["resource_ids"] == [c.id for c in chairs]


def test_longer_service_sees_a_booking_that_starts_inside_it(chairs, day):
    haircut = factories.service(minutes=30, resources=chairs)
    colour = factories.service(minutes=60, resources=chairs)
    factories.appointment(service_=haircut, resource_=chairs[1], day=day, at=time(10))
    slots = by_wall(availability(service=colour, day=day))
    assert slots["09:30"]["resource_ids"] == [chairs[0].id, chairs[2].id]  # 09:30-10:30 meets 10:00
    assert slots["09:00"]["resource_ids"] == [c.id for c in chairs]  # 09:00-10:00 ends as it starts


def test_fully_booked_slot_is_not_offered(chairs, day):
    haircut = factories.service(minutes=30, resources=chairs)
    for chair in chairs:
        factories.appointment(service_=haircut, resource_=chair, day=day, at=time(11))
    assert "11:00" not in wall(availability(service=haircut, day=day))
    assert "11:30" in wall(availability(service=haircut, day=day))


def test_cancelled_appointments_do_not_block(chairs, day):
    haircut = factories.service(minutes=30, resources=[chairs[0]])
    factories.appointment(service_=haircut, resource_=chairs[0], day=day, at=time(10), status=Appointment.Status.CANCELLED)
    assert "10:00" in wall(availability(service=haircut, day=day))


def test_finished_appointments_still_block(chairs, day):
    haircut = factories.service(minutes=30, resources=[chairs[0]])
    factories.appointment(service_=haircut, resource_=chairs[0], day=day, at=time(10), status=Appointment.Status.COMPLETED)
    assert "10:00" not in wall(availability(service=haircut, day=day))


def test_service_limited_to_resources_offers_only_theirs(chairs, day):
    jordan = factories.resource("Jordan")
    consult = factories.service(resources=[jordan])
    factories.appointment(service_=consult, resource_=jordan, day=day, at=time(9))
    slots = availability(service=consult, day=day)
    assert {rid for slot in slots for rid in slot["resource_ids"]} == {jordan.id}
    assert "09:00" not in wall(slots)


def test_closed_day_and_day_without_hours_have_no_slots(chairs, day):
    haircut = factories.service(resources=chairs)
    factories.closed_on(day)
    assert availability(service=haircut, day=day) == []
    next_day = day + timedelta(days=1)
    BusinessHours.objects.filter(weekday=next_day.weekday()).delete()
    assert availability(service=haircut, day=next_day) == []
    assert availability(service=haircut, day=day + timedelta(days=2)) != []


def test_past_days_have_no_slots(chairs):
    haircut = factories.service(resources=chairs)
    assert availability(service=haircut, day=factories.future_day(-1)) == []


def test_slots_that_already_started_today_are_not_offered(chairs, clock):
    haircut = factories.service(resources=chairs)
    day = factories.future_day(7)
    clock(local_instant(day, time(10, 10)))  # "now" is 10:10 on that day
    assert wall(availability(service=haircut, day=day)) == ["10:30", "11:00", "11:30"]
    clock(local_instant(day, time(10, 30)))  # a slot starting right now is gone too
    assert wall(availability(service=haircut, day=day)) == ["11:00", "11:30"]
