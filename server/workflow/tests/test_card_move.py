"""workflow.services.card_move: cards land where they were dropped, and a move writes one row."""
import threading

import pytest
from django.db import connection

from common import errors
from realtime.models import StreamEvent
from realtime.streams import board_stream
from testing import factories
from workflow import services
from workflow.models import Card
from workflow.ordering import renumbered

pytestmark = pytest.mark.postgres


@pytest.fixture
def board(staff_user):
    """To do: A B C D; Doing: E F; Done: empty."""
    board = factories.board(members=[staff_user], columns=("To do", "Doing", "Done"))
    todo, doing, done = board.columns.order_by("position")
    for title in "ABCD":
        factories.card(todo, title=title)
    for title in "EF":
        factories.card(doing, title=title)
    return board


def column(board, name):
    return board.columns.get(name=name)


def titles(board, name) -> list[str]:
    return list(Card.objects.filter(column=column(board, name), archived=False).order_by("position", "id").values_list("title", flat=True))


def card(title) -> Card:
    return Card.objects.get(title=title)


def rows(board) -> dict:
    return {c.id: (c.column_id, c.position, c.version) for c in Card.objects.filter(board=board)}


def move(title, board, to, index, **kwargs) -> Card:
    return services.card_move(card=card(title), column=column(board, to), index=index, **kwargs)


def changed_rows(before: dict, after: dict) -> set[int]:
    return {card_id for card_id in before if before[card_id] != after[card_id]}


def events_of(board, event) -> list[dict]:
    return list(StreamEvent.objects.filter(stream=board_stream(board.id), event=event).values_list("envelope", flat=True))


@pytest.mark.django_db
@pytest.mark.parametrize(
    "mover, index, expected",
    [
        ("C", 0, "CABD"),  # to the start
        ("A", 3, "BCDA"),  # to the end
        ("A", 99, "BCDA"),  # past the end: the end
        ("D", 1, "ADBC"),  # up into the middle
        ("A", 1, "BACD"),  # down by one
        ("A", 2, "BCAD"),  # down into the middle
        ("B", 1, "ABCD"),  # onto its own place
    ],
)
def test_move_within_a_column(board, mover, index, expected):
    before = rows(board)
    moved = move(mover, board, "To do", index)

    assert "".join(titles(board, "To do")) == expected
    after = rows(board)
    assert changed_rows(before, after) == {moved.id}
    assert after[moved.id][2] == before[moved.id][2] + 1


@pytest.mark.django_db
@pytest.mark.parametrize("index, expected", [(0, "BEF"), (1, "EBF"), (2, "EFB"), (50, "EFB")])
def test_move_between_columns(board, index, expected):
    before = rows(board)
    moved = move("B", board, "Doing", index)

    assert "".join(titles(board, "Doing")) == expected
    assert titles(board, "To do") == ["A", "C", "D"]
    assert moved.column_id == column(board, "Doing").id
    assert changed_rows(before, rows(board)) == {moved.id}


@pytest.mark.django_db
def test_move_into_an_empty_column(board):
    move("D", board, "Done", 0)
    assert titles(board, "Done") == ["D"]
    assert titles(board, "To do") == ["A", "B", "C"]


@pytest.mark.django_db
def test_a_move_publishes_one_card_move_event_with_the_new_place(board):
    moved = move("A", board, "Doing", 1)
    [envelope] = events_of(board, "card_move")
    assert envelope["op"] == "moved"
    assert envelope["data"]["id"] == moved.id
    assert envelope["data"]["column_id"] == column(board, "Doing").id
    assert envelope["data"]["position"] == moved.position


