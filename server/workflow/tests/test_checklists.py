"""Checklists on cards: items added, ticked, edited, reordered and deleted, each told to the board once."""
import pytest
from rest_framework.test import APIClient

from common import errors
from realtime.models import StreamEvent
from realtime.streams import board_stream
from testing import factories
from testing.rest import error_of
from workflow import checklists, services
from workflow.models import ChecklistItem
from workflow.serializers import checklist_item_data

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

ITEM_KEYS = {"id", "card_id", "board_id", "text", "done", "position"}


@pytest.fixture
def board(staff_user):
    return factories.board(members=[staff_user])


@pytest.fixture
def card(board):
    return factories.card(board.columns.order_by("position").first(), title="Open the shop")


def texts(card) -> list[str]:
    return list(ChecklistItem.objects.filter(card=card).order_by("position", "id").values_list("text", flat=True))


def checklist_events(board, after: int = 0) -> list[tuple[str, dict]]:
    envelopes = StreamEvent.objects.filter(stream=board_stream(board.id), event="checklist_update", seq__gt=after)
    return [(envelope["op"], envelope["data"]) for envelope in envelopes.order_by("seq").values_list("envelope", flat=True)]


def head(board) -> int | None:
    return StreamEvent.objects.filter(stream=board_stream(board.id)).order_by("-seq").values_list("seq", flat=True).first()


def add(card, *items: str) -> list[ChecklistItem]:
    return [checklists.checklist_item_create(card=card, text=text) for text in items]


