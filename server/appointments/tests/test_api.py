"""The appointments REST API (docs/api.md "Appointments"): answers, permissions, bad input."""
from datetime import datetime, time, timedelta

import pytest
from rest_framework.test import APIClient

from appointments.hours import local_instant
from appointments.models import Appointment, Resource, Service
from testing import factories
from testing.rest import error_of

pytestmark = pytest.mark.django_db

Status = Appointment.Status
APPOINTMENT_KEYS = {
    "id", "customer", "service", "resource", "start", "end", "status", "notes", "cancel_reason", "version", "created_at",
    "updated_at",
}


def field_errors(response, *fields) -> dict:
    error = error_of(response, 400, "invalid")
    for field in fields:
        assert field in error["fields"], error
    return error["fields"]


@pytest.fixture
def salon():
    factories.open_every_day(opens=time(9), closes=time(17))
    chairs = [factories.resource("Chair 1"), factories.resource("Chair 2")]
    haircut = factories.service(name="Haircut", minutes=30, resources=chairs, price="25.00")
    return haircut, chairs


@pytest.fixture
def day():
    return factories.future_day(7)


def slot(day, hour, minute=0) -> str:
    return factories.instant(day, time(hour, minute)).isoformat()


def instant(text: str) -> datetime:
    """A time from an answer, which may spell UTC as "Z" or "+00:00"."""
    parsed = datetime.fromisoformat(text)
    assert parsed.tzinfo is not None, f"{text} has no offset"
    return parsed


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


# Catalogue: services, resources, availability (public)


def test_services_lists_active_services_for_anyone(api, salon):
    haircut, chairs = salon
    retired = factories.service(name="Retired")
    Service.objects.filter(pk=retired.pk).update(active=False)

    response = api.get("/api/services")

    assert response.status_code == 200
    assert response.json() == [
        {"id": haircut.id, "name": "Haircut", "duration_minutes": 30, "price": "25.00", "active": True,
         "adjustable_duration": False, "resource_ids": sorted(c.id for c in chairs)}
    ]


def test_resources_lists_active_resources_with_kind(api, salon):
    _, chairs = salon
    jordan = factories.resource("Jordan", kind=Resource.Kind.STAFF)
    away = factories.resource("Away")
    Resource.objects.filter(pk=away.pk).update(active=False)

    response = api.get("/api/resources")

    assert response.status_code == 200
    assert response.json() == [
        {"id": chairs[0].id, "name": "Chair 1", "kind": "place"},
        {"id": chairs[1].id, "name": "Chair 2", "kind": "place"},
        {"id": jordan.id, "name": "Jordan", "kind": "staff"},
    ]


def test_availability_answers_slots_in_the_documented_shape(api, salon, day):
    haircut, chairs = salon
    factories.appointment(service_=haircut, resource_=chairs[0], day=day, at=time(9))

    response = api.get(f"/api/availability?service={haircut.id}&date={day}")

    assert response.status_code == 200
    body = response.json()
    assert (body["date"], body["service"]) == (day.isoformat(), haircut.id)
    first = body["slots"][0]
    assert (instant(first["start"]), instant(first["end"])) == (local_instant(day, time(9)), local_instant(day, time(9, 30)))
    assert first["resource_ids"] == [chairs[1].id]
    assert body["slots"][1]["resource_ids"] == [chairs[0].id, chairs[1].id]
    assert len(body["slots"]) == 16


@pytest.mark.parametrize(
    "query, field",
    [
        ("date=2031-01-01", "service"),
        ("service=1", "date"),
        ("service=abc&date=2031-01-01", "service"),
        ("service=0&date=2031-01-01", "service"),
        ("service=-4&date=2031-01-01", "service"),
        ("service={service}&date=2031-02-30", "date"),
        ("service={service}&date=01/02/2031", "date"),
        ("service={service}&date=tomorrow", "date"),
        ("service={service}&date=", "date"),
        ("service=999999&date=2031-01-01", "service"),
        ("service=99999999999999999999999&date=2031-01-01", "service"),
        ("service={service}&date=9999-12-31", "date"),
        ("service={service}&date=0001-01-01", "date"),
    ],
)
def test_availability_bad_query_is_invalid_with_field_errors(api, salon, query, field):
    haircut, _ = salon
    field_errors(api.get("/api/availability?" + query.format(service=haircut.id)), field)


