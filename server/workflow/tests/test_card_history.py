"""A card's history: who changed what and when, old → new, read from the board's stored events."""
import io
from datetime import datetime

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from common.actor import acting_as
from testing import factories
from testing.rest import error_of
from workflow import checklists, services
from workflow.history import card_history
from workflow.models import Comment, Label

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


@pytest.fixture
def people():
    return factories.staff(first_name="Alex"), factories.staff(first_name="Sam")


@pytest.fixture
def board(people):
    return factories.board(members=list(people), columns=("To do", "Doing"))


def column(board, name):
    return board.columns.get(name=name)


def who(user) -> dict:
    return {"id": user.id, "name": user.first_name}


def without_times(entries: list[dict]) -> list[dict]:
    for entry in entries:
        datetime.fromisoformat(entry["at"])  # when, as an ISO time
    return [{key: value for key, value in entry.items() if key not in ("at", "seq")} for entry in entries]


def test_every_change_to_the_card_with_who_and_old_and_new(board, people):
    alex, sam = people
    with acting_as(alex):
        urgent = factories.label(board, name="Urgent")
        card = factories.card(column(board, "To do"), title="Fix chair 2")
        card = services.card_update(card=card, title="Fix chair 2 hydraulics", label_ids=[urgent.id], assignee_ids=[sam.id])
    with acting_as(sam):
        card = services.card_move(card=card, column=column(board, "Doing"), index=0)
        item = checklists.checklist_item_create(card=card, text="Order the pump")
        checklists.checklist_item_update(item=item, done=True)
        checklists.checklist_item_update(item=item, text="Order the new pump")
        comment = factories.comment(card, author=sam, text="Pump ordered.")
    with acting_as(alex):
        services.label_update(label=urgent, name="Very urgent")  # the earlier entry keeps the name it had
        checklists.checklist_item_update(item=item, done=False)
        checklists.checklist_item_delete(item=item)
        services.comment_update(comment=comment, actor=sam, text="Pump ordered, arrives Monday.")
        services.label_delete(label=urgent)
        services.card_archive(card=card)

    assert without_times(card_history(card)) == [
        {"actor": who(alex), "summary": "Alex added “Fix chair 2”", "changes": []},
        {"actor": who(alex), "summary": "Alex changed “Fix chair 2 hydraulics”", "changes": [
            {"field": "title", "old": "Fix chair 2", "new": "Fix chair 2 hydraulics"},
            {"field": "labels", "old": [], "new": ["Urgent"]},
            {"field": "assignees", "old": [], "new": ["Sam"]},
        ]},
        {"actor": who(sam), "summary": "Sam moved “Fix chair 2 hydraulics”", "changes": [
            {"field": "column", "old": "To do", "new": "Doing"},
        ]},
        {"actor": who(sam), "summary": "Sam added the checklist item “Order the pump”", "changes": []},
        {"actor": who(sam), "summary": "Sam ticked “Order the pump”", "changes": [{"field": "done", "old": False, "new": True}]},
        {"actor": who(sam), "summary": "Sam changed the checklist item “Order the new pump”", "changes": [
            {"field": "text", "old": "Order the pump", "new": "Order the new pump"},
        ]},
        {"actor": who(sam), "summary": "Sam commented", "changes": []},
        {"actor": who(alex), "summary": "Alex unticked “Order the new pump”", "changes": [{"field": "done", "old": True, "new": False}]},
        {"actor": who(alex), "summary": "Alex deleted the checklist item “Order the new pump”", "changes": []},
        {"actor": who(alex), "summary": "Alex edited a comment", "changes": [
            {"field": "text", "old": "Pump ordered.", "new": "Pump ordered, arrives Monday."},
        ]},
        {"actor": who(alex), "summary": "Alex changed “Fix chair 2 hydraulics”", "changes": [
            {"field": "labels", "old": ["Very urgent"], "new": []},
        ]},
        {"actor": who(alex), "summary": "Alex archived “Fix chair 2 hydraulics”", "changes": [
            {"field": "archived", "old": False, "new": True},
        ]},
    ]


def test_other_cards_and_objects_sharing_its_id_stay_out(board, people):
    alex, _ = people
    todo = column(board, "To do")
    card = factories.card(todo, title="Mine")
    other = factories.card(todo, title="Other")
    checklists.checklist_item_create(card=other, text="Not mine")
    # A label and another card's comment whose ids equal the card's are not the card.
    assert not Label.objects.filter(pk=card.id).exists() and not Comment.objects.filter(pk=card.id).exists()
    services.label_update(label=Label.objects.create(pk=card.id, board=board, name="Same id"), name="Renamed")
    same_id = Comment.objects.create(pk=card.id, card=other, author=alex, text="Not mine either")
    services.comment_update(comment=same_id, actor=alex, text="Still not mine")
    services.column_update(column=todo, name="Backlog")
    services.card_update(card=other, title="Still other")

    assert [entry["summary"] for entry in card_history(card)] == ["Someone added “Mine”"]


def test_history_is_oldest_first_and_survives_event_pruning(board, people):
    alex, _ = people
    card = factories.card(column(board, "To do"), title="Kept")
    with acting_as(alex):
        services.card_update(card=card, description="All of it")

    call_command("prune_events", hours=0, stdout=io.StringIO())

    entries = card_history(card)
    assert [entry["summary"] for entry in entries] == ["Someone added “Kept”", "Alex changed “Kept”"]
    assert entries[0]["seq"] < entries[1]["seq"] and entries[0]["at"] <= entries[1]["at"]
    assert entries[1]["changes"] == [{"field": "description", "old": "", "new": "All of it"}]


def test_members_and_viewers_read_it_over_rest_and_strangers_learn_nothing(board, people):
    alex, _ = people
    viewer, stranger = factories.staff(first_name="Vi"), factories.staff(first_name="Stranger")
    board.members.add(viewer, through_defaults={"role": "viewer"})
    with acting_as(alex):
        card = factories.card(column(board, "To do"), title="Read me")

    for user in (alex, viewer):
        client = APIClient()
        client.force_authenticate(user)
        response = client.get(f"/api/cards/{card.id}/history")
        assert response.status_code == 200
        [entry] = response.json()
        assert set(entry) == {"seq", "at", "actor", "summary", "changes"}
        assert (entry["actor"], entry["summary"], entry["changes"]) == (who(alex), "Alex added “Read me”", [])

    client = APIClient()
    client.force_authenticate(stranger)
    error_of(client.get(f"/api/cards/{card.id}/history"), 404, "not_found")
    error_of(client.get("/api/cards/987654/history"), 404, "not_found")