@pytest.mark.django_db
def test_when_a_gap_runs_out_the_column_is_renumbered_in_order(board):
    """Keep dropping the last card between the first two until the gap is exhausted."""
    expected = list("ABCD")
    single_row_moves = 0
    for _ in range(80):
        before = rows(board)
        mover = expected[-1]
        move(mover, board, "To do", 1)
        expected = [expected[0], mover] + expected[1:-1]
        assert titles(board, "To do") == expected
        changed = changed_rows(before, rows(board))
        if len(changed) > 1:
            break
        single_row_moves += 1
    else:
        pytest.fail("the gap never ran out")

    assert single_row_moves >= 20  # renumbering is rare
    todo = Card.objects.filter(column=column(board, "To do")).order_by("position")
    assert [c.title for c in todo] == expected
    assert [c.position for c in todo] == renumbered(4)
    # Every renumbered card says so: a new version and a card_move event of its own.
    assert changed == {c.id for c in todo}
    assert {c.id: c.version for c in todo} == {card_id: before[card_id][2] + 1 for card_id in changed}
    # Cards elsewhere were not touched.
    assert titles(board, "Doing") == ["E", "F"]


@pytest.mark.django_db
def test_stale_move_is_refused_with_the_current_card(board):
    a = card("A")
    move("A", board, "Doing", 0)  # someone else moved it: version 2
    with pytest.raises(errors.Stale) as refused:
        move("A", board, "Done", 0, expected_version=a.version)
    current = refused.value.current
    assert (current["id"], current["column_id"], current["version"]) == (a.id, column(board, "Doing").id, 2)
    assert titles(board, "Done") == []
    assert card("A").column_id == column(board, "Doing").id


@pytest.mark.django_db
def test_move_based_on_an_old_version_is_merged_when_only_other_fields_changed(board):
    a = card("A")
    services.card_update(card=a, title="A (renamed)", expected_version=a.version)
    moved = services.card_move(card=card("A (renamed)"), column=column(board, "Done"), index=0, expected_version=a.version)
    assert (moved.column_id, moved.title, moved.version) == (column(board, "Done").id, "A (renamed)", 3)


@pytest.mark.django_db
def test_move_with_a_future_version_is_stale(board):
    with pytest.raises(errors.Stale):
        move("A", board, "Done", 0, expected_version=7)


@pytest.mark.django_db
def test_cannot_move_to_an_archived_column_or_another_board_or_an_archived_card(board, staff_user):
    services.column_archive(column=column(board, "Done"))
    with pytest.raises(errors.InvalidInput):
        move("A", board, "Done", 0)
    other = factories.board(members=[staff_user], name="Other", columns=("Inbox",))
    with pytest.raises(errors.InvalidInput):
        services.card_move(card=card("A"), column=other.columns.get(), index=0)
    services.card_archive(card=card("B"))
    with pytest.raises(errors.InvalidInput):
        move("B", board, "Doing", 0)
    assert titles(board, "To do") == ["A", "C", "D"]


# Concurrent moves (real threads, each with its own connection)


def run_at_once(work, count: int) -> list:
    barrier = threading.Barrier(count)
    results: list = [None] * count

    def worker(index):
        try:
            barrier.wait(timeout=10)
            results[index] = work(index)
        except Exception as exc:  # asserted on by the test
            results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)
    return results


@pytest.mark.django_db(transaction=True)
def test_two_people_moving_one_card_at_once_get_one_winner_and_stale(board):
    a = card("A")
    targets = ["Doing", "Done", "Doing", "Done", "Doing", "Done"]

    results = run_at_once(
        lambda i: services.card_move(card=a, column=column(board, targets[i]), index=0, expected_version=a.version),
        len(targets),
    )

    winners = [r for r in results if isinstance(r, Card)]
    assert len(winners) == 1, results
    assert all(isinstance(r, errors.Stale) for r in results if r not in winners)
    assert card("A").column_id == winners[0].column_id
    assert card("A").version == 2


@pytest.mark.django_db(transaction=True)
def test_concurrent_moves_into_one_gap_keep_every_card_and_distinct_positions(board):
    movers = ["C", "D", "E", "F"]
    results = run_at_once(lambda i: move(movers[i], board, "To do", 1), len(movers))

    assert all(isinstance(r, Card) for r in results), results
    todo = titles(board, "To do")
    assert sorted(todo) == ["A", "B", "C", "D", "E", "F"]
    assert todo[0] == "A" and todo[-1] == "B"
    positions = list(Card.objects.filter(column=column(board, "To do")).values_list("position", flat=True))
    assert len(set(positions)) == len(positions)
