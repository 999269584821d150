"""Operations: health check, creating the first admin, API-wide error answers."""
import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def test_healthz_answers_ok(api):
    response = api.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_createsuperuser_without_prompts_makes_an_admin_who_can_sign_in(monkeypatch):
    # The email is the login: no separate user name is asked for (or accepted).
    monkeypatch.setenv("DJANGO_SUPERUSER_EMAIL", "Owner@Example.test")
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "plum-kettle-meadow-77")

    call_command("createsuperuser", interactive=False, verbosity=0)

    admin = get_user_model().objects.get(email="owner@example.test")
    assert (admin.email, admin.is_superuser, admin.is_staff) == ("owner@example.test", True, True)
    client = APIClient()
    response = client.post("/api/auth/login", {"email": "owner@example.test", "password": "plum-kettle-meadow-77"}, format="json")
    assert response.status_code == 200
    assert response.json()["is_staff"] is True
    assert client.get("/api/dashboard").status_code == 200


def test_unknown_api_path_is_a_json_not_found(api):
    response = api.get("/api/no-such-thing")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_malformed_json_is_invalid_input(staff_api):
    response = staff_api.post("/api/boards", '{"name": "Jobs",', content_type="application/json")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid"


def test_a_json_body_that_is_not_an_object_is_invalid_input(staff_api):
    for body in ("[]", '"Jobs"', "42", "null"):
        response = staff_api.post("/api/boards", body, content_type="application/json")
        assert response.status_code == 400, body
        assert response.json()["error"]["code"] == "invalid"
