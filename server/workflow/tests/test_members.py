"""Roles on a board: owners manage it, members edit it, viewers only read it — over REST and sockets."""
import asyncio

import pytest

from testing import factories
from testing.live import login_as
from testing.sockets import close, connect
from workflow import services
from workflow.models import Board, BoardMembership
from workflow.tests.test_permissions import BOARD_ENDPOINTS, as_user, assert_error, call, state

pytestmark = pytest.mark.django_db

READS = [endpoint for endpoint in BOARD_ENDPOINTS if endpoint[0] == "get"]
WRITES = [endpoint for endpoint in BOARD_ENDPOINTS if endpoint[0] != "get"]
MANAGING = [("patch", "/api/boards/{board}", {"name": "Mine now"}), ("patch", "/api/boards/{board}", {"archived": True})]


@pytest.fixture
def scene():
    """Alex owns a board; Sam is a member and Vic a viewer. Sam wrote the comment."""
    alex, sam, vic = (factories.staff(first_name=name) for name in ("Alex", "Sam", "Vic"))
    board = factories.board(members=[alex, sam], viewers=[vic], columns=("To do", "Done"))
    column = board.columns.order_by("position").first()
    card = factories.card(column, title="Original")
    comment = factories.comment(card, author=sam, text="Original")
    label = factories.label(board, name="Original")
    ids = {"board": board.id, "column": column.id, "card": card.id, "comment": comment.id, "label": label.id}
    return {"alex": alex, "sam": sam, "vic": vic, "board": board}, ids


@pytest.mark.parametrize("method, path, body", READS)
def test_viewers_read_the_board(scene, method, path, body):
    people, ids = scene
    assert call(as_user(people["vic"]), method, path, body, ids).status_code == 200


@pytest.mark.parametrize("method, path, body", WRITES)
def test_viewers_are_refused_every_change_with_the_reason(scene, method, path, body):
    people, ids = scene
    before = state()
    response = call(as_user(people["vic"]), method, path, body, ids)
    assert_error(response, 403, "forbidden")
    assert "Viewers" in response.json()["error"]["message"]
    assert state() == before


def test_viewers_cannot_create_cards_either(scene):
    people, ids = scene
    response = as_user(people["vic"]).post("/api/cards", {"column_id": ids["column"], "title": "Sneaky"}, format="json")
    assert_error(response, 403, "forbidden")
    assert not people["board"].cards.filter(title="Sneaky").exists()


@pytest.mark.parametrize("method, path, body", MANAGING)
def test_only_owners_rename_or_archive_a_board(scene, method, path, body):
    people, ids = scene
    before = state()
    assert_error(call(as_user(people["sam"]), method, path, body, ids), 403, "forbidden")
    assert state() == before
    assert call(as_user(people["alex"]), method, path, body, ids).status_code == 200


def test_archived_boards_leave_the_list_and_can_be_restored(scene):
    people, ids = scene
    owner = as_user(people["alex"])
    assert owner.patch(f"/api/boards/{ids['board']}", {"archived": True}, format="json").json()["archived"] is True
    assert owner.get("/api/boards").json() == []
    assert [board["id"] for board in owner.get("/api/boards?archived=1").json()] == [ids["board"]]
    owner.patch(f"/api/boards/{ids['board']}", {"archived": False}, format="json")
    assert [board["id"] for board in owner.get("/api/boards").json()] == [ids["board"]]


def test_owners_add_change_and_remove_members(scene):
    people, ids = scene
    owner = as_user(people["alex"])
    newcomer = factories.staff(first_name="Nia")
    url = f"/api/boards/{ids['board']}/members"

    added = owner.post(url, {"user_id": newcomer.id, "role": "viewer"}, format="json")
    assert added.status_code == 200, added.json()
    assert {"id": newcomer.id, "name": "Nia", "role": "viewer"} in added.json()["members"]
    assert as_user(newcomer).get(f"/api/boards/{ids['board']}").status_code == 200

    assert owner.patch(f"{url}/{newcomer.id}", {"role": "member"}, format="json").status_code == 200
    assert as_user(newcomer).post("/api/cards", {"column_id": ids["column"], "title": "Mine"}, format="json").status_code == 201

    removed = owner.delete(f"{url}/{newcomer.id}")
    assert newcomer.id not in [member["id"] for member in removed.json()["members"]]
    assert_error(as_user(newcomer).get(f"/api/boards/{ids['board']}"), 404, "not_found")