def test_availability_of_an_inactive_service_is_invalid(api, salon, day):
    haircut, _ = salon
    haircut.active = False
    haircut.save()
    field_errors(api.get(f"/api/availability?service={haircut.id}&date={day}"), "service")


# Listing appointments


def test_listing_needs_a_login(api):
    error_of(api.get("/api/appointments"), 401, "not_authenticated")


def test_customer_lists_only_their_own_appointments(customer_api, customer_obj, salon, day):
    mine = factories.appointment(customer_=customer_obj, day=day, at=time(10))
    factories.appointment(day=day, at=time(11))  # someone else's

    response = customer_api.get("/api/appointments")

    assert response.status_code == 200
    assert [a["id"] for a in response.json()] == [mine.id]
    assert set(response.json()[0]) == APPOINTMENT_KEYS
    assert response.json()[0]["customer"] == {
        "id": customer_obj.id, "name": customer_obj.name, "email": customer_obj.user.email, "phone": customer_obj.phone,
    }


def test_staff_list_everything_and_filter_by_status_and_date(staff_api, salon, day):
    a = factories.appointment(day=day, at=time(10))
    b = factories.appointment(day=day, at=time(11), status=Status.CONFIRMED)
    c = factories.appointment(day=day + timedelta(days=1), at=time(10), status=Status.CONFIRMED)

    def ids(query=""):
        response = staff_api.get("/api/appointments" + query)
        assert response.status_code == 200
        return [item["id"] for item in response.json()]

    assert ids() == [a.id, b.id, c.id]
    assert ids("?status=confirmed") == [b.id, c.id]
    assert ids(f"?date={day}") == [a.id, b.id]
    assert ids(f"?status=confirmed&date={day}") == [b.id]


@pytest.mark.parametrize(
    "query, field",
    [("?status=done", "status"), ("?date=2031-13-01", "date"), ("?date=yesterday", "date"), ("?date=9999-12-31", "date")],
)
def test_listing_with_bad_filters_is_invalid(staff_api, query, field):
    field_errors(staff_api.get("/api/appointments" + query), field)


# Booking


