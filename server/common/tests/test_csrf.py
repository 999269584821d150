"""CSRF with a real session: a browser's unsafe requests must carry X-CSRFToken."""
import pytest
from rest_framework.test import APIClient

from testing import factories
from workflow.models import Board

pytestmark = pytest.mark.django_db


def browser() -> APIClient:
    return APIClient(enforce_csrf_checks=True)


def token(client: APIClient) -> str:
    return client.cookies["csrftoken"].value


def signed_in_browser(user) -> APIClient:
    client = browser()
    client.get("/api/auth/csrf")
    response = client.post(
        "/api/auth/login", {"email": user.email, "password": factories.PASSWORD}, format="json",
        HTTP_X_CSRFTOKEN=token(client),
    )
    assert response.status_code == 200, response.content
    return client


def assert_csrf_refused(response):
    assert response.status_code == 403, response.content
    assert response.json()["error"]["code"] == "csrf_failed"


def test_login_without_a_csrf_token_is_refused():
    user = factories.staff()
    client = browser()
    client.get("/api/auth/csrf")  # has the cookie, but does not echo it in the header
    assert_csrf_refused(client.post("/api/auth/login", {"email": user.email, "password": factories.PASSWORD}, format="json"))
    assert client.get("/api/auth/me").json() is None  # not signed in


def test_login_with_a_wrong_csrf_token_is_refused():
    user = factories.staff()
    client = browser()
    client.get("/api/auth/csrf")
    assert_csrf_refused(
        client.post("/api/auth/login", {"email": user.email, "password": factories.PASSWORD}, format="json", HTTP_X_CSRFTOKEN="x" * 32)
    )


def test_registration_without_a_csrf_token_is_refused():
    assert_csrf_refused(
        browser().post("/api/auth/register", {"name": "R", "email": "r@example.test", "password": "lilac-otter-harbour-42"}, format="json")
    )


def test_signed_in_unsafe_requests_need_the_token_and_safe_ones_do_not():
    staff = factories.staff()
    board = factories.board(members=[staff])
    client = signed_in_browser(staff)

    assert client.get("/api/boards").status_code == 200
    assert_csrf_refused(client.post("/api/boards", {"name": "Forged"}, format="json"))
    assert_csrf_refused(client.patch(f"/api/boards/{board.id}", {"name": "Forged"}, format="json"))
    assert_csrf_refused(client.post("/api/auth/logout"))
    assert not Board.objects.filter(name="Forged").exists()

    # The token rotates at login; the current cookie's value is what the client sends.
    created = client.post("/api/boards", {"name": "Real"}, format="json", HTTP_X_CSRFTOKEN=token(client))
    assert created.status_code == 201
    assert client.post("/api/auth/logout", HTTP_X_CSRFTOKEN=token(client)).status_code == 204
    assert client.get("/api/auth/me").json() is None  # not signed in


def test_customer_cancel_needs_the_token():
    customer = factories.customer()
    appointment = factories.appointment(customer_=customer)
    client = signed_in_browser(customer.user)
    assert_csrf_refused(client.post(f"/api/appointments/{appointment.id}/cancel"))
    appointment.refresh_from_db()
    assert appointment.status == "pending"
    assert client.post(f"/api/appointments/{appointment.id}/cancel", HTTP_X_CSRFTOKEN=token(client)).status_code == 200
