"""The customer's month calendar and "next available" (appointments.availability, public_api).

Every date here is weeks or months away from today (or wholly in the past), so no test
depends on the time of day it runs at; nothing is frozen.
"""
from datetime import date, datetime, time, timedelta

import pytest
from django.test import override_settings

from appointments.availability import days_with_availability, next_available
from appointments.hours import business_today, business_zone, local_instant
from appointments.models import Appointment, BusinessHours, ClosedDay
from testing import factories

pytestmark = pytest.mark.django_db


def month_ahead(months: int = 3) -> date:
    """The first day of a month `months` months after this one."""
    today = business_today()
    index = today.year * 12 + today.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def first_weekday(month: date, weekday: int) -> date:
    return month + timedelta(days=(weekday - month.weekday()) % 7)


def by_date(days: list[dict]) -> dict[str, dict]:
    return {day["date"].isoformat(): day for day in days}


def book_all_day(service, resource, day: date, opens=time(9), closes=time(11)) -> None:
    """Fill `resource` from opening to closing with `service` appointments."""
    at = factories.instant(day, opens)
    end = factories.instant(day, closes)
    customer = factories.customer()
    while at < end:
        wall = at.astimezone(business_zone()).time()
        factories.appointment(customer_=customer, service_=service, resource_=resource, day=day, at=wall,
                              status=Appointment.Status.CONFIRMED)
        at += timedelta(minutes=service.duration_minutes)


def close_until(last: date) -> None:
    """A ClosedDay for every day from today to `last`: nothing before it can be offered."""
    day, rows = business_today(), []
    while day <= last:
        rows.append(ClosedDay(date=day, reason="Test"))
        day += timedelta(days=1)
    ClosedDay.objects.bulk_create(rows)


@pytest.fixture
def chairs():
    return [factories.resource("Chair 1"), factories.resource("Chair 2")]


@pytest.fixture
def haircut(chairs):
    return factories.service(name="Haircut", minutes=30, resources=chairs)


# --- selectors ------------------------------------------------------------------------


def test_every_day_of_the_month_is_listed_in_order(haircut):
    factories.open_every_day(opens=time(9), closes=time(11))
    month = month_ahead()
    days = days_with_availability(service=haircut, month=month)
    assert days[0]["date"] == month
    assert [d["date"] for d in days] == [month + timedelta(days=i) for i in range(len(days))]
    assert days[-1]["date"].month == month.month and (days[-1]["date"] + timedelta(days=1)).day == 1
    assert all(d["open"] and d["available"] for d in days)


def test_weekdays_without_hours_and_closed_days_are_not_open(haircut):
    for weekday in range(5):  # Monday to Friday only
        BusinessHours.objects.create(weekday=weekday, opens=time(9), closes=time(11))
    month = month_ahead()
    holiday = first_weekday(month, 2)  # a Wednesday
    factories.closed_on(holiday)

    days = by_date(days_with_availability(service=haircut, month=month))
    saturday, sunday, tuesday = first_weekday(month, 5), first_weekday(month, 6), first_weekday(month, 1)
    for closed in (saturday, sunday, holiday):
        assert days[closed.isoformat()] == {"date": closed, "open": False, "available": False}
    assert days[tuesday.isoformat()] == {"date": tuesday, "open": True, "available": True}


def test_a_fully_booked_day_is_open_but_not_available(haircut, chairs):
    factories.open_every_day(opens=time(9), closes=time(11))
    month = month_ahead()
    full, next_day = month + timedelta(days=9), month + timedelta(days=10)
    for chair in chairs:
        book_all_day(haircut, chair, full)
    book_all_day(haircut, chairs[0], next_day)  # one chair left that day

    days = by_date(days_with_availability(service=haircut, month=month))
    assert days[full.isoformat()] == {"date": full, "open": True, "available": False}
    assert days[next_day.isoformat()]["available"] is True


def test_cancelled_appointments_leave_the_day_available(haircut, chairs):
    factories.open_every_day(opens=time(9), closes=time(11))
    day = month_ahead() + timedelta(days=4)
    for chair in chairs:
        book_all_day(haircut, chair, day)
    Appointment.objects.filter(resource=chairs[1]).update(status=Appointment.Status.CANCELLED)
    assert by_date(days_with_availability(service=haircut, month=day))[day.isoformat()]["available"] is True


