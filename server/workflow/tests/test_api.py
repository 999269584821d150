"""The workflow REST API (docs/api.md "Workflow boards"): answers and bad input. Permissions: test_permissions.py."""
import pytest

from testing import factories
from testing.rest import error_of
from workflow.models import Board, Card, Comment, Label

pytestmark = pytest.mark.django_db

BOARD_KEYS = {"id", "name", "description", "archived", "members"}
COLUMN_KEYS = {"id", "board_id", "name", "position", "wip_limit", "archived", "version"}
CARD_KEYS = {
    "id", "board_id", "column_id", "title", "description", "position", "label_ids", "assignee_ids", "due_date",
    "appointment_id", "customer_id", "archived", "version", "created_at", "updated_at",
}
COMMENT_KEYS = {"id", "card_id", "board_id", "author", "text", "created_at", "updated_at"}
LABEL_KEYS = {"id", "board_id", "name", "color"}


def field_errors(response, field) -> dict:
    error = error_of(response, 400, "invalid")
    assert field in error["fields"], error
    return error["fields"]


@pytest.fixture
def board(staff_user):
    return factories.board(members=[staff_user], columns=("To do", "Doing", "Done"))


@pytest.fixture
def todo(board):
    return board.columns.get(name="To do")


@pytest.fixture
def card(todo):
    return factories.card(todo, title="Call the supplier")


# Boards


def test_create_and_list_boards(staff_api, staff_user):
    response = staff_api.post("/api/boards", {"name": "Salon jobs", "description": "Everything else"}, format="json")
    assert response.status_code == 201
    created = response.json()
    assert set(created) == BOARD_KEYS
    assert (created["name"], created["description"], created["archived"], created["members"]) == (
        "Salon jobs", "Everything else", False, [{"id": staff_user.id, "name": "Test", "role": "owner"}],
    )
    [listed] = staff_api.get("/api/boards").json()
    assert listed == {**created, "card_count": 0, "last_activity": {"at": listed["last_activity"]["at"], "text": "Test created the board"}}


@pytest.mark.parametrize(
    "body, field",
    [({}, "name"), ({"name": ""}, "name"), ({"name": "x" * 121}, "name"), ({"name": ["a"]}, "name"),
     ({"name": "ok", "description": "x" * 2001}, "description"), ({"name": "a\x00b"}, "name")],
)
def test_create_board_with_bad_input(staff_api, body, field):
    field_errors(staff_api.post("/api/boards", body, format="json"), field)
    assert not Board.objects.exists()


def test_board_snapshot(staff_api, board, card, staff_user):
    label = factories.label(board)
    comment = factories.comment(card, author=staff_user)
    second = factories.card(board.columns.get(name="Doing"), title="Second")

    response = staff_api.get(f"/api/boards/{board.id}")

    assert response.status_code == 200
    snapshot = response.json()
    assert set(snapshot) == {"board", "columns", "cards", "labels", "comments", "checklist_items", "attachments", "seq"}
    assert snapshot["board"]["id"] == board.id
    assert [c["name"] for c in snapshot["columns"]] == ["To do", "Doing", "Done"]
    assert all(set(c) == COLUMN_KEYS for c in snapshot["columns"])
    assert [c["id"] for c in snapshot["cards"]] == [card.id, second.id]
    assert all(set(c) == CARD_KEYS for c in snapshot["cards"])
    assert [each["id"] for each in snapshot["labels"]] == [label.id]
    assert [c["id"] for c in snapshot["comments"]] == [comment.id]
    assert snapshot["seq"] > 0


def test_update_board(staff_api, board):
    response = staff_api.patch(f"/api/boards/{board.id}", {"description": "Front of house"}, format="json")
    assert response.status_code == 200
    assert (response.json()["name"], response.json()["description"]) == ("Jobs", "Front of house")
    field_errors(staff_api.patch(f"/api/boards/{board.id}", {"name": ""}, format="json"), "name")
    field_errors(staff_api.patch(f"/api/boards/{board.id}", {"name": "x" * 121}, format="json"), "name")
    assert Board.objects.get(pk=board.pk).name == "Jobs"


def test_unknown_board_is_not_found(staff_api):
    error_of(staff_api.get("/api/boards/987654"), 404, "not_found")
    error_of(staff_api.patch("/api/boards/987654", {"name": "x"}, format="json"), 404, "not_found")
    error_of(staff_api.get("/api/boards/99999999999999999999999"), 404, "not_found")


# Columns


