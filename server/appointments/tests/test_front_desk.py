"""Running the week from the front desk over REST: versions, the customer overlap rule,
the cancellation policy, bookings on a customer's behalf, the pending queue, the
calendar and an appointment's history."""
from datetime import time, timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from appointments.hours import local_instant
from appointments.models import Appointment, ClosedDay
from customers.models import Customer
from testing import factories

pytestmark = pytest.mark.django_db
Status = Appointment.Status


@pytest.fixture
def salon():
    factories.open_every_day()
    chairs = [factories.resource(), factories.resource()]
    return factories.service(name="Haircut", minutes=30, resources=chairs), chairs


@pytest.fixture
def day():
    return factories.future_day(10)


def at(day, hour, minute=0) -> str:
    return factories.instant(day, time(hour, minute)).isoformat()


def code_of(response, status: int) -> str:
    assert response.status_code == status, (response.status_code, response.content)
    return response.json()["error"]["code"]


def book(client, service, day, hour, **extra):
    return client.post("/api/appointments", {"service": service.id, "start": at(day, hour), **extra}, format="json")


# Versions and stale refusals


def test_every_change_raises_the_version_and_a_stale_move_is_refused(staff_api, salon, day):
    haircut, chairs = salon
    appointment = factories.appointment(service_=haircut, resource_=chairs[0], day=day)
    url = f"/api/appointments/{appointment.id}/reschedule"

    moved = staff_api.post(url, {"start": at(day, 11), "expected_version": 1}, format="json")
    assert moved.status_code == 200 and moved.json()["version"] == 2
    # A colleague's move based on what they saw before the first one.
    stale = staff_api.post(url, {"start": at(day, 14), "expected_version": 1}, format="json")
    assert code_of(stale, 409) == "stale"
    assert stale.json()["error"]["current"]["start"] == moved.json()["start"]
    assert Appointment.objects.get(pk=appointment.pk).start == local_instant(day, time(11))

    confirmed = staff_api.post(f"/api/appointments/{appointment.id}/confirm")
    assert confirmed.json()["version"] == 3
    noted = staff_api.patch(f"/api/appointments/{appointment.id}", {"notes": "Allergic to dye", "expected_version": 3}, format="json")
    assert noted.status_code == 200 and noted.json()["notes"] == "Allergic to dye" and noted.json()["version"] == 4
    assert code_of(staff_api.patch(f"/api/appointments/{appointment.id}", {"notes": "x", "expected_version": 3}, format="json"), 409) == "stale"


def test_a_move_onto_a_taken_slot_is_refused_and_changes_nothing(staff_api, salon, day):
    haircut, chairs = salon
    appointment = factories.appointment(service_=haircut, resource_=chairs[0], day=day, at=time(10))
    factories.appointment(service_=haircut, resource_=chairs[1], day=day, at=time(12))
    refused = staff_api.post(
        f"/api/appointments/{appointment.id}/reschedule", {"start": at(day, 12), "resource": chairs[1].id}, format="json"
    )
    assert code_of(refused, 409) == "slot_unavailable"
    stored = Appointment.objects.get(pk=appointment.pk)
    assert (stored.start, stored.resource_id, stored.version) == (local_instant(day, time(10)), chairs[0].id, 1)


def test_length_changes_only_where_the_service_allows_and_on_the_grid(staff_api, salon, day):
    haircut, chairs = salon
    fixed = factories.appointment(service_=haircut, resource_=chairs[0], day=day, at=time(10))
    body = {"start": at(day, 10), "end": at(day, 11)}
    assert code_of(staff_api.post(f"/api/appointments/{fixed.id}/reschedule", body, format="json"), 400) == "invalid"

    repair = factories.service(name="Repair", minutes=60, resources=chairs)
    repair.adjustable_duration = True
    repair.save()
    flexible = factories.appointment(service_=repair, resource_=chairs[1], day=day, at=time(10))
    url = f"/api/appointments/{flexible.id}/reschedule"
    assert code_of(staff_api.post(url, {"start": at(day, 10), "end": at(day, 10, 45)}, format="json"), 400) == "invalid"
    longer = staff_api.post(url, {"start": at(day, 10), "end": at(day, 12, 30)}, format="json")
    assert longer.status_code == 200, longer.content
    assert Appointment.objects.get(pk=flexible.pk).end == local_instant(day, time(12, 30))


# One customer, one place at a time


def test_a_customer_cannot_hold_two_overlapping_appointments(customer_api, customer_obj, salon, day):
    haircut, _ = salon
    assert book(customer_api, haircut, day, 10).status_code == 201
    # The other chair is free, but the customer is already in the first one.
    assert code_of(book(customer_api, haircut, day, 10), 409) == "customer_overlap"
    assert Appointment.objects.filter(customer=customer_obj).count() == 1
    assert book(customer_api, haircut, day, 10, ).status_code == 409
    assert book(customer_api, haircut, day, 11).status_code == 201  # back to back is fine