def test_customer_books_a_slot(customer_api, customer_obj, salon, day):
    haircut, chairs = salon
    response = customer_api.post(
        "/api/appointments", {"service": haircut.id, "start": slot(day, 10), "notes": "Fringe only"}, format="json"
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    assert set(body) == APPOINTMENT_KEYS
    assert body["customer"]["id"] == customer_obj.id
    assert body["service"] == {"id": haircut.id, "name": "Haircut", "duration_minutes": 30, "price": "25.00", "adjustable_duration": False}
    assert body["resource"]["id"] in {c.id for c in chairs}
    assert instant(body["start"]) == local_instant(day, time(10))
    assert instant(body["end"]) == local_instant(day, time(10, 30))
    assert (body["status"], body["notes"]) == ("pending", "Fringe only")
    assert Appointment.objects.get(pk=body["id"]).customer == customer_obj


def test_customer_books_for_themselves_even_if_naming_another_customer(customer_api, customer_obj, salon, day):
    haircut, _ = salon
    other = factories.customer()
    response = customer_api.post(
        "/api/appointments", {"service": haircut.id, "start": slot(day, 10), "customer": other.id}, format="json"
    )
    assert response.status_code == 201
    assert response.json()["customer"]["id"] == customer_obj.id
    assert not Appointment.objects.filter(customer=other).exists()


def test_customer_books_a_chosen_resource(customer_api, salon, day):
    haircut, chairs = salon
    response = customer_api.post(
        "/api/appointments", {"service": haircut.id, "start": slot(day, 10), "resource": chairs[1].id}, format="json"
    )
    assert response.status_code == 201
    assert response.json()["resource"]["id"] == chairs[1].id


def test_staff_book_for_a_named_customer_and_must_name_one(staff_api, salon, day):
    haircut, _ = salon
    customer = factories.customer()
    field_errors(staff_api.post("/api/appointments", {"service": haircut.id, "start": slot(day, 10)}, format="json"), "customer")
    field_errors(
        staff_api.post("/api/appointments", {"service": haircut.id, "start": slot(day, 10), "customer": 987654}, format="json"),
        "customer",
    )
    response = staff_api.post(
        "/api/appointments", {"service": haircut.id, "start": slot(day, 10), "customer": customer.id}, format="json"
    )
    assert response.status_code == 201
    assert response.json()["customer"]["id"] == customer.id


def test_booking_needs_a_login(api, salon, day):
    haircut, _ = salon
    error_of(api.post("/api/appointments", {"service": haircut.id, "start": slot(day, 10)}, format="json"), 401, "not_authenticated")
    assert not Appointment.objects.exists()


def test_a_login_that_is_neither_customer_nor_staff_cannot_book(salon, day):
    haircut, _ = salon
    client = client_for(factories.user())
    error_of(client.post("/api/appointments", {"service": haircut.id, "start": slot(day, 10)}, format="json"), 403, "forbidden")


def test_booking_a_full_slot_is_a_conflict(customer_api, salon, day):
    haircut, chairs = salon
    for chair in chairs:
        factories.appointment(service_=haircut, resource_=chair, day=day, at=time(10))
    error_of(customer_api.post("/api/appointments", {"service": haircut.id, "start": slot(day, 10)}, format="json"), 409, "slot_unavailable")


def test_booking_outside_hours_and_in_the_past(customer_api, salon, day):
    haircut, _ = salon
    error_of(
        customer_api.post("/api/appointments", {"service": haircut.id, "start": slot(day, 18)}, format="json"),
        400, "outside_business_hours",
    )
    factories.closed_on(day + timedelta(days=1))
    error_of(
        customer_api.post("/api/appointments", {"service": haircut.id, "start": slot(day + timedelta(days=1), 10)}, format="json"),
        400, "outside_business_hours",
    )
    field_errors(
        customer_api.post("/api/appointments", {"service": haircut.id, "start": slot(factories.future_day(-2), 10)}, format="json"),
        "start",
    )


@pytest.mark.parametrize(
    "body, field",
    [
        ({}, "service"),
        ({"service": "{service}"}, "start"),
        ({"start": "{start}"}, "service"),
        ({"service": "haircut", "start": "{start}"}, "service"),
        ({"service": [1], "start": "{start}"}, "service"),
        ({"service": None, "start": "{start}"}, "service"),
        ({"service": 1.5, "start": "{start}"}, "service"),
        ({"service": 999999, "start": "{start}"}, "service"),
        ({"service": 2**70, "start": "{start}"}, "service"),
        ({"service": "{service}", "start": "tomorrow at ten"}, "start"),
        ({"service": "{service}", "start": "2031-02-30T10:00:00+00:00"}, "start"),
        ({"service": "{service}", "start": 1700000000}, "start"),
        ({"service": "{service}", "start": "9999-12-31T23:59:00+00:00"}, "start"),
        ({"service": "{service}", "start": "0001-01-01T00:00:00+05:00"}, "start"),
        ({"service": "{service}", "start": "{start}", "resource": "chair"}, "resource"),
        ({"service": "{service}", "start": "{start}", "resource": 999999}, "resource"),
        ({"service": "{service}", "start": "{start}", "notes": "x" * 2001}, "notes"),
        ({"service": "{service}", "start": "{start}", "notes": ["a"]}, "notes"),
    ],
)
def test_booking_with_bad_input_is_invalid_with_field_errors(customer_api, salon, day, body, field):
    haircut, _ = salon
    values = {"{service}": haircut.id, "{start}": slot(day, 10)}
    body = {key: values.get(value, value) if isinstance(value, str) else value for key, value in body.items()}
    field_errors(customer_api.post("/api/appointments", body, format="json"), field)
    assert not Appointment.objects.exists()


def test_booking_with_a_body_that_is_not_an_object_is_invalid(customer_api, salon):
    error_of(customer_api.post("/api/appointments", [1, 2], format="json"), 400, "invalid")
    error_of(customer_api.post("/api/appointments", '{"service": 1,', content_type="application/json"), 400, "invalid")


# One appointment


def test_customer_reads_their_own_appointment_but_not_anothers(customer_api, customer_obj, salon, day):
    mine = factories.appointment(customer_=customer_obj, day=day)
    theirs = factories.appointment(day=day, at=time(11))

    response = customer_api.get(f"/api/appointments/{mine.id}")
    assert response.status_code == 200
    assert response.json()["id"] == mine.id
    error_of(customer_api.get(f"/api/appointments/{theirs.id}"), 404, "not_found")
    error_of(customer_api.get("/api/appointments/999999"), 404, "not_found")


def test_staff_read_any_appointment_and_anonymous_none(staff_api, api, salon, day):
    appointment = factories.appointment(day=day)
    assert staff_api.get(f"/api/appointments/{appointment.id}").json()["id"] == appointment.id
    error_of(api.get(f"/api/appointments/{appointment.id}"), 401, "not_authenticated")
    error_of(staff_api.get("/api/appointments/99999999999999999999999"), 404, "not_found")


# Status actions


@pytest.mark.parametrize("path, status", [("confirm", "confirmed"), ("complete", "completed"), ("no-show", "no_show"), ("cancel", "cancelled")])
def test_staff_change_the_status(staff_api, salon, day, path, status):
    appointment = factories.appointment(day=day)
    response = staff_api.post(f"/api/appointments/{appointment.id}/{path}")
    assert response.status_code == 200
    assert response.json()["status"] == status
    assert Appointment.objects.get(pk=appointment.pk).status == status


@pytest.mark.parametrize("path", ["confirm", "complete", "no-show"])
def test_customer_cannot_confirm_complete_or_no_show_even_their_own(customer_api, customer_obj, salon, day, path):
    mine = factories.appointment(customer_=customer_obj, day=day)
    error_of(customer_api.post(f"/api/appointments/{mine.id}/{path}"), 403, "forbidden")
    assert Appointment.objects.get(pk=mine.pk).status == Status.PENDING


@pytest.mark.parametrize("path", ["confirm", "complete", "no-show", "cancel", "reschedule"])
def test_customer_gets_not_found_for_anothers_appointment(customer_api, salon, day, path):
    theirs = factories.appointment(day=day)
    response = customer_api.post(f"/api/appointments/{theirs.id}/{path}", {"start": slot(day, 12)}, format="json")
    error_of(response, 404, "not_found")
    assert Appointment.objects.get(pk=theirs.pk).status == Status.PENDING


def test_customer_cancels_their_own(customer_api, customer_obj, salon, day):
    mine = factories.appointment(customer_=customer_obj, day=day)
    response = customer_api.post(f"/api/appointments/{mine.id}/cancel")
    assert response.status_code == 200
    assert response.json()["status"] == "cancelled"


@pytest.mark.parametrize("path", ["confirm", "cancel", "complete", "no-show", "reschedule"])
def test_status_actions_need_a_login(api, salon, day, path):
    appointment = factories.appointment(day=day)
    error_of(api.post(f"/api/appointments/{appointment.id}/{path}"), 401, "not_authenticated")


def test_invalid_transition_is_a_conflict(staff_api, customer_api, customer_obj, salon, day):
    cancelled = factories.appointment(day=day, status=Status.CANCELLED)
    error_of(staff_api.post(f"/api/appointments/{cancelled.id}/confirm"), 409, "invalid_transition")
    completed = factories.appointment(customer_=customer_obj, day=day, at=time(11), status=Status.COMPLETED)
    error_of(customer_api.post(f"/api/appointments/{completed.id}/cancel"), 409, "invalid_transition")
    assert Appointment.objects.get(pk=completed.pk).status == Status.COMPLETED


def test_actions_on_unknown_appointments_are_not_found(staff_api):
    for path in ("confirm", "cancel", "complete", "no-show"):
        error_of(staff_api.post(f"/api/appointments/424242/{path}"), 404, "not_found")
    error_of(staff_api.post("/api/appointments/424242/reschedule", {"start": "2031-01-01T10:00:00Z"}, format="json"), 404, "not_found")


# Reschedule


def test_staff_reschedule(staff_api, salon, day):
    haircut, chairs = salon
    appointment = factories.appointment(service_=haircut, resource_=chairs[0], day=day)
    response = staff_api.post(
        f"/api/appointments/{appointment.id}/reschedule", {"start": slot(day, 15), "resource": chairs[1].id}, format="json"
    )
    assert response.status_code == 200
    assert instant(response.json()["start"]) == local_instant(day, time(15))
    assert response.json()["resource"]["id"] == chairs[1].id


def test_customer_reschedules_their_own_but_not_its_length(customer_api, customer_obj, salon, day):
    haircut, chairs = salon
    mine = factories.appointment(customer_=customer_obj, service_=haircut, resource_=chairs[0], day=day)
    url = f"/api/appointments/{mine.id}/reschedule"
    field_errors(customer_api.post(url, {"start": slot(day, 15), "end": slot(day, 16)}, format="json"), "end")
    moved = customer_api.post(url, {"start": slot(day, 15)}, format="json")
    assert moved.status_code == 200, moved.content
    assert Appointment.objects.get(pk=mine.pk).start == datetime.fromisoformat(moved.json()["start"])


def test_reschedule_errors(staff_api, salon, day):
    haircut, chairs = salon
    appointment = factories.appointment(service_=haircut, resource_=chairs[0], day=day)
    factories.appointment(service_=haircut, resource_=chairs[1], day=day, at=time(15))
    url = f"/api/appointments/{appointment.id}/reschedule"
    field_errors(staff_api.post(url, {}, format="json"), "start")
    field_errors(staff_api.post(url, {"start": "noon"}, format="json"), "start")
    field_errors(staff_api.post(url, {"start": "9999-12-31T23:59:00Z"}, format="json"), "start")
    field_errors(staff_api.post(url, {"start": slot(day, 15), "resource": 999999}, format="json"), "resource")
    error_of(staff_api.post(url, {"start": slot(day, 15), "resource": chairs[1].id}, format="json"), 409, "slot_unavailable")
    error_of(staff_api.post(url, {"start": slot(day, 20)}, format="json"), 400, "outside_business_hours")
    assert Appointment.objects.get(pk=appointment.pk).start == local_instant(day, time(10))


# Dashboard


def test_dashboard_for_staff(staff_api, salon):
    haircut, chairs = salon
    today = factories.future_day(0)
    factories.appointment(service_=haircut, resource_=chairs[0], day=today, at=time(16, 30))
    factories.appointment(service_=haircut, resource_=chairs[0], day=factories.future_day(3), status=Status.CONFIRMED)

    response = staff_api.get("/api/dashboard")

    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"date", "pending_count", "today_appointments", "today_schedule", "seq"}
    assert body["date"] == today.isoformat()
    assert body["pending_count"] == 1
    assert len(body["today_appointments"]) == 1
    assert [lane["resource"]["id"] for lane in body["today_schedule"]["lanes"]] == [c.id for c in chairs]
    assert isinstance(body["seq"], int)


def test_dashboard_is_staff_only(customer_api, api):
    error_of(customer_api.get("/api/dashboard"), 403, "forbidden")
    error_of(api.get("/api/dashboard"), 401, "not_authenticated")