def test_create_column(staff_api, board):
    response = staff_api.post(f"/api/boards/{board.id}/columns", {"name": "Waiting", "wip_limit": 4}, format="json")
    assert response.status_code == 201
    column = response.json()
    assert set(column) == COLUMN_KEYS
    assert (column["board_id"], column["name"], column["wip_limit"], column["archived"], column["version"]) == (
        board.id, "Waiting", 4, False, 1,
    )
    assert column["position"] > board.columns.get(name="Done").position


@pytest.mark.parametrize(
    "body, field",
    [({}, "name"), ({"name": "x" * 81}, "name"), ({"name": "W", "wip_limit": 0}, "wip_limit"),
     ({"name": "W", "wip_limit": 1001}, "wip_limit"), ({"name": "W", "wip_limit": "many"}, "wip_limit")],
)
def test_create_column_with_bad_input(staff_api, board, body, field):
    field_errors(staff_api.post(f"/api/boards/{board.id}/columns", body, format="json"), field)
    assert board.columns.count() == 3


def test_update_column_with_versions(staff_api, todo):
    url = f"/api/columns/{todo.id}"
    assert staff_api.patch(url, {"name": "Next", "expected_version": 1}, format="json").json()["version"] == 2
    stale = error_of(staff_api.patch(url, {"name": "Later", "expected_version": 1}, format="json"), 409, "stale")
    assert (stale["current"]["name"], stale["current"]["version"]) == ("Next", 2)
    merged = staff_api.patch(url, {"wip_limit": 3, "expected_version": 1}, format="json")
    assert (merged.status_code, merged.json()["name"], merged.json()["wip_limit"]) == (200, "Next", 3)
    field_errors(staff_api.patch(url, {"wip_limit": -1}, format="json"), "wip_limit")
    field_errors(staff_api.patch(url, {"expected_version": 0}, format="json"), "expected_version")
    field_errors(staff_api.patch(url, {"name": "x" * 81}, format="json"), "name")


def test_move_column(staff_api, board, todo):
    response = staff_api.post(f"/api/columns/{todo.id}/move", {"index": 2}, format="json")
    assert response.status_code == 200
    assert list(board.columns.order_by("position").values_list("name", flat=True)) == ["Doing", "Done", "To do"]
    for bad in ({}, {"index": -1}, {"index": "first"}, {"index": 100001}):
        field_errors(staff_api.post(f"/api/columns/{todo.id}/move", bad, format="json"), "index")


def test_archive_column(staff_api, board, todo):
    response = staff_api.post(f"/api/columns/{todo.id}/archive")
    assert (response.status_code, response.json()["archived"]) == (200, True)
    assert [c["name"] for c in staff_api.get(f"/api/boards/{board.id}").json()["columns"]] == ["Doing", "Done"]


def test_unknown_column_is_not_found(staff_api):
    error_of(staff_api.patch("/api/columns/987654", {"name": "x"}, format="json"), 404, "not_found")
    error_of(staff_api.post("/api/columns/987654/move", {"index": 0}, format="json"), 404, "not_found")
    error_of(staff_api.post("/api/columns/987654/archive"), 404, "not_found")


# Cards


def test_create_card_with_every_field(staff_api, board, todo, staff_user):
    label = factories.label(board)
    customer = factories.customer()
    appointment = factories.appointment(customer_=customer)
    response = staff_api.post(
        "/api/cards",
        {"column_id": todo.id, "title": "Follow up", "description": "Ask about colour", "label_ids": [label.id],
         "assignee_ids": [staff_user.id], "due_date": "2031-05-01", "appointment_id": appointment.id, "customer_id": customer.id},
        format="json",
    )
    assert response.status_code == 201, response.json()
    card = response.json()
    assert set(card) == CARD_KEYS
    assert {k: card[k] for k in ("board_id", "column_id", "title", "label_ids", "assignee_ids", "due_date", "appointment_id", "customer_id", "version")} == {
        "board_id": board.id, "column_id": todo.id, "title": "Follow up", "label_ids": [label.id], "assignee_ids": [staff_user.id],
        "due_date": "2031-05-01", "appointment_id": appointment.id, "customer_id": customer.id, "version": 1,
    }


