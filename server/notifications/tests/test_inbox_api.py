"""Your notification list over REST: newest first, unread counted, read marks, the email setting. Only your own."""
import pytest
from rest_framework.test import APIClient

from notifications import inbox
from notifications.models import Notification, OutboxEmail
from notifications.selectors import PAGE_SIZE
from realtime.models import StreamEvent
from realtime.streams import staff_stream
from testing import factories
from testing.rest import error_of

pytestmark = pytest.mark.django_db


def as_user(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def note(user, text="Alex mentioned you on “Chair”", **fields) -> Notification | None:
    """None when `dedupe_key` was notified before."""
    return inbox.notify(user=user, kind="mention", text=text, url="/board?id=1&card=2", **fields)


def events(user) -> list[dict]:
    return list(StreamEvent.objects.filter(stream=staff_stream(user.id)).order_by("seq").values_list("envelope", flat=True))


@pytest.fixture
def sam():
    return factories.staff(first_name="Sam", last_name="Smith")


@pytest.fixture
def alex():
    return factories.staff(first_name="Alex", last_name="Morgan")


def test_the_list_is_yours_newest_first_with_the_unread_count(sam, alex):
    first = note(sam, "First", actor=alex)
    second = note(sam, "Second")
    note(alex, "Not Sam's")
    inbox.notification_read(notification=first)

    body = as_user(sam).get("/api/notifications").json()

    assert [n["text"] for n in body["results"]] == ["Second", "First"]
    assert body["unread"] == 1 and body["page"] == 1 and body["has_more"] is False
    assert body["results"][1]["actor"] == {"id": alex.id, "name": "Alex Morgan"}
    assert body["results"][0] == {
        "id": second.id, "kind": "mention", "text": "Second", "url": "/board?id=1&card=2", "actor": None,
        "created_at": body["results"][0]["created_at"], "read_at": None,
    }
    assert body["results"][1]["read_at"] is not None


def test_the_list_comes_in_pages(sam):
    for n in range(PAGE_SIZE + 1):
        note(sam, f"Note {n}")

    first = as_user(sam).get("/api/notifications").json()
    second = as_user(sam).get("/api/notifications?page=2").json()

    assert (len(first["results"]), first["has_more"]) == (PAGE_SIZE, True)
    assert [n["text"] for n in second["results"]] == ["Note 0"]
    assert second["has_more"] is False and second["unread"] == PAGE_SIZE + 1
    error_of(as_user(sam).get("/api/notifications?page=0"), 400, "invalid")


def test_marking_read_publishes_once_on_your_own_stream(sam):
    notification = note(sam)

    response = as_user(sam).post(f"/api/notifications/{notification.id}/read")
    again = as_user(sam).post(f"/api/notifications/{notification.id}/read")

    assert response.status_code == 200 and response.json()["read_at"] is not None
    assert again.json()["read_at"] == response.json()["read_at"]
    assert [(e["event"], e["op"], e["data"]["id"]) for e in events(sam)] == [
        ("notification", "created", notification.id), ("notification", "read", notification.id),
    ]


def test_someone_elses_notification_is_not_found_and_stays_unread(sam, alex):
    notification = note(alex)

    error_of(as_user(sam).post(f"/api/notifications/{notification.id}/read"), 404, "not_found")
    notification.refresh_from_db()
    assert notification.read_at is None


def test_mark_all_read_marks_only_yours(sam, alex):
    note(sam, "One")
    note(sam, "Two")
    theirs = note(alex)

    body = as_user(sam).post("/api/notifications/read-all").json()

    assert body == {"marked": 2, "unread": 0}
    assert as_user(sam).get("/api/notifications").json()["unread"] == 0
    assert [e["op"] for e in events(sam)] == ["created", "created", "read", "read"]
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_email_is_on_until_you_turn_it_off(sam):
    client = as_user(sam)
    assert client.get("/api/notifications/preferences").json() == {"email": True}
    note(sam)
    assert OutboxEmail.objects.filter(to=sam.email).count() == 1

    assert client.patch("/api/notifications/preferences", {"email": False}, format="json").json() == {"email": False}
    assert client.get("/api/notifications/preferences").json() == {"email": False}
    note(sam, "Another")
    assert OutboxEmail.objects.filter(to=sam.email).count() == 1
    assert Notification.objects.filter(user=sam).count() == 2  # still in the list

    error_of(client.patch("/api/notifications/preferences", {"email": "maybe"}, format="json"), 400, "invalid")


def test_a_dedupe_key_notifies_once(sam):
    assert note(sam, dedupe_key="due_soon:card:1:2026-12-08:user:1") is not None
    assert note(sam, dedupe_key="due_soon:card:1:2026-12-08:user:1") is None
    assert Notification.objects.count() == 1 and OutboxEmail.objects.count() == 1


def test_for_staff_only():
    customer = factories.customer()
    error_of(as_user(customer.user).get("/api/notifications"), 403, "forbidden")
    error_of(APIClient().get("/api/notifications"), 401, "not_authenticated")