def test_members_and_viewers_cannot_manage_members(scene):
    people, ids = scene
    url = f"/api/boards/{ids['board']}/members"
    for who in ("sam", "vic"):
        client = as_user(people[who])
        assert_error(client.post(url, {"user_id": people[who].id, "role": "owner"}, format="json"), 403, "forbidden")
        assert_error(client.delete(f"{url}/{people['alex'].id}"), 403, "forbidden")
    assert BoardMembership.objects.get(board=people["board"], user=people["alex"]).role == "owner"
    assert BoardMembership.objects.get(board=people["board"], user=people["vic"]).role == "viewer"


def test_a_board_always_keeps_an_owner(scene):
    people, ids = scene
    owner = as_user(people["alex"])
    url = f"/api/boards/{ids['board']}/members/{people['alex'].id}"
    assert_error(owner.delete(url), 400, "invalid")
    assert_error(owner.patch(url, {"role": "member"}, format="json"), 400, "invalid")
    # With a second owner, the first may step down.
    services.board_set_member(board=people["board"], user_id=people["sam"].id, role="owner")
    assert owner.patch(url, {"role": "member"}, format="json").status_code == 200


@pytest.mark.parametrize(
    "body, field",
    [({"role": "owner"}, "user_id"), ({"user_id": 987654, "role": "member"}, "user_id"), ({"user_id": "x", "role": "member"}, "user_id"),
     ({"user_id": 2**70, "role": "member"}, "user_id"), ({"user_id": 1, "role": "admin"}, "role"), ({"user_id": 1}, "role")],
)
def test_adding_members_with_bad_input_changes_nothing(scene, body, field):
    people, ids = scene
    before = list(BoardMembership.objects.values_list("user_id", "role"))
    response = as_user(people["alex"]).post(f"/api/boards/{ids['board']}/members", body, format="json")
    assert_error(response, 400, "invalid")
    assert field in response.json()["error"]["fields"]
    assert list(BoardMembership.objects.values_list("user_id", "role")) == before


def test_only_active_staff_can_be_members(scene):
    people, ids = scene
    for outsider in (factories.customer().user, factories.staff(active=False)):
        response = as_user(people["alex"]).post(
            f"/api/boards/{ids['board']}/members", {"user_id": outsider.id, "role": "member"}, format="json"
        )
        assert_error(response, 400, "invalid")
    assert people["board"].members.count() == 3


def test_membership_changes_are_published_to_the_board(scene):
    from realtime.replay import stored_history

    people, ids = scene
    services.board_set_member(board=people["board"], user_id=people["vic"].id, role="member")
    last = stored_history(f"board:{ids['board']}")[-1]["envelope"]
    assert (last["event"], last["op"]) == ("board_update", "updated")
    assert {"id": people["vic"].id, "name": "Vic", "role": "member"} in last["data"]["members"]


@pytest.mark.django_db(transaction=True)
@pytest.mark.server_process
def test_viewers_watch_live_but_cannot_change_over_the_socket(server_process):
    alex, vic = factories.staff(first_name="Alex"), factories.staff(first_name="Vic")
    board = factories.board(members=[alex], viewers=[vic])
    column = board.columns.first()
    card = factories.card(column, title="Original")
    alex_session, vic_session = login_as(server_process, alex), login_as(server_process, vic)

    async def scenario():
        viewer, events = await connect(server_process.url, "/workflow", cookie=vic_session.cookie_header)
        joined = await viewer.call("join_board", {"board_id": board.id}, namespace="/workflow")
        assert joined["ok"] and joined["data"]["snapshot"]["cards"][0]["title"] == "Original"
        refusals = [
            await viewer.call(event, payload, namespace="/workflow")
            for event, payload in [
                ("card_move", {"card_id": card.id, "column_id": column.id, "index": 0}),
                ("card_update", {"card_id": card.id, "title": "Sneaky"}),
                ("card_create", {"column_id": column.id, "title": "Sneaky"}),
                ("comment_create", {"card_id": card.id, "text": "Sneaky"}),
            ]
        ]
        changed = await asyncio.to_thread(alex_session.patch, f"/api/cards/{card.id}", {"title": "Renamed by Alex"})
        assert changed.status_code == 200
        [update] = await events.wait_event("card_update")
        await close(viewer)
        return refusals, update

    refusals, update = asyncio.run(scenario())
    assert [(r["ok"], r["error"]["code"]) for r in refusals] == [(False, "forbidden")] * 4
    assert update["data"]["title"] == "Renamed by Alex"
    assert Board.objects.get(pk=board.pk).cards.filter(title="Sneaky").count() == 0