@pytest.mark.parametrize(
    "body, field",
    [
        ({"title": "x"}, "column_id"),
        ({"column_id": 987654, "title": "x"}, "column_id"),
        ({"column_id": "todo", "title": "x"}, "column_id"),
        ({"column_id": "{todo}"}, "title"),
        ({"column_id": "{todo}", "title": ""}, "title"),
        ({"column_id": "{todo}", "title": "x" * 201}, "title"),
        ({"column_id": "{todo}", "title": "x", "description": "x" * 10001}, "description"),
        ({"column_id": "{todo}", "title": "x", "label_ids": "1,2"}, "label_ids"),
        ({"column_id": "{todo}", "title": "x", "label_ids": [987654]}, "label_ids"),
        ({"column_id": "{todo}", "title": "x", "label_ids": [2**70]}, "label_ids"),
        ({"column_id": "{todo}", "title": "x", "label_ids": list(range(1, 60))}, "label_ids"),
        ({"column_id": "{todo}", "title": "x", "assignee_ids": [987654]}, "assignee_ids"),
        ({"column_id": "{todo}", "title": "x", "assignee_ids": [2**70]}, "assignee_ids"),
        ({"column_id": "{todo}", "title": "x", "assignee_ids": 5}, "assignee_ids"),
        ({"column_id": "{todo}", "title": "x", "assignee_ids": list(range(1, 30))}, "assignee_ids"),
        ({"column_id": "{todo}", "title": "x", "due_date": "31/12/2031"}, "due_date"),
        ({"column_id": "{todo}", "title": "x", "due_date": "2031-02-30"}, "due_date"),
        ({"column_id": "{todo}", "title": "x", "due_date": "1999-12-31"}, "due_date"),
        ({"column_id": "{todo}", "title": "x", "appointment_id": 987654}, "appointment_id"),
        ({"column_id": "{todo}", "title": "x", "customer_id": 987654}, "customer_id"),
    ],
)
def test_create_card_with_bad_input(staff_api, todo, body, field):
    body = {key: todo.id if value == "{todo}" else value for key, value in body.items()}
    field_errors(staff_api.post("/api/cards", body, format="json"), field)
    assert not Card.objects.exists()


def test_create_card_in_an_archived_column_is_invalid(staff_api, todo):
    staff_api.post(f"/api/columns/{todo.id}/archive")
    field_errors(staff_api.post("/api/cards", {"column_id": todo.id, "title": "x"}, format="json"), "column_id")


def test_get_and_update_card_with_versions(staff_api, card):
    url = f"/api/cards/{card.id}"
    assert staff_api.get(url).json()["title"] == "Call the supplier"

    updated = staff_api.patch(url, {"title": "Email the supplier", "expected_version": 1}, format="json")
    assert (updated.status_code, updated.json()["version"]) == (200, 2)

    stale = error_of(staff_api.patch(url, {"title": "Visit", "expected_version": 1}, format="json"), 409, "stale")
    assert stale["current"] == staff_api.get(url).json()

    merged = staff_api.patch(url, {"due_date": "2031-01-31", "expected_version": 1}, format="json")
    assert (merged.status_code, merged.json()["title"], merged.json()["due_date"]) == (200, "Email the supplier", "2031-01-31")


@pytest.mark.parametrize(
    "body, field",
    [({"title": ""}, "title"), ({"title": None}, "title"), ({"expected_version": "one"}, "expected_version"),
     ({"due_date": "soon"}, "due_date"), ({"label_ids": [0]}, "label_ids"), ({"description": 12 * ["x"]}, "description")],
)
def test_update_card_with_bad_input(staff_api, card, body, field):
    field_errors(staff_api.patch(f"/api/cards/{card.id}", body, format="json"), field)
    assert Card.objects.get(pk=card.pk).version == 1


def test_move_card(staff_api, board, card):
    doing = board.columns.get(name="Doing")
    response = staff_api.post(f"/api/cards/{card.id}/move", {"column_id": doing.id, "index": 0}, format="json")
    assert response.status_code == 200
    assert (response.json()["column_id"], response.json()["version"]) == (doing.id, 2)

    stale = error_of(
        staff_api.post(f"/api/cards/{card.id}/move", {"column_id": board.columns.get(name="Done").id, "index": 0, "expected_version": 1}, format="json"),
        409, "stale",
    )
    assert stale["current"]["column_id"] == doing.id


@pytest.mark.parametrize(
    "body, field",
    [({"index": 0}, "column_id"), ({"column_id": 987654, "index": 0}, "column_id"), ({"column_id": "{doing}"}, "index"),
     ({"column_id": "{doing}", "index": -1}, "index"), ({"column_id": "{doing}", "index": 1.5}, "index"),
     ({"column_id": "{doing}", "index": 0, "expected_version": 0}, "expected_version")],
)
def test_move_card_with_bad_input(staff_api, board, card, body, field):
    doing = board.columns.get(name="Doing")
    body = {key: doing.id if value == "{doing}" else value for key, value in body.items()}
    field_errors(staff_api.post(f"/api/cards/{card.id}/move", body, format="json"), field)
    assert Card.objects.get(pk=card.pk).column_id == card.column_id