def test_a_cancelled_appointment_frees_the_customer(customer_api, customer_obj, salon, day):
    haircut, _ = salon
    first = book(customer_api, haircut, day, 10).json()
    assert customer_api.post(f"/api/appointments/{first['id']}/cancel").status_code == 200
    assert book(customer_api, haircut, day, 10).status_code == 201


# The cancellation policy


def test_customers_change_their_own_only_outside_the_notice_period(customer_api, customer_obj, salon, settings):
    haircut, chairs = salon
    settings.CANCELLATION_NOTICE_HOURS = 24
    soon = factories.appointment(customer_=customer_obj, service_=haircut, resource_=chairs[0], day=factories.future_day(10))
    Appointment.objects.filter(pk=soon.pk).update(
        start=timezone.now() + timedelta(hours=5), end=timezone.now() + timedelta(hours=5, minutes=30)
    )
    later = factories.future_day(12)
    assert code_of(customer_api.post(f"/api/appointments/{soon.id}/cancel"), 409) == "too_late_to_change"
    refused = customer_api.post(f"/api/appointments/{soon.id}/reschedule", {"start": at(later, 10)}, format="json")
    assert code_of(refused, 409) == "too_late_to_change"
    assert Appointment.objects.get(pk=soon.pk).status == Status.PENDING

    settings.CANCELLATION_NOTICE_HOURS = 2
    assert customer_api.post(f"/api/appointments/{soon.id}/cancel", {"reason": "Ill"}, format="json").status_code == 200


def test_staff_are_not_bound_by_the_notice_period(staff_api, salon, settings):
    haircut, chairs = salon
    settings.CANCELLATION_NOTICE_HOURS = 24
    soon = factories.appointment(service_=haircut, resource_=chairs[0], day=factories.future_day(10))
    Appointment.objects.filter(pk=soon.pk).update(
        start=timezone.now() + timedelta(hours=1), end=timezone.now() + timedelta(hours=1, minutes=30)
    )
    cancelled = staff_api.post(f"/api/appointments/{soon.id}/cancel", {"reason": "The stylist is ill"}, format="json")
    assert cancelled.status_code == 200
    assert cancelled.json()["cancel_reason"] == "The stylist is ill"


# Bookings on a customer's behalf


def test_staff_find_a_customer_as_they_type(staff_api, customer_api):
    factories.customer(name="Robin Fixer", phone="07700 900 321")
    factories.customer(name="Sasha Other", phone="")
    assert [c["name"] for c in staff_api.get("/api/customers?q=robin").json()] == ["Robin Fixer"]
    assert [c["name"] for c in staff_api.get("/api/customers?q=07700900321").json()] == ["Robin Fixer"]
    assert code_of(customer_api.get("/api/customers?q=robin"), 403) == "forbidden"


def test_staff_add_a_phone_customer_and_book_for_them_confirmed(staff_api, salon, day):
    haircut, _ = salon
    created = staff_api.post("/api/customers", {"name": "Walk In", "phone": "07700 900 999"}, format="json")
    assert created.status_code == 201, created.content
    walk_in = Customer.objects.get(pk=created.json()["id"])
    assert not walk_in.user.has_usable_password()

    booked = book(staff_api, haircut, day, 10, customer=walk_in.id)
    assert booked.status_code == 201, booked.content
    assert (booked.json()["customer"]["name"], booked.json()["status"]) == ("Walk In", "confirmed")


def test_a_new_customer_needs_an_email_or_phone_and_an_unused_email(staff_api):
    assert code_of(staff_api.post("/api/customers", {"name": "Nobody"}, format="json"), 400) == "invalid"
    existing = factories.customer(name="Known")
    taken = staff_api.post("/api/customers", {"name": "Again", "email": existing.user.email.upper()}, format="json")
    assert code_of(taken, 409) == "email_taken"
    assert taken.json()["error"]["current"]["id"] == existing.id


# The pending queue


