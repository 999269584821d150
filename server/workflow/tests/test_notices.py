"""Who a board change notifies: @mentions in comments, assignments, cards due soon."""
from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.db import transaction
from rest_framework.test import APIClient

from appointments.hours import business_today
from notifications import periodic
from notifications.models import Notification, NotificationPreference, OutboxEmail
from testing import factories
from workflow import notices, services

pytestmark = pytest.mark.django_db

TODAY = date(2026, 12, 8)


def as_user(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def scene():
    """Alex owns the board; Sam Smith and plain Sam are members, Vic a viewer; Robin is staff elsewhere."""
    alex = factories.staff(first_name="Alex", last_name="Morgan")
    sam_smith = factories.staff(first_name="Sam", last_name="Smith")
    sam = factories.staff(first_name="Sam")
    vic = factories.staff(first_name="Vic", last_name="Viewer")
    robin = factories.staff(first_name="Robin", last_name="Outsider")
    board = factories.board(members=[alex, sam_smith, sam], viewers=[vic], columns=("To do", "Done"))
    card = factories.card(board.columns.order_by("position").first(), title="Fix the chair")
    return {"alex": alex, "sam_smith": sam_smith, "sam": sam, "vic": vic, "robin": robin, "board": board, "card": card}


def notified(user, kind=None) -> list[Notification]:
    rows = Notification.objects.filter(user=user)
    return list(rows.filter(kind=kind) if kind else rows)


def comment(scene, author, text):
    response = as_user(author).post(f"/api/cards/{scene['card'].id}/comments", {"text": text}, format="json")
    assert response.status_code == 201, response.content
    return response.json()


# Mentions

def test_a_mentioned_member_is_notified_once_with_a_link_to_the_card(scene):
    comment(scene, scene["alex"], "@Sam Smith can you look at this? Thanks @sam smith!")

    [notification] = notified(scene["sam_smith"])
    card = scene["card"]
    assert notification.kind == "mention"
    assert notification.text == "Alex Morgan mentioned you on “Fix the chair”"
    assert notification.url == f"/board?id={card.board_id}&card={card.id}"
    assert notification.actor == scene["alex"]
    assert notification.read_at is None


def test_the_longest_matching_name_wins_and_case_does_not_matter(scene):
    comment(scene, scene["alex"], "@SAM SMITH and @sam, please")

    assert len(notified(scene["sam_smith"])) == 1
    assert len(notified(scene["sam"])) == 1
    Notification.objects.all().delete()

    comment(scene, scene["alex"], "@Sam Smith only")
    assert len(notified(scene["sam_smith"])) == 1
    assert notified(scene["sam"]) == []  # "Sam" is the start of a longer name that fits
    Notification.objects.all().delete()

    comment(scene, scene["alex"], "@Sam Smithers?")  # a name ends at a word boundary
    assert notified(scene["sam_smith"]) == []
    assert len(notified(scene["sam"])) == 1


def test_yourself_non_members_and_addresses_are_not_notified(scene):
    comment(scene, scene["alex"], "@Alex Morgan note to self; @Robin Outsider; mail sam@Sam Smith; @Vicky")

    assert Notification.objects.count() == 0


def test_viewers_can_be_mentioned(scene):
    comment(scene, scene["sam"], "FYI @Vic Viewer")

    [notification] = notified(scene["vic"])
    assert notification.text == "Sam mentioned you on “Fix the chair”"


def test_an_edit_notifies_only_the_newly_mentioned(scene):
    created = comment(scene, scene["alex"], "@Sam Smith first")
    response = as_user(scene["alex"]).patch(
        f"/api/comments/{created['id']}", {"text": "@Sam Smith first, and @Vic Viewer too"}, format="json"
    )
    assert response.status_code == 200, response.content

    assert len(notified(scene["sam_smith"])) == 1
    assert len(notified(scene["vic"])) == 1


def test_a_notification_commits_with_its_comment_or_not_at_all(scene):
    with pytest.raises(RuntimeError), transaction.atomic():
        services.comment_create(card=scene["card"], author=scene["alex"], text="@Sam Smith look")
        raise RuntimeError("the change fails after the comment was written")

    assert Notification.objects.count() == 0
    assert OutboxEmail.objects.count() == 0


# Assignments

def test_people_newly_assigned_are_notified_but_not_the_one_assigning(scene):
    card, alex, sam_smith = scene["card"], scene["alex"], scene["sam_smith"]
    response = as_user(alex).patch(f"/api/cards/{card.id}", {"assignee_ids": [alex.id, sam_smith.id]}, format="json")
    assert response.status_code == 200, response.content

    [notification] = notified(sam_smith)
    assert (notification.kind, notification.text, notification.actor) == ("assigned", "Alex Morgan assigned you to “Fix the chair”", alex)
    assert notified(alex) == []

    # Adding Sam keeps Sam Smith's one notification; taking people off notifies nobody.
    as_user(alex).patch(f"/api/cards/{card.id}", {"assignee_ids": [alex.id, sam_smith.id, scene["sam"].id]}, format="json")
    as_user(alex).patch(f"/api/cards/{card.id}", {"assignee_ids": []}, format="json")
    assert len(notified(sam_smith)) == 1
    assert len(notified(scene["sam"])) == 1


def test_a_card_created_with_assignees_notifies_them(scene):
    column = scene["board"].columns.order_by("position").first()
    response = as_user(scene["sam"]).post(
        "/api/cards", {"column_id": column.id, "title": "New job", "assignee_ids": [scene["sam_smith"].id, scene["sam"].id]}, format="json"
    )
    assert response.status_code == 201, response.content

    assert [n.text for n in notified(scene["sam_smith"])] == ["Sam assigned you to “New job”"]
    assert notified(scene["sam"]) == []


# Email

def test_an_email_is_queued_unless_the_person_turned_email_off(scene, settings):
    settings.SITE_URL = "https://desk.example"
    NotificationPreference.objects.create(user=scene["sam"], email=False)

    comment(scene, scene["alex"], "@Sam Smith and @Sam, have a look")

    assert len(notified(scene["sam"])) == 1  # in the list all the same
    [email] = OutboxEmail.objects.all()
    card = scene["card"]
    assert email.to == scene["sam_smith"].email
    assert email.subject == "Alex Morgan mentioned you on “Fix the chair”"
    assert f"https://desk.example/board?id={card.board_id}&card={card.id}" in email.text
    assert f'href="https://desk.example/board?id={card.board_id}&amp;card={card.id}"' in email.html


# Due soon

def due(scene, title, due_date, assignees, **fields):
    column = scene["board"].columns.order_by("position").first()
    return factories.card(column, title=title, due_date=due_date, assignee_ids=[u.id for u in assignees], **fields)


def test_assignees_of_cards_due_today_or_tomorrow_are_notified_once(scene):
    sam_smith, vic_member = scene["sam_smith"], scene["sam"]
    today_card = due(scene, "Today's job", TODAY, [sam_smith])
    due(scene, "Tomorrow's job", TODAY + timedelta(days=1), [vic_member])
    due(scene, "Later job", TODAY + timedelta(days=2), [sam_smith])
    due(scene, "Yesterday's job", TODAY - timedelta(days=1), [sam_smith])
    services.card_archive(card=due(scene, "Archived job", TODAY, [sam_smith]))
    Notification.objects.all().delete()  # the assignments' own notifications

    assert notices.due_soon_notify(TODAY) == 2
    assert notices.due_soon_notify(TODAY) == 0

    [today] = notified(sam_smith, "due_soon")
    assert today.text == "“Today's job” is due today"
    assert today.url == f"/board?id={today_card.board_id}&card={today_card.id}"
    assert [n.text for n in notified(vic_member, "due_soon")] == ["“Tomorrow's job” is due tomorrow"]

    # A new due date is news again.
    services.card_update(card=today_card, due_date=TODAY + timedelta(days=1))
    assert notices.due_soon_notify(TODAY) == 1


def test_people_no_longer_on_the_board_are_not_told(scene):
    due(scene, "Today's job", TODAY, [scene["sam_smith"]])
    services.board_remove_member(board=scene["board"], user_id=scene["sam_smith"].id)

    assert notices.due_soon_notify(TODAY) == 0


def test_the_outbox_worker_runs_the_due_soon_check_and_so_does_a_command(scene):
    assert notices.due_soon_notify in periodic.registered()
    due(scene, "Today's job", business_today(), [scene["sam_smith"]])

    call_command("notify_due_soon")

    assert [n.text for n in notified(scene["sam_smith"], "due_soon")] == ["“Today's job” is due today"]