def test_archive_card(staff_api, board, card):
    response = staff_api.post(f"/api/cards/{card.id}/archive")
    assert (response.status_code, response.json()["archived"]) == (200, True)
    assert staff_api.get(f"/api/boards/{board.id}").json()["cards"] == []


def test_unknown_card_is_not_found(staff_api, card):
    # Valid input, so the answer is about the card alone (input is validated first).
    moved = {"column_id": card.column_id, "index": 0}
    for method, path, body in [
        ("get", "", {}), ("patch", "", {}), ("post", "/move", moved), ("post", "/archive", {}),
        ("get", "/comments", {}), ("post", "/comments", {"text": "Hello"}),
    ]:
        error_of(getattr(staff_api, method)(f"/api/cards/987654{path}", body, format="json"), 404, "not_found")


# Comments


def test_comment_on_a_card_edit_and_delete_it(staff_api, staff_user, card):
    created = staff_api.post(f"/api/cards/{card.id}/comments", {"text": "Called, no answer"}, format="json")
    assert created.status_code == 201
    comment = created.json()
    assert set(comment) == COMMENT_KEYS
    assert (comment["card_id"], comment["board_id"], comment["author"]["id"], comment["text"]) == (
        card.id, card.board_id, staff_user.id, "Called, no answer",
    )
    assert [c["id"] for c in staff_api.get(f"/api/cards/{card.id}/comments").json()] == [comment["id"]]

    edited = staff_api.patch(f"/api/comments/{comment['id']}", {"text": "Called twice"}, format="json")
    assert (edited.status_code, edited.json()["text"]) == (200, "Called twice")

    assert staff_api.delete(f"/api/comments/{comment['id']}").status_code == 204
    assert not Comment.objects.exists()
    error_of(staff_api.delete(f"/api/comments/{comment['id']}"), 404, "not_found")


@pytest.mark.parametrize("body", [{}, {"text": ""}, {"text": "x" * 5001}, {"text": {"a": 1}}])
def test_comment_with_bad_input(staff_api, staff_user, card, body):
    field_errors(staff_api.post(f"/api/cards/{card.id}/comments", body, format="json"), "text")
    comment = factories.comment(card, author=staff_user, text="Kept")
    field_errors(staff_api.patch(f"/api/comments/{comment.id}", body, format="json"), "text")
    assert Comment.objects.get(pk=comment.pk).text == "Kept"


# Labels


def test_create_update_and_delete_a_label(staff_api, board, card):
    created = staff_api.post(f"/api/boards/{board.id}/labels", {"name": "VIP", "color": "#AABBCC"}, format="json")
    assert created.status_code == 201
    label = created.json()
    assert set(label) == LABEL_KEYS
    assert (label["board_id"], label["name"], label["color"]) == (board.id, "VIP", "#aabbcc")
    staff_api.patch(f"/api/cards/{card.id}", {"label_ids": [label["id"]]}, format="json")

    updated = staff_api.patch(f"/api/labels/{label['id']}", {"color": "#00FF00"}, format="json")
    assert (updated.status_code, updated.json()["color"], updated.json()["name"]) == (200, "#00ff00", "VIP")

    assert staff_api.delete(f"/api/labels/{label['id']}").status_code == 204
    assert not Label.objects.exists()
    assert staff_api.get(f"/api/cards/{card.id}").json()["label_ids"] == []


@pytest.mark.parametrize(
    "body, field",
    [({"color": "#ffffff"}, "name"), ({"name": "x" * 41}, "name"), ({"name": "VIP", "color": "red"}, "color"),
     ({"name": "VIP", "color": "#fff"}, "color"), ({"name": "VIP", "color": "#gggggg"}, "color")],
)
def test_label_with_bad_input(staff_api, board, body, field):
    field_errors(staff_api.post(f"/api/boards/{board.id}/labels", body, format="json"), field)
    label = factories.label(board, name="Kept")
    if field == "color":
        field_errors(staff_api.patch(f"/api/labels/{label.id}", {"color": body["color"]}, format="json"), "color")
    assert Label.objects.get(pk=label.pk).name == "Kept"


# Staff (assignees)


def test_staff_list_shows_active_staff_only(staff_api, staff_user):
    sam = factories.staff(first_name="Sam")
    factories.staff(active=False)
    factories.customer()
    response = staff_api.get("/api/staff")
    assert response.status_code == 200
    assert sorted(response.json(), key=lambda s: s["id"]) == [
        {"id": staff_user.id, "name": "Test", "email": staff_user.email},
        {"id": sam.id, "name": "Sam", "email": sam.email},
    ]