def test_the_queue_lists_every_pending_request_oldest_first_and_bulk_answers_each(staff_api, salon):
    haircut, chairs = salon
    later = factories.appointment(service_=haircut, resource_=chairs[0], day=factories.future_day(20))
    sooner = factories.appointment(service_=haircut, resource_=chairs[0], day=factories.future_day(3))
    confirmed = factories.appointment(service_=haircut, resource_=chairs[1], day=factories.future_day(3), status=Status.CONFIRMED)
    # Requested in this order, whatever the day they are for.
    Appointment.objects.filter(pk=later.pk).update(created_at=timezone.now() - timedelta(hours=3))
    Appointment.objects.filter(pk=sooner.pk).update(created_at=timezone.now() - timedelta(hours=1))

    assert [a["id"] for a in staff_api.get("/api/appointments/pending").json()] == [later.id, sooner.id]

    answer = staff_api.post(
        "/api/appointments/bulk", {"action": "decline", "ids": [later.id, confirmed.id], "reason": "Fully booked"}, format="json"
    )
    results = {r["id"]: r for r in answer.json()["results"]}
    assert results[later.id]["ok"] and results[later.id]["appointment"]["cancel_reason"] == "Fully booked"
    assert results[confirmed.id]["ok"]  # staff may cancel a confirmed one too
    assert staff_api.post("/api/appointments/bulk", {"action": "confirm", "ids": [sooner.id, later.id]}, format="json").json()[
        "results"
    ][1]["error"]["code"] == "invalid_transition"
    assert [a["id"] for a in staff_api.get("/api/appointments/pending").json()] == []


# The calendar


def test_the_calendar_shows_each_day_with_hours_closures_and_appointments(staff_api, customer_api, salon, day):
    haircut, chairs = salon
    ClosedDay.objects.create(date=day + timedelta(days=1), reason="Staff training")
    mine = factories.appointment(service_=haircut, resource_=chairs[0], day=day)
    answer = staff_api.get(f"/api/calendar?from={day}&to={day + timedelta(days=6)}").json()
    assert [d["date"] for d in answer["days"]] == [(day + timedelta(days=n)).isoformat() for n in range(7)]
    first, second = answer["days"][:2]
    assert (first["open"], first["close"], [a["id"] for a in first["appointments"]]) == ("09:00", "17:00", [mine.id])
    assert (second["open"], second["closed_reason"]) == (None, "Staff training")
    assert {r["id"] for r in answer["resources"]} >= {c.id for c in chairs}

    assert code_of(staff_api.get(f"/api/calendar?from={day}&to={day + timedelta(days=30)}"), 400) == "invalid"
    assert code_of(customer_api.get(f"/api/calendar?from={day}&to={day}"), 403) == "forbidden"


# History


def test_history_says_who_did_what(salon, day):
    haircut, chairs = salon
    customer = factories.customer(name="Casey")
    staff = factories.staff(first_name="Sam")
    as_customer, as_staff = APIClient(), APIClient()
    as_customer.force_authenticate(customer.user)
    as_staff.force_authenticate(staff)

    booked = book(as_customer, haircut, day, 10).json()
    as_staff.post(f"/api/appointments/{booked['id']}/reschedule", {"start": at(day, 11), "resource": chairs[1].id}, format="json")
    as_staff.post(f"/api/appointments/{booked['id']}/confirm")
    as_staff.post(f"/api/appointments/{booked['id']}/cancel", {"reason": "Storm"}, format="json")

    history = as_staff.get(f"/api/appointments/{booked['id']}/history").json()
    assert [(h["actor"]["name"], h["summary"].split(" ")[0]) for h in history] == [
        ("Casey", "Booked"), ("Sam", "Moved"), ("Sam", "Confirmed"), ("Sam", "Cancelled:"),
    ]
    assert history[1]["changes"]["resource"] == [chairs[0].name, chairs[1].name] or history[1]["changes"]["resource"][1] == chairs[1].name
    assert history[3]["summary"] == "Cancelled: Storm"
    assert code_of(as_customer.get(f"/api/appointments/{booked['id']}/history"), 403) == "forbidden"


# The customer is told


@pytest.mark.django_db(transaction=True)
def test_each_change_made_at_the_desk_emails_the_customer(smtp_settings, salon, day):
    from notifications.services import send_due

    haircut, chairs = salon
    customer = factories.customer(name="Casey")
    staff = APIClient()
    staff.force_authenticate(factories.staff())
    as_customer = APIClient()
    as_customer.force_authenticate(customer.user)

    booked = book(as_customer, haircut, day, 10).json()
    staff.post(f"/api/appointments/{booked['id']}/confirm")
    staff.post(f"/api/appointments/{booked['id']}/reschedule", {"start": at(day, 14)}, format="json")
    staff.post(f"/api/appointments/{booked['id']}/cancel", {"reason": "The stylist is ill"}, format="json")
    send_due()

    messages = smtp_settings.wait_for_messages(4)
    by_subject = {m["Subject"].split(":")[0]: m for m in messages}
    assert set(by_subject) == {"Booking received", "Booking confirmed", "Appointment moved", "Appointment cancelled"}
    assert all(m["To"] == customer.user.email for m in messages)
    cancelled = by_subject["Appointment cancelled"].get_body(preferencelist=("plain",)).get_content()
    assert "The stylist is ill" in cancelled
    for message in messages:
        assert any((part.get_filename() or "").endswith(".ics") for part in message.iter_attachments())
