"""Columns: order, versioned edits, archive."""
import pytest

from common import errors
from testing import factories
from workflow import selectors, services
from workflow.models import Column
from workflow.ordering import renumbered

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


@pytest.fixture
def board(staff_user):
    return factories.board(members=[staff_user], columns=("Backlog", "To do", "Doing", "Done"))


def names(board) -> list[str]:
    return list(board.columns.filter(archived=False).order_by("position", "id").values_list("name", flat=True))


def rows(board) -> dict:
    return dict(board.columns.values_list("id", "position"))


def test_new_columns_go_to_the_end(board):
    services.column_create(board=board, name="Archive", wip_limit=3)
    assert names(board) == ["Backlog", "To do", "Doing", "Done", "Archive"]
    assert board.columns.get(name="Archive").wip_limit == 3


@pytest.mark.parametrize(
    "name, index, expected",
    [
        ("Done", 0, ["Done", "Backlog", "To do", "Doing"]),
        ("Backlog", 3, ["To do", "Doing", "Done", "Backlog"]),
        ("Backlog", 2, ["To do", "Doing", "Backlog", "Done"]),
        ("Done", 1, ["Backlog", "Done", "To do", "Doing"]),
    ],
)
def test_column_move_writes_only_the_moved_column(board, name, index, expected):
    before = rows(board)
    moved = services.column_move(column=board.columns.get(name=name), index=index)
    assert names(board) == expected
    after = rows(board)
    assert {cid for cid in before if before[cid] != after[cid]} == {moved.id}


def test_column_moves_renumber_when_the_gap_runs_out(board):
    expected = names(board)
    for _ in range(80):
        before = rows(board)
        mover = expected[-1]
        services.column_move(column=board.columns.get(name=mover), index=1)
        expected = [expected[0], mover] + expected[1:-1]
        assert names(board) == expected
        if len([cid for cid in before if before[cid] != rows(board)[cid]]) > 1:
            break
    else:
        pytest.fail("the gap never ran out")
    assert list(board.columns.order_by("position").values_list("position", flat=True)) == renumbered(4)


def test_column_update_with_versions(board):
    todo = board.columns.get(name="To do")
    services.column_update(column=todo, expected_version=1, name="Next")
    # Stale, but touches only the limit: merged.
    services.column_update(column=todo, expected_version=1, wip_limit=5)
    now = Column.objects.get(pk=todo.pk)
    assert (now.name, now.wip_limit, now.version) == ("Next", 5, 3)
    # Stale and touches the name changed since: refused with the current column.
    with pytest.raises(errors.Stale) as refused:
        services.column_update(column=todo, expected_version=1, name="Soon")
    assert refused.value.current["name"] == "Next"
    assert refused.value.current["version"] == 3
    assert Column.objects.get(pk=todo.pk).name == "Next"


def test_archived_column_and_its_cards_leave_the_snapshot(board):
    doing = board.columns.get(name="Doing")
    hidden = factories.card(doing, title="hidden")
    shown = factories.card(board.columns.get(name="To do"), title="shown")

    services.column_archive(column=doing)

    snapshot = selectors.board_get_snapshot(board)
    assert [c["name"] for c in snapshot["columns"]] == ["Backlog", "To do", "Done"]
    assert [c["id"] for c in snapshot["cards"]] == [shown.id]
    assert hidden.id not in [c["id"] for c in snapshot["cards"]]
    version = Column.objects.get(pk=doing.pk).version
    services.column_archive(column=doing)  # again: nothing changes
    assert Column.objects.get(pk=doing.pk).version == version