def test_past_days_are_open_but_never_available(haircut):
    factories.open_every_day(opens=time(9), closes=time(11))
    past_month = month_ahead(-2)
    days = days_with_availability(service=haircut, month=past_month)
    assert all(d["open"] for d in days)
    assert not any(d["available"] for d in days)

    this_month = days_with_availability(service=haircut, month=business_today())
    today = business_today()
    assert not any(d["available"] for d in this_month if d["date"] < today)
    assert all(d["available"] for d in this_month if d["date"] > today)


def test_resource_filter_counts_only_that_resources_free_times(haircut, chairs):
    factories.open_every_day(opens=time(9), closes=time(11))
    month = month_ahead()
    day = month + timedelta(days=14)
    book_all_day(haircut, chairs[0], day)

    assert by_date(days_with_availability(service=haircut, month=month))[day.isoformat()]["available"] is True
    only_chair1 = by_date(days_with_availability(service=haircut, month=month, resource=chairs[0]))
    assert only_chair1[day.isoformat()] == {"date": day, "open": True, "available": False}
    assert only_chair1[(day + timedelta(days=1)).isoformat()]["available"] is True
    assert by_date(days_with_availability(service=haircut, month=month, resource=chairs[1]))[day.isoformat()]["available"]


def test_next_available_skips_closed_and_full_days(haircut, chairs):
    factories.open_every_day(opens=time(9), closes=time(11))
    full = business_today() + timedelta(days=40)
    close_until(full - timedelta(days=1))  # also covers today, whatever the time is
    for chair in chairs:
        book_all_day(haircut, chair, full)
    factories.appointment(service_=haircut, resource_=chairs[0], day=full + timedelta(days=1), at=time(9),
                          status=Appointment.Status.CONFIRMED)

    slot = next_available(service=haircut)
    assert slot["start"] == local_instant(full + timedelta(days=1), time(9))
    assert slot["end"] == slot["start"] + timedelta(minutes=30)
    assert slot["resource_ids"] == [chairs[1].id]

    only_chair1 = next_available(service=haircut, resource=chairs[0])
    assert only_chair1["start"] == local_instant(full + timedelta(days=1), time(9, 30))
    assert only_chair1["resource_ids"] == [chairs[0].id]


def test_next_available_skips_weekdays_without_hours(haircut):
    target = business_today() + timedelta(days=30)
    BusinessHours.objects.create(weekday=target.weekday(), opens=time(14), closes=time(15))
    close_until(target - timedelta(days=1))
    slot = next_available(service=haircut)
    assert slot["start"] == local_instant(target, time(14))


def test_next_available_is_none_beyond_the_horizon(haircut):
    factories.open_every_day(opens=time(9), closes=time(11))
    close_until(business_today() + timedelta(days=20))
    assert next_available(service=haircut, horizon_days=20) is None
    assert next_available(service=haircut, horizon_days=30) is not None


# --- REST -------------------------------------------------------------------------------


def error_fields(response) -> dict:
    assert response.status_code == 400, (response.status_code, response.content)
    error = response.json()["error"]
    assert error["code"] == "invalid"
    return error["fields"]


def test_business_settings_are_public(api):
    response = api.get("/api/business")
    assert response.status_code == 200
    assert response.json() == {
        "name": "Front desk", "time_zone": "Europe/London", "currency": "GBP", "locale": "en-GB",
        "slot_minutes": 30, "cancellation_notice_hours": 24, "reminder_hours": 24,
    }


@override_settings(BUSINESS_NAME="Kim's Garage", BUSINESS_CURRENCY="EUR", BUSINESS_LOCALE="de-DE",
                   CANCELLATION_NOTICE_HOURS=48, REMINDER_HOURS=2, SLOT_MINUTES=15)
def test_business_settings_follow_the_configuration(api):
    body = api.get("/api/business").json()
    assert (body["name"], body["currency"], body["locale"]) == ("Kim's Garage", "EUR", "de-DE")
    assert (body["slot_minutes"], body["cancellation_notice_hours"], body["reminder_hours"]) == (15, 48, 2)