def as_client(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


# The rules


def test_items_are_added_last_and_each_publishes_the_whole_item(card, board):
    first, second = add(card, "Lights on", "Till float")

    assert texts(card) == ["Lights on", "Till float"]
    assert first.position < second.position
    assert checklist_events(board) == [
        ("created", {"id": first.id, "card_id": card.id, "board_id": board.id, "text": "Lights on", "done": False, "position": first.position}),
        ("created", {"id": second.id, "card_id": card.id, "board_id": board.id, "text": "Till float", "done": False, "position": second.position}),
    ]


def test_ticking_and_editing_publish_one_update_each_and_no_change_publishes_nothing(card, board):
    [item] = add(card, "Lights on")
    before = head(board)

    checklists.checklist_item_update(item=item, done=True)
    checklists.checklist_item_update(item=item, text="Lights and heating on", done=True)
    checklists.checklist_item_update(item=item, text="Lights and heating on")

    stored = ChecklistItem.objects.get(pk=item.pk)
    assert (stored.text, stored.done) == ("Lights and heating on", True)
    assert [(op, data["text"], data["done"]) for op, data in checklist_events(board, before)] == [
        ("updated", "Lights on", True),
        ("updated", "Lights and heating on", True),
    ]


def test_moving_an_item_reorders_the_checklist_with_one_event(card, board):
    lights, till, door = add(card, "Lights on", "Till float", "Unlock the door")
    before = head(board)

    moved = checklists.checklist_item_move(item=door, index=0)

    assert texts(card) == ["Unlock the door", "Lights on", "Till float"]
    assert checklist_events(board, before) == [("moved", checklist_item_data(moved))]
    assert moved.position < lights.position
    checklists.checklist_item_move(item=lights, index=99)
    assert texts(card) == ["Unlock the door", "Till float", "Lights on"]


def test_moving_an_item_to_where_it_is_publishes_nothing(card, board):
    lights, till = add(card, "Lights on", "Till float")
    before = head(board)

    checklists.checklist_item_move(item=till, index=1)
    checklists.checklist_item_move(item=till, index=50)

    assert checklist_events(board, before) == []


def test_a_full_gap_renumbers_the_siblings_each_with_its_own_event(card, board):
    a, b, c = add(card, "A", "B", "C")
    # Positions closer than floats can split: the next move between them renumbers.
    ChecklistItem.objects.filter(pk=a.pk).update(position=1.0)
    ChecklistItem.objects.filter(pk=b.pk).update(position=1.0 + 1e-9)
    ChecklistItem.objects.filter(pk=c.pk).update(position=5.0)
    before = head(board)

    checklists.checklist_item_move(item=c, index=1)

    assert texts(card) == ["A", "C", "B"]
    events = checklist_events(board, before)
    assert [(op, data["id"]) for op, data in events] == [("moved", a.id), ("moved", b.id), ("moved", c.id)]
    stored = {item.id: item.position for item in ChecklistItem.objects.filter(card=card)}
    assert {data["id"]: data["position"] for _, data in events} == stored


def test_deleting_an_item_publishes_the_whole_item(card, board):
    lights, till = add(card, "Lights on", "Till float")
    data = checklist_item_data(lights)
    before = head(board)

    checklists.checklist_item_delete(item=lights)

    assert texts(card) == ["Till float"]
    assert checklist_events(board, before) == [("deleted", data)]


def test_an_archived_cards_checklist_cannot_change(card, board):
    [item] = add(card, "Lights on")
    services.card_archive(card=card)
    before = head(board)

    for change in (
        lambda: checklists.checklist_item_create(card=card, text="More"),
        lambda: checklists.checklist_item_update(item=item, done=True),
        lambda: checklists.checklist_item_move(item=item, index=0),
        lambda: checklists.checklist_item_delete(item=item),
    ):
        with pytest.raises(errors.InvalidInput):
            change()
    assert (texts(card), checklist_events(board, before)) == (["Lights on"], [])


def test_the_board_snapshot_carries_every_item(staff_api, card, board):
    lights, till = add(card, "Lights on", "Till float")
    checklists.checklist_item_update(item=till, done=True)

    snapshot = staff_api.get(f"/api/boards/{board.id}").json()

    assert all(set(item) == ITEM_KEYS for item in snapshot["checklist_items"])
    assert [(i["id"], i["card_id"], i["done"]) for i in snapshot["checklist_items"]] == [
        (lights.id, card.id, False), (till.id, card.id, True),
    ]


# REST and permissions


def test_rest_adds_ticks_moves_and_deletes_items(staff_api, card, board):
    created = staff_api.post(f"/api/cards/{card.id}/checklist", {"text": "Lights on"}, format="json")
    assert created.status_code == 201
    item = created.json()
    assert set(item) == ITEM_KEYS and (item["text"], item["done"], item["card_id"]) == ("Lights on", False, card.id)
    second = staff_api.post(f"/api/cards/{card.id}/checklist", {"text": "Till float"}, format="json").json()

    ticked = staff_api.patch(f"/api/checklist-items/{item['id']}", {"done": True}, format="json")
    assert (ticked.status_code, ticked.json()["done"], ticked.json()["text"]) == (200, True, "Lights on")
    moved = staff_api.post(f"/api/checklist-items/{second['id']}/move", {"index": 0}, format="json")
    assert moved.status_code == 200
    assert texts(card) == ["Till float", "Lights on"]
    assert staff_api.delete(f"/api/checklist-items/{item['id']}").status_code == 204
    assert texts(card) == ["Till float"]
    assert [op for op, _ in checklist_events(board)] == ["created", "created", "updated", "moved", "deleted"]


def test_a_retried_add_adds_one_item(staff_api, card):
    for _ in range(2):
        answer = staff_api.post(f"/api/cards/{card.id}/checklist", {"text": "Once"}, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
        assert answer.status_code == 201
    assert texts(card) == ["Once"]


@pytest.mark.parametrize(
    "method, path, body, field",
    [
        ("post", "/api/cards/{card}/checklist", {}, "text"),
        ("post", "/api/cards/{card}/checklist", {"text": ""}, "text"),
        ("post", "/api/cards/{card}/checklist", {"text": "x" * 301}, "text"),
        ("patch", "/api/checklist-items/{item}", {"text": ""}, "text"),
        ("patch", "/api/checklist-items/{item}", {"done": "perhaps"}, "done"),
        ("post", "/api/checklist-items/{item}/move", {"index": -1}, "index"),
        ("post", "/api/checklist-items/{item}/move", {}, "index"),
    ],
)
def test_bad_input_changes_nothing(staff_api, card, board, method, path, body, field):
    [item] = add(card, "Lights on")
    before = head(board)

    response = getattr(staff_api, method)(path.format(card=card.id, item=item.id), body, format="json")

    assert field in error_of(response, 400, "invalid")["fields"]
    assert (texts(card), head(board)) == (["Lights on"], before)


CHANGES = [
    ("post", "/api/cards/{card}/checklist", {"text": "Sneaky"}),
    ("patch", "/api/checklist-items/{item}", {"done": True}),
    ("post", "/api/checklist-items/{item}/move", {"index": 0}),
    ("delete", "/api/checklist-items/{item}", None),
]


@pytest.mark.parametrize("method, path, body", CHANGES)
def test_a_viewer_is_refused_and_a_stranger_learns_nothing(card, board, method, path, body):
    viewer, stranger = factories.staff(first_name="Vi"), factories.staff(first_name="Stranger")
    board.members.add(viewer, through_defaults={"role": "viewer"})
    [item] = add(card, "Lights on")
    before = head(board)
    url = path.format(card=card.id, item=item.id)

    refused = error_of(getattr(as_client(viewer), method)(url, body, format="json"), 403, "forbidden")
    assert "Viewers" in refused["message"]
    error_of(getattr(as_client(stranger), method)(url, body, format="json"), 404, "not_found")

    stored = ChecklistItem.objects.get(pk=item.pk)
    assert (texts(card), stored.done, head(board)) == (["Lights on"], False, before)


def test_an_unknown_item_is_not_found(staff_api):
    error_of(staff_api.patch("/api/checklist-items/987654", {"done": True}, format="json"), 404, "not_found")
    error_of(staff_api.delete("/api/checklist-items/987654"), 404, "not_found")
