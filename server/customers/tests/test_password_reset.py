"""Password reset by email (docs/api.md "Accounts"): same answer for any address, a link that works.

The email is queued in the outbox; the request never talks to the mail server
(notifications/tests/test_server_process.py times that against a real one).
"""
from urllib.parse import parse_qs, urlsplit

import pytest

from notifications.models import OutboxEmail
from testing import factories

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "amber-fjord-kettle-64"


def request_reset(api, email: str):
    return api.post("/api/auth/password-reset", {"email": email}, format="json")


def test_a_known_and_an_unknown_address_get_the_same_answer_and_only_the_known_one_an_email(api):
    factories.customer(email="casey@example.test")

    known = request_reset(api, "Casey@Example.test")
    unknown = request_reset(api, "nobody@example.test")

    assert known.status_code == 200
    assert (known.status_code, known.json()) == (unknown.status_code, unknown.json())
    assert list(OutboxEmail.objects.values_list("to", "subject")) == [("casey@example.test", "Reset your front desk password")]


def test_the_emailed_link_is_absolute_and_opens_the_reset_page_that_changes_the_password(api, settings):
    settings.SITE_URL = "https://frontdesk.example"
    customer = factories.customer(email="casey@example.test")
    request_reset(api, "casey@example.test")

    [link] = [word for word in OutboxEmail.objects.get().text.split() if "://" in word]
    parts = urlsplit(link)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == "https://frontdesk.example/reset-password/"
    query = parse_qs(parts.query)  # what client/pages/reset-password.tsx reads
    response = api.post(
        "/api/auth/password-reset/confirm",
        {"uid": query["uid"][0], "token": query["token"][0], "new_password": NEW_PASSWORD}, format="json",
    )

    assert response.status_code == 200, response.content
    customer.user.refresh_from_db()
    assert customer.user.check_password(NEW_PASSWORD)
