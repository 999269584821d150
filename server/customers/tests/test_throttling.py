"""Login, registration and booking are rate limited per client (settings THROTTLE_*)."""
import pytest
from rest_framework.test import APIClient

from testing import factories


@pytest.mark.django_db
def test_login_attempts_are_throttled():
    user = factories.user()
    client = APIClient()
    answers = [client.post("/api/auth/login", {"email": user.email, "password": "wrong"}, format="json") for _ in range(12)]
    assert [a.status_code for a in answers[:10]] == [400] * 10
    assert answers[10].status_code == 429
    assert answers[10].json()["error"]["code"] == "rate_limited"
    assert "Retry-After" in answers[10]


@pytest.mark.django_db
def test_registrations_are_throttled():
    client = APIClient()
    statuses = [
        client.post("/api/auth/register", {"name": "N", "email": f"n{i}@example.test", "phone": "", "password": "a-long-passphrase-1"}, format="json").status_code
        for i in range(11)
    ]
    assert statuses[:10] == [201] * 10 and statuses[10] == 429
