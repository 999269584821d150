"""Idempotency-Key: a retried change is applied once and answered like the first time."""
from datetime import datetime, time, timedelta

import pytest

from appointments.hours import local_instant
from appointments.models import Appointment
from testing import factories
from workflow.models import Card, Comment

pytestmark = pytest.mark.django_db


@pytest.fixture
def booking():
    factories.open_every_day()
    service = factories.service(resources=[factories.resource(), factories.resource()])
    start = local_instant(factories.future_day(5), time(10))
    return {"service": service.id, "start": start.isoformat()}


def test_retried_booking_creates_one_appointment_and_answers_the_same(customer_api, booking):
    first = customer_api.post("/api/appointments", booking, format="json", HTTP_IDEMPOTENCY_KEY="book-1")
    retry = customer_api.post("/api/appointments", booking, format="json", HTTP_IDEMPOTENCY_KEY="book-1")

    assert first.status_code == retry.status_code == 201
    assert retry.json() == first.json()
    assert Appointment.objects.count() == 1


def test_a_new_key_is_a_new_booking(customer_api, booking):
    customer_api.post("/api/appointments", booking, format="json", HTTP_IDEMPOTENCY_KEY="book-1")
    an_hour_later = {**booking, "start": (datetime.fromisoformat(booking["start"]) + timedelta(hours=1)).isoformat()}
    second = customer_api.post("/api/appointments", an_hour_later, format="json", HTTP_IDEMPOTENCY_KEY="book-2")
    assert second.status_code == 201
    assert Appointment.objects.count() == 2


def test_keys_belong_to_one_user(customer_api, booking):
    other = factories.customer()
    from rest_framework.test import APIClient

    other_api = APIClient()
    other_api.force_authenticate(other.user)
    mine = customer_api.post("/api/appointments", booking, format="json", HTTP_IDEMPOTENCY_KEY="same-key")
    theirs = other_api.post("/api/appointments", booking, format="json", HTTP_IDEMPOTENCY_KEY="same-key")
    assert theirs.status_code == 201
    assert theirs.json()["id"] != mine.json()["id"]
    assert theirs.json()["customer"]["id"] == other.id


def test_over_long_key_is_invalid_and_changes_nothing(customer_api, booking):
    response = customer_api.post("/api/appointments", booking, format="json", HTTP_IDEMPOTENCY_KEY="k" * 65)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid"
    assert response.json()["error"]["fields"]
    assert not Appointment.objects.exists()
    ok = customer_api.post("/api/appointments", booking, format="json", HTTP_IDEMPOTENCY_KEY="k" * 64)
    assert ok.status_code == 201


def test_retried_status_change_is_not_an_invalid_transition(staff_api, customer_obj):
    appointment = factories.appointment(customer_=customer_obj)
    first = staff_api.post(f"/api/appointments/{appointment.id}/cancel", HTTP_IDEMPOTENCY_KEY="cancel-1")
    retry = staff_api.post(f"/api/appointments/{appointment.id}/cancel", HTTP_IDEMPOTENCY_KEY="cancel-1")
    assert (first.status_code, retry.status_code) == (200, 200)
    assert retry.json() == first.json()
    without_key = staff_api.post(f"/api/appointments/{appointment.id}/cancel")
    assert without_key.status_code == 409


def test_retried_card_create_and_move_apply_once(staff_api, staff_user):
    board = factories.board(members=[staff_user])
    todo, doing, _ = board.columns.order_by("position")
    body = {"column_id": todo.id, "title": "Restock"}
    first = staff_api.post("/api/cards", body, format="json", HTTP_IDEMPOTENCY_KEY="card-1")
    retry = staff_api.post("/api/cards", body, format="json", HTTP_IDEMPOTENCY_KEY="card-1")
    assert (first.status_code, retry.status_code) == (201, 201)
    assert retry.json() == first.json()
    assert Card.objects.count() == 1

    card_id = first.json()["id"]
    move = {"column_id": doing.id, "index": 0}
    moved = staff_api.post(f"/api/cards/{card_id}/move", move, format="json", HTTP_IDEMPOTENCY_KEY="move-1")
    again = staff_api.post(f"/api/cards/{card_id}/move", move, format="json", HTTP_IDEMPOTENCY_KEY="move-1")
    assert again.json() == moved.json()
    assert Card.objects.get(pk=card_id).version == 2


def test_retried_delete_answers_204_again(staff_api, staff_user):
    board = factories.board(members=[staff_user])
    comment = factories.comment(factories.card(board.columns.first()), author=staff_user)
    first = staff_api.delete(f"/api/comments/{comment.id}", HTTP_IDEMPOTENCY_KEY="del-1")
    retry = staff_api.delete(f"/api/comments/{comment.id}", HTTP_IDEMPOTENCY_KEY="del-1")
    assert (first.status_code, retry.status_code) == (204, 204)
    assert not Comment.objects.exists()
