"""Who may use a board: its staff members (and superusers). Others learn nothing about it."""
import pytest
from rest_framework.test import APIClient

from testing import factories
from workflow.models import Board, Card, Column, Comment, Label

pytestmark = pytest.mark.django_db

# Every board-scoped endpoint, with a body that would be valid for a member.
BOARD_ENDPOINTS = [
    ("get", "/api/boards/{board}", None),
    ("patch", "/api/boards/{board}", {"name": "Mine now"}),
    ("post", "/api/boards/{board}/columns", {"name": "Sneaky"}),
    ("post", "/api/boards/{board}/labels", {"name": "Sneaky", "color": "#000000"}),
    ("patch", "/api/columns/{column}", {"name": "Sneaky"}),
    ("post", "/api/columns/{column}/move", {"index": 2}),
    ("post", "/api/columns/{column}/archive", None),
    ("get", "/api/cards/{card}", None),
    ("patch", "/api/cards/{card}", {"title": "Sneaky"}),
    ("post", "/api/cards/{card}/move", {"column_id": "{column}", "index": 0}),
    ("post", "/api/cards/{card}/archive", None),
    ("get", "/api/cards/{card}/comments", None),
    ("post", "/api/cards/{card}/comments", {"text": "Sneaky"}),
    ("patch", "/api/comments/{comment}", {"text": "Sneaky"}),
    ("delete", "/api/comments/{comment}", None),
    ("patch", "/api/labels/{label}", {"name": "Sneaky"}),
    ("delete", "/api/labels/{label}", None),
]
STAFF_ENDPOINTS = BOARD_ENDPOINTS + [
    ("get", "/api/boards", None),
    ("post", "/api/boards", {"name": "New"}),
    ("post", "/api/cards", {"column_id": "{column}", "title": "New"}),
    ("get", "/api/staff", None),
]


@pytest.fixture
def scene():
    """A board of Alex's with a column, a card, a comment by Alex and a label."""
    alex = factories.staff(first_name="Alex")
    board = factories.board(members=[alex], columns=("To do", "Done"))
    column = board.columns.order_by("position").first()
    card = factories.card(column, title="Original")
    comment = factories.comment(card, author=alex, text="Original")
    label = factories.label(board, name="Original")
    ids = {"board": board.id, "column": column.id, "card": card.id, "comment": comment.id, "label": label.id}
    return alex, ids


def state() -> tuple:
    """Everything a refused request might have changed."""
    return (
        list(Board.objects.values_list("id", "name", "archived")),
        list(Column.objects.values_list("id", "name", "position", "archived", "version")),
        list(Card.objects.values_list("id", "title", "position", "archived", "version")),
        list(Comment.objects.values_list("id", "text")),
        list(Label.objects.values_list("id", "name", "color")),
    )


def call(client, method, path, body, ids):
    url = path.format(**ids)
    if body is not None:
        body = {key: ids[value[1:-1]] if isinstance(value, str) and value.startswith("{") else value for key, value in body.items()}
        return getattr(client, method)(url, body, format="json")
    return getattr(client, method)(url)


def as_user(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def assert_error(response, status, code):
    assert response.status_code == status, (response.status_code, response.content)
    assert response.json()["error"]["code"] == code


@pytest.mark.parametrize("method, path, body", BOARD_ENDPOINTS)
def test_staff_who_are_not_members_get_not_found_and_change_nothing(scene, method, path, body):
    _, ids = scene
    outsider = as_user(factories.staff(first_name="Outsider"))
    before = state()
    assert_error(call(outsider, method, path, body, ids), 404, "not_found")
    assert state() == before


@pytest.mark.parametrize("method, path, body", STAFF_ENDPOINTS)
def test_customers_are_forbidden_and_change_nothing(scene, method, path, body):
    _, ids = scene
    customer = as_user(factories.customer().user)
    before = state()
    assert_error(call(customer, method, path, body, ids), 403, "forbidden")
    assert state() == before


@pytest.mark.parametrize("method, path, body", STAFF_ENDPOINTS)
def test_anonymous_requests_are_not_authenticated(scene, api, method, path, body):
    _, ids = scene
    before = state()
    assert_error(call(api, method, path, body, ids), 401, "not_authenticated")
    assert state() == before


def test_not_found_for_a_private_board_looks_like_a_missing_one(scene):
    _, ids = scene
    outsider = as_user(factories.staff())
    private = outsider.get(f"/api/boards/{ids['board']}")
    missing = outsider.get("/api/boards/987654")
    assert (private.status_code, private.json()) == (missing.status_code, missing.json())


def test_cards_cannot_be_created_in_or_moved_to_a_column_of_a_board_one_cannot_see(scene):
    alex, ids = scene
    outsider_user = factories.staff()
    outsider = as_user(outsider_user)
    own_board = factories.board(members=[outsider_user], columns=("Mine",))
    own_card = factories.card(own_board.columns.get(), title="Mine")

    created = outsider.post("/api/cards", {"column_id": ids["column"], "title": "x"}, format="json")
    moved = outsider.post(f"/api/cards/{own_card.id}/move", {"column_id": ids["column"], "index": 0}, format="json")
    missing = outsider.post("/api/cards", {"column_id": 987654, "title": "x"}, format="json")

    assert_error(created, 400, "invalid")
    assert_error(moved, 400, "invalid")
    assert created.json() == missing.json()  # the private column looks like no column
    assert Card.objects.get(pk=own_card.pk).column_id == own_board.columns.get().id
    assert not Card.objects.filter(title="x").exists()


def test_members_and_superusers_may_use_the_board(scene):
    alex, ids = scene
    admin = factories.staff(superuser=True)
    member = factories.staff()
    Board.objects.get(pk=ids["board"]).members.add(member)
    for user in (alex, member, admin):
        assert as_user(user).get(f"/api/boards/{ids['board']}").status_code == 200


def test_board_list_shows_only_the_boards_one_belongs_to(scene):
    alex, ids = scene
    factories.board(members=[factories.staff()], name="Someone else's")
    archived = factories.board(members=[alex], name="Old")
    Board.objects.filter(pk=archived.pk).update(archived=True)

    assert [b["id"] for b in as_user(alex).get("/api/boards").json()] == [ids["board"]]
    assert len(as_user(factories.staff(superuser=True)).get("/api/boards").json()) == 2


def test_only_the_author_edits_a_comment_and_the_author_or_an_admin_deletes_it(scene):
    alex, ids = scene
    member = factories.staff()
    Board.objects.get(pk=ids["board"]).members.add(member)
    url = f"/api/comments/{ids['comment']}"

    assert_error(as_user(member).patch(url, {"text": "Edited by someone else"}, format="json"), 403, "forbidden")
    assert_error(as_user(member).delete(url), 403, "forbidden")
    assert Comment.objects.get(pk=ids["comment"]).text == "Original"

    assert as_user(factories.staff(superuser=True)).delete(url).status_code == 204
    assert not Comment.objects.filter(pk=ids["comment"]).exists()
