"""GET /api/search (workflow.search): cards found across the boards a user may read.

Runs on SQLite (`make test-server`) and again on PostgreSQL (`make test-postgres`),
where the same answers come from full-text indexes.
"""
import pytest
from django.db import connection

from testing import factories
from testing.rest import error_of
from workflow import services
from workflow.models import Card
from workflow.search import PAGE_SIZE

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

RESULT_KEYS = {"card", "board", "column", "snippet"}


@pytest.fixture
def board(staff_user):
    return factories.board(members=[staff_user], name="Salon jobs")


@pytest.fixture
def todo(board):
    return board.columns.get(name="To do")


def search(api, q, **params):
    response = api.get("/api/search", {"q": q, **params})
    assert response.status_code == 200, response.content
    return response.json()


def titles(page) -> list[str]:
    return [result["card"]["title"] for result in page["results"]]


def test_title_match_ranks_above_description_match_above_comment_match(staff_api, staff_user, todo):
    in_comment = factories.card(todo, title="Restock the shelves")
    factories.comment(in_comment, author=staff_user, text="The clippers from the supplier are late.")
    factories.card(todo, title="Clean the floor", description="Sweep under the chairs, then oil the clippers.")
    factories.card(todo, title="Order new clippers")
    factories.card(todo, title="Unrelated", description="Nothing to see.")

    page = search(staff_api, "clippers")

    assert titles(page) == ["Order new clippers", "Clean the floor", "Restock the shelves"]
    assert (page["page"], page["has_more"]) == (1, False)


def test_each_result_has_its_card_board_column_and_the_text_around_the_match(staff_api, staff_user, board, todo):
    card = factories.card(todo, title="Call Mrs Jones")
    factories.comment(card, author=staff_user, text="She asked for a Saturday morning appointment with the colourist.")

    # One word in the title, one in a comment: the snippet shows the comment.
    [result] = search(staff_api, "jones saturday")["results"]

    assert set(result) == RESULT_KEYS
    assert result["card"]["id"] == card.id and result["card"]["version"] == card.version
    assert result["board"] == {"id": board.id, "name": "Salon jobs"}
    assert result["column"] == {"id": todo.id, "name": "To do"}
    assert "Saturday morning" in result["snippet"]


def test_every_word_must_match_and_a_word_matches_as_the_start_of_longer_ones(staff_api, todo):
    factories.card(todo, title="Order clippers", description="From the usual supplier")
    factories.card(todo, title="Order shampoo")

    assert titles(search(staff_api, "clip")) == ["Order clippers"]
    assert titles(search(staff_api, "ORDER suppl")) == ["Order clippers"]
    assert titles(search(staff_api, "order towels")) == []


def test_only_boards_the_user_may_read_and_nothing_archived(staff_api, staff_user, board, todo):
    factories.card(todo, title="Invoice on our board")
    factories.card(factories.board(name="Not shared").columns.first(), title="Invoice on a private board")
    shared_to_view = factories.board(name="Read only", viewers=[staff_user])
    factories.card(shared_to_view.columns.first(), title="Invoice a viewer may see")
    services.card_archive(card=factories.card(todo, title="Invoice archived"))
    doing = board.columns.get(name="Doing")
    factories.card(doing, title="Invoice in an archived column")
    services.column_archive(column=doing)
    old = factories.board(members=[staff_user], name="Old board")
    factories.card(old.columns.first(), title="Invoice on an archived board")
    old.archived = True
    old.save()

    assert sorted(titles(search(staff_api, "invoice"))) == ["Invoice a viewer may see", "Invoice on our board"]


def test_results_come_a_page_at_a_time(staff_api, todo):
    total = PAGE_SIZE * 2 + 3
    for n in range(total):
        factories.card(todo, title=f"Receipt {n}")

    pages = [search(staff_api, "receipt", page=n) for n in (1, 2, 3, 4)]

    assert [len(p["results"]) for p in pages] == [PAGE_SIZE, PAGE_SIZE, 3, 0]
    assert [(p["page"], p["has_more"]) for p in pages] == [(1, True), (2, True), (3, False), (4, False)]
    found = [title for p in pages for title in titles(p)]
    assert sorted(found) == sorted(f"Receipt {n}" for n in range(total))
    # Equal matches: the most recently changed first.
    assert found[0] == f"Receipt {total - 1}"


def test_a_query_without_any_word_finds_nothing(staff_api, todo):
    factories.card(todo, title="Order clippers")

    assert search(staff_api, "?!") == {"results": [], "page": 1, "has_more": False}


@pytest.mark.parametrize(
    "params, field",
    [
        ({}, "q"),
        ({"q": ""}, "q"),
        ({"q": "   "}, "q"),
        ({"q": "x" * 201}, "q"),
        ({"q": "clippers", "page": "two"}, "page"),
        ({"q": "clippers", "page": "0"}, "page"),
        ({"q": "clippers", "page": "501"}, "page"),
        ({"q": "a\x00b"}, "q"),
    ],
)
def test_bad_input_is_a_field_error(staff_api, params, field):
    error = error_of(staff_api.get("/api/search", params), 400, "invalid")
    assert field in error["fields"], error


def test_staff_only(api, customer_api):
    error_of(api.get("/api/search", {"q": "clippers"}), 401, "not_authenticated")
    error_of(customer_api.get("/api/search", {"q": "clippers"}), 403, "forbidden")


def test_what_is_found_follows_every_change_of_title_description_and_comments(staff_api, staff_user, todo):
    card = factories.card(todo, title="Order towels")
    moved = factories.card(todo, title="Sweep the floor")

    services.card_update(card=card, title="Order combs", description="Ask about the discount")
    services.card_move(card=moved, column=todo.board.columns.get(name="Done"), index=0)
    assert titles(search(staff_api, "towels")) == []
    assert titles(search(staff_api, "combs discount")) == ["Order combs"]
    assert titles(search(staff_api, "sweep")) == ["Sweep the floor"]

    comment = factories.comment(card, author=staff_user, text="Delivery on Tuesday")
    assert titles(search(staff_api, "tuesday")) == ["Order combs"]
    services.comment_update(comment=comment, actor=staff_user, text="Delivery on Friday")
    assert (titles(search(staff_api, "tuesday")), titles(search(staff_api, "friday"))) == ([], ["Order combs"])
    services.comment_delete(comment=comment, actor=staff_user)
    assert titles(search(staff_api, "friday")) == []


def test_postgresql_searches_the_stored_document_through_its_index(todo):
    """PostgreSQL keeps each card's search document in the database (migration 0003); SQLite has none."""
    from workflow.search import _ranked_postgres

    card = factories.card(todo, title="Order clippers", description="From the supplier")
    with connection.cursor() as cursor:
        columns = [column.name for column in connection.introspection.get_table_description(cursor, "workflow_card")]
    if connection.vendor != "postgresql":
        assert "search_document" not in columns  # the migration is PostgreSQL-only; SQLite searches with icontains
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT search_document::text FROM workflow_card WHERE id = %s", [card.id])
        assert cursor.fetchone() == ("'clippers':2A 'from':3B 'order':1A 'supplier':5B 'the':4B",)
        # The table is tiny here: forbid sequential scans so the plan shows whether the index can be used at all.
        cursor.execute("SET LOCAL enable_seqscan = off")
    plan = _ranked_postgres(Card.objects.all(), ["clippers"]).explain()
    assert "workflow_card_search" in plan, plan
