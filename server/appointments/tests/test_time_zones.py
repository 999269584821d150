"""The business time zone: "today", opening hours and slots are local to it; storage is UTC.

The zone is settings.TIME_ZONE. Daylight-saving changes must not move appointments on
the wall clock, invent times that do not exist, or offer a repeated time twice.
"""
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from rest_framework.test import APIClient

from appointments import services
from appointments.hours import business_today, local_instant
from appointments.selectors import availability
from testing import factories

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

DST_ZONES = ["Europe/Berlin", "America/New_York"]


@pytest.fixture
def berlin(settings):
    settings.TIME_ZONE = "Europe/Berlin"
    return ZoneInfo("Europe/Berlin")


@pytest.fixture(params=DST_ZONES)
def dst_zone(request, settings):
    settings.TIME_ZONE = request.param
    return ZoneInfo(request.param)


def next_year() -> int:
    return business_today().year + 1


def transition_days(zone: ZoneInfo, year: int) -> tuple[date, date]:
    """(spring-forward day, fall-back day) of `zone` in `year`: the local days whose length is not 24 h."""
    spring = autumn = None
    day = date(year, 1, 1)
    while day.year == year:
        start = datetime.combine(day, time(0), tzinfo=zone)
        end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=zone)
        length = end.astimezone(UTC) - start.astimezone(UTC)
        if length < timedelta(hours=24):
            spring = day
        elif length > timedelta(hours=24):
            autumn = day
        day += timedelta(days=1)
    assert spring and autumn, f"{zone} has no daylight saving in {year}"
    return spring, autumn


def wall(instant: datetime, zone: ZoneInfo) -> str:
    return instant.astimezone(zone).strftime("%H:%M")


# "Today"


@pytest.mark.parametrize(
    "zone, expected",
    [("Europe/London", date(2031, 6, 2)), ("Europe/Berlin", date(2031, 6, 2)), ("America/New_York", date(2031, 6, 1)), ("UTC", date(2031, 6, 1))],
)
def test_today_is_the_date_in_the_business_zone(settings, clock, zone, expected):
    settings.TIME_ZONE = zone
    clock(datetime(2031, 6, 1, 23, 30, tzinfo=UTC))
    assert business_today() == expected


def test_dashboard_shows_the_business_local_today(berlin, clock, staff_api):
    factories.open_every_day()
    clock(datetime(2031, 6, 1, 23, 30, tzinfo=UTC))  # already 01:30 on 2 June in Berlin
    utc_day = factories.appointment(day=date(2031, 6, 1), at=time(10))
    local_day = factories.appointment(day=date(2031, 6, 2), at=time(10))

    body = staff_api.get("/api/dashboard").json()

    assert body["date"] == "2031-06-02"
    assert [a["id"] for a in body["today_appointments"]] == [local_day.id]
    assert utc_day.id not in [a["id"] for a in body["today_appointments"]]
    assert body["today_schedule"]["opens"] == "2031-06-02T09:00:00+02:00"


# Storage and representation


def test_times_are_stored_in_utc_and_answered_in_the_business_zone(berlin, customer_api):
    factories.open_every_day()
    service = factories.service(resources=[factories.resource()])
    day = date(next_year(), 1, 15)  # winter: Berlin is UTC+1

    response = customer_api.post(
        "/api/appointments", {"service": service.id, "start": f"{day}T09:00:00+01:00"}, format="json"
    )

    assert response.status_code == 201, response.json()
    assert response.json()["start"] == f"{day}T09:00:00+01:00"
    assert response.json()["end"] == f"{day}T09:30:00+01:00"
    with connection.cursor() as cursor:
        cursor.execute("SELECT start FROM appointments_appointment")
        [(raw,)] = cursor.fetchall()
    assert str(raw)[:19] == f"{day} 08:00:00"


def test_the_same_instant_written_in_utc_is_the_same_slot(berlin, customer_api):
    factories.open_every_day()
    service = factories.service(resources=[factories.resource()])
    day = date(next_year(), 1, 15)
    other_customer = APIClient()
    other_customer.force_authenticate(factories.customer().user)
    first = customer_api.post("/api/appointments", {"service": service.id, "start": f"{day}T09:00:00+01:00"}, format="json")
    again = other_customer.post("/api/appointments", {"service": service.id, "start": f"{day}T08:00:00Z"}, format="json")
    assert first.status_code == 201
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "slot_unavailable"


def test_opening_hours_are_local_not_utc(berlin, customer_api):
    factories.open_every_day(opens=time(9), closes=time(17))
    service = factories.service(resources=[factories.resource()])
    day = date(next_year(), 1, 15)
    # 08:30 UTC is 09:30 in Berlin: open. 16:30 UTC is 17:30 in Berlin: closed.
    assert customer_api.post("/api/appointments", {"service": service.id, "start": f"{day}T08:30:00Z"}, format="json").status_code == 201
    late = customer_api.post("/api/appointments", {"service": service.id, "start": f"{day}T16:30:00Z"}, format="json")
    assert late.status_code == 400
    assert late.json()["error"]["code"] == "outside_business_hours"