def test_days_api_for_anyone(api, haircut, chairs):
    for weekday in range(6):
        BusinessHours.objects.create(weekday=weekday, opens=time(9), closes=time(11))
    month = month_ahead()
    sunday = first_weekday(month, 6)
    monday = sunday + timedelta(days=1)
    book_all_day(haircut, chairs[0], monday)

    response = api.get(f"/api/availability/days?service={haircut.id}&month={month:%Y-%m}")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["month"] == f"{month:%Y-%m}" and body["service"] == haircut.id
    days = {d["date"]: d for d in body["days"]}
    assert days[sunday.isoformat()] == {"date": sunday.isoformat(), "open": False, "available": False}
    assert days[monday.isoformat()] == {"date": monday.isoformat(), "open": True, "available": True}

    filtered = api.get(f"/api/availability/days?service={haircut.id}&month={month:%Y-%m}&resource={chairs[0].id}").json()
    assert {d["date"]: d for d in filtered["days"]}[monday.isoformat()]["available"] is False


def test_a_month_of_availability_is_read_in_a_few_queries_however_busy(api, haircut, chairs, django_assert_max_num_queries):
    factories.open_every_day(opens=time(9), closes=time(17))
    month = month_ahead()
    for day in range(1, 28, 3):
        book_all_day(haircut, chairs[0], month.replace(day=day))
    # Service, resource checks, opening hours, closed days, resources, appointments:
    # the same handful for a month as for a day (it was about six per open day).
    with django_assert_max_num_queries(10):
        response = api.get(f"/api/availability/days?service={haircut.id}&month={month:%Y-%m}")
    assert response.status_code == 200
    assert sum(day["available"] for day in response.json()["days"]) == len(response.json()["days"])


def test_next_api(api, haircut, chairs):
    factories.open_every_day(opens=time(9), closes=time(11))
    day = business_today() + timedelta(days=25)
    close_until(day - timedelta(days=1))
    response = api.get(f"/api/availability/next?service={haircut.id}")
    assert response.status_code == 200, response.content
    body = response.json()
    assert set(body) == {"start", "end", "resource_ids"}
    assert datetime.fromisoformat(body["start"]) == local_instant(day, time(9))
    assert body["resource_ids"] == [c.id for c in chairs]

    only_chair2 = api.get(f"/api/availability/next?service={haircut.id}&resource={chairs[1].id}").json()
    assert only_chair2["resource_ids"] == [chairs[1].id]


def test_next_api_not_found_when_nothing_is_free(api, haircut):
    response = api.get(f"/api/availability/next?service={haircut.id}")  # no opening hours at all
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


@pytest.mark.parametrize("month", ["2026-13", "2026-00", "2026/01", "26-01", "January", "1999-12", "", "2026-1"])
def test_days_api_refuses_a_bad_month(api, haircut, month):
    assert "month" in error_fields(api.get(f"/api/availability/days?service={haircut.id}&month={month}"))


def test_days_api_needs_service_and_month(api):
    assert {"service", "month"} <= set(error_fields(api.get("/api/availability/days")))


@pytest.mark.parametrize("path", ["/api/availability/days?month=2030-01&service=", "/api/availability/next?service="])
def test_unknown_or_inactive_service_is_a_field_error(api, haircut, path):
    assert error_fields(api.get(f"{path}999999"))["service"] == ["No such service."]
    assert "service" in error_fields(api.get(f"{path}abc"))
    haircut.active = False
    haircut.save()
    assert error_fields(api.get(f"{path}{haircut.id}"))["service"] == ["No such service."]


@pytest.mark.parametrize("path", ["/api/availability/days?month=2030-01&", "/api/availability/next?"])
def test_resource_must_offer_the_service(api, haircut, path):
    jordan = factories.resource("Jordan")
    assert error_fields(api.get(f"{path}service={haircut.id}&resource={jordan.id}"))["resource"] == [
        "This resource does not offer the service."
    ]
    assert error_fields(api.get(f"{path}service={haircut.id}&resource=999999"))["resource"] == ["No such resource."]
    assert "resource" in error_fields(api.get(f"{path}service={haircut.id}&resource=x"))
