"""Accounts API (docs/api.md "Accounts"): CSRF cookie, registration, login, logout, me."""
import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from customers.models import Customer
from notifications.services import send_due
from testing import factories
from testing.rest import error_of

pytestmark = pytest.mark.django_db

User = get_user_model()
GOOD_PASSWORD = "lilac-otter-harbour-42"
USER_KEYS = {"id", "email", "name", "is_staff", "is_superuser", "customer_id"}


def register(client, **overrides):
    body = {"name": "Robin Patel", "email": "robin@example.test", "phone": "+44 7700 900002", "password": GOOD_PASSWORD}
    body.update(overrides)
    return client.post("/api/auth/register", {k: v for k, v in body.items() if v is not None}, format="json")


# CSRF cookie


def test_csrf_endpoint_sets_the_cookie_and_answers_the_token(api):
    response = api.get("/api/auth/csrf")
    assert response.status_code == 200
    assert response.json()["csrf_token"]
    assert response.cookies["csrftoken"].value


# Registration


def test_registration_creates_a_customer_who_can_sign_in(api):
    response = register(api, email="Robin@Example.TEST ")

    assert response.status_code == 201
    assert set(response.json()) == {"detail"}
    customer = Customer.objects.get()
    assert (customer.name, customer.phone, customer.user.email) == ("Robin Patel", "+44 7700 900002", "robin@example.test")
    assert customer.user.check_password(GOOD_PASSWORD)
    assert not customer.user.is_staff


def test_registration_answers_identically_whether_or_not_the_email_exists(api, django_capture_on_commit_callbacks):
    new = register(api, email="new@example.test")
    owner = factories.customer(email="taken@example.test")
    with django_capture_on_commit_callbacks(execute=True):
        taken = register(api, email="taken@example.test", name="Impostor")
        taken_other_case = register(api, email="TAKEN@example.test", name="Impostor")

    assert (taken.status_code, taken.json()) == (new.status_code, new.json())
    assert (taken_other_case.status_code, taken_other_case.json()) == (new.status_code, new.json())
    assert taken.cookies.keys() == new.cookies.keys()
    # Nothing changed for the existing account, and its owner was told by email instead.
    owner.user.refresh_from_db()
    assert owner.user.check_password(factories.PASSWORD)
    assert not owner.user.check_password(GOOD_PASSWORD)
    assert Customer.objects.filter(user__email__iexact="taken@example.test").count() == 1
    assert User.objects.filter(email__iexact="taken@example.test").count() == 1
    assert mail.outbox == []  # queued, not sent during the request
    send_due()  # the outbox worker's step
    assert [m.to for m in mail.outbox] == [["taken@example.test"], ["taken@example.test"]]


@pytest.mark.parametrize(
    "password",
    ["short1!", "password123", "12345678901234", "robinpatel1", "robin@example.test"],
    ids=["too-short", "common", "numeric", "like-the-name", "like-the-email"],
)
def test_weak_passwords_get_field_errors(api, password):
    error = error_of(register(api, password=password), 400, "invalid")
    assert error["fields"]["password"]
    assert all(isinstance(message, str) for message in error["fields"]["password"])
    assert not User.objects.exists()


def test_weak_password_for_a_taken_email_gets_the_same_field_errors(api):
    factories.customer(email="taken@example.test")
    fresh = register(api, email="fresh@example.test", password="password123")
    taken = register(api, email="taken@example.test", password="password123")
    assert (taken.status_code, taken.json()) == (fresh.status_code, fresh.json())


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"name": None}, "name"),
        ({"email": None}, "email"),
        ({"password": None}, "password"),
        ({"name": ""}, "name"),
        ({"email": "not-an-email"}, "email"),
        ({"email": ["robin@example.test"]}, "email"),
        ({"name": "x" * 121}, "name"),
        ({"email": "a" * 250 + "@example.test"}, "email"),
        ({"phone": "1" * 33}, "phone"),
        ({"password": "x" * 129}, "password"),
        ({"password": 12345678}, "password"),
    ],
)
def test_registration_with_bad_input_gets_field_errors(api, overrides, field):
    error = error_of(register(api, **overrides), 400, "invalid")
    assert field in error["fields"]
    assert not User.objects.exists()


# Login, me, logout


def test_login_starts_a_session_and_me_answers_the_user(api):
    customer = factories.customer(name="Casey Jones")

    response = api.post("/api/auth/login", {"email": customer.user.email.upper(), "password": factories.PASSWORD}, format="json")

    assert response.status_code == 200
    assert response.json() == {
        "id": customer.user.id, "email": customer.user.email, "name": "Casey Jones", "is_staff": False, "is_superuser": False,
        "customer_id": customer.id,
    }
    assert api.get("/api/auth/me").json() == response.json()

    assert api.post("/api/auth/logout").status_code == 204
    assert signed_out(api)


def test_me_for_staff_has_no_customer_id(staff_api, staff_user):
    body = staff_api.get("/api/auth/me").json()
    assert set(body) == USER_KEYS
    assert (body["id"], body["is_staff"], body["customer_id"]) == (staff_user.id, True, None)


def signed_out(client) -> bool:
    """GET /api/auth/me answers 200 null to a visitor who is not signed in."""
    answer = client.get("/api/auth/me")
    return answer.status_code == 200 and answer.json() is None


def test_me_without_a_session_is_null(api):
    assert signed_out(api)


def test_logout_without_a_session_is_harmless(api):
    assert api.post("/api/auth/logout").status_code == 204


def test_wrong_password_and_unknown_email_get_the_same_answer(api):
    customer = factories.customer()
    wrong = api.post("/api/auth/login", {"email": customer.user.email, "password": "not-the-password"}, format="json")
    unknown = api.post("/api/auth/login", {"email": "nobody@example.test", "password": "not-the-password"}, format="json")
    error_of(wrong, 400, "invalid_credentials")
    assert wrong.json() == unknown.json()
    assert signed_out(api)


def test_deactivated_user_cannot_sign_in(api):
    user = factories.user(active=False)
    error_of(api.post("/api/auth/login", {"email": user.email, "password": factories.PASSWORD}, format="json"), 400, "invalid_credentials")


@pytest.mark.parametrize(
    "body, field",
    [({"password": "x"}, "email"), ({"email": "a@example.test"}, "password"), ({"email": "nope", "password": "x"}, "email"),
     ({"email": "a@example.test", "password": "x" * 129}, "password")],
)
def test_login_with_bad_input_gets_field_errors(api, body, field):
    assert field in error_of(api.post("/api/auth/login", body, format="json"), 400, "invalid")["fields"]