def test_date_filter_means_the_local_day(berlin, staff_api):
    day = date(next_year(), 1, 15)
    just_after_midnight = factories.appointment(day=day, at=time(0, 30))  # 23:30 UTC the day before
    late_evening = factories.appointment(day=day, at=time(23, 30))  # 22:30 UTC the same day

    def ids(on: date):
        return [a["id"] for a in staff_api.get(f"/api/appointments?date={on}").json()]

    assert ids(day) == [just_after_midnight.id, late_evening.id]
    assert ids(day - timedelta(days=1)) == []
    assert ids(day + timedelta(days=1)) == []


# Daylight saving


@pytest.mark.parametrize("transition", ["spring", "autumn"])
def test_nine_oclock_stays_nine_oclock_on_both_sides_of_a_transition(dst_zone, transition):
    factories.open_every_day(opens=time(9), closes=time(12))
    service = factories.service(resources=[factories.resource()])
    spring, autumn = transition_days(dst_zone, next_year())
    changed = spring if transition == "spring" else autumn

    firsts = {}
    for offset in (-1, 0, 1):
        day = changed + timedelta(days=offset)
        slots = availability(service=service, day=day)
        assert [wall(slot["start"], dst_zone) for slot in slots][:2] == ["09:00", "09:30"]
        firsts[offset] = slots[0]["start"]
    # The wall clock stayed put, so the UTC instant moved by the size of the change.
    assert firsts[-1].astimezone(dst_zone).utcoffset() != firsts[1].astimezone(dst_zone).utcoffset()
    assert firsts[0].astimezone(dst_zone).utcoffset() == firsts[1].astimezone(dst_zone).utcoffset()

    appointment = services.appointment_book(customer=factories.customer(), service=service, start=firsts[1])
    assert wall(appointment.start, dst_zone) == "09:00"


def test_booked_nine_oclock_reads_back_with_the_right_offset_each_side(berlin, staff_api):
    factories.open_every_day()
    service = factories.service(resources=[factories.resource()])
    spring, autumn = transition_days(berlin, next_year())
    customer = factories.customer()
    for day, offset in [(spring - timedelta(days=1), "+01:00"), (spring, "+02:00"), (autumn - timedelta(days=1), "+02:00"), (autumn, "+01:00")]:
        appointment = services.appointment_book(customer=customer, service=service, start=local_instant(day, time(9)))
        assert staff_api.get(f"/api/appointments/{appointment.id}").json()["start"] == f"{day}T09:00:00{offset}"


def test_night_opening_over_spring_forward_offers_no_nonexistent_time(dst_zone):
    factories.open_every_day(opens=time(0), closes=time(4))
    service = factories.service(resources=[factories.resource()])
    spring, _ = transition_days(dst_zone, next_year())

    slots = availability(service=service, day=spring)

    # 02:00 and 02:30 never happen that night.
    assert [wall(slot["start"], dst_zone) for slot in slots] == ["00:00", "00:30", "01:00", "01:30", "03:00", "03:30"]
    starts = [slot["start"] for slot in slots]
    assert starts == sorted(set(starts))
    for slot in slots:
        assert slot["end"] - slot["start"] == timedelta(minutes=30)
        assert slot["start"].astimezone(dst_zone).astimezone(UTC) == slot["start"]
    assert local_instant(spring, time(2, 30)) is None


def test_night_opening_over_fall_back_offers_each_wall_time_once(dst_zone):
    factories.open_every_day(opens=time(0), closes=time(4))
    service = factories.service(resources=[factories.resource()])
    _, autumn = transition_days(dst_zone, next_year())

    slots = availability(service=service, day=autumn)

    walls = [wall(slot["start"], dst_zone) for slot in slots]
    assert walls == ["00:00", "00:30", "01:00", "01:30", "02:00", "02:30", "03:00", "03:30"]
    starts = [slot["start"] for slot in slots]
    assert len(set(starts)) == len(starts)
    # In order and never overlapping, although 02:00-03:00 happens twice that night.
    for earlier, later in zip(slots, slots[1:]):
        assert earlier["end"] <= later["start"]


def test_night_opening_over_fall_back_can_be_fully_booked_without_conflicts(dst_zone):
    factories.open_every_day(opens=time(0), closes=time(4))
    service = factories.service(resources=[factories.resource()])
    _, autumn = transition_days(dst_zone, next_year())
    customer = factories.customer()

    for slot in availability(service=service, day=autumn):
        services.appointment_book(customer=customer, service=service, start=slot["start"])

    assert availability(service=service, day=autumn) == []
