"""workflow.ordering: sparse positions, so a move writes one row until a gap runs out."""
from hypothesis import given, settings
from hypothesis import strategies as st

from workflow.ordering import MIN_GAP, POSITION_GAP, position_at, renumbered


def test_first_item_of_an_empty_list_gets_one_gap():
    assert position_at([], 0) == POSITION_GAP


def test_appending_adds_a_gap_after_the_last():
    assert position_at([1024.0, 2048.0], 2) == 3072.0


def test_index_past_the_end_appends_and_negative_index_prepends():
    assert position_at([1024.0, 2048.0], 10**9) == 3072.0
    assert position_at([1024.0, 2048.0], -5) == position_at([1024.0, 2048.0], 0)


def test_inserting_between_two_takes_the_midpoint():
    assert position_at([1024.0, 2048.0, 3072.0], 1) == 1536.0
    assert position_at([1024.0, 2048.0, 3072.0], 2) == 2560.0


def test_prepending_stays_above_zero():
    assert position_at([3072.0], 0) == 3072.0 - POSITION_GAP
    assert position_at([1024.0], 0) == 512.0
    assert position_at([0.5], 0) == 0.25


def test_an_exhausted_gap_asks_for_renumbering():
    assert position_at([1.0, 1.0 + MIN_GAP], 1) is None
    assert position_at([MIN_GAP], 0) is None


def test_repeated_inserts_into_one_gap_run_out_after_a_few_dozen():
    first, second = 1024.0, 2048.0
    moves = 0
    while (middle := position_at([first, second], 1)) is not None:
        assert first < middle < second
        second = middle
        moves += 1
    assert 20 <= moves <= 60


def test_renumbered_spaces_items_one_gap_apart():
    assert renumbered(3) == [1024.0, 2048.0, 3072.0]
    assert renumbered(0) == []


@settings(database=None)  # no .hypothesis/ directory in the checkout
@given(
    st.lists(st.floats(min_value=1e-3, max_value=1e9, allow_nan=False), min_size=0, max_size=20, unique=True),
    st.integers(min_value=-3, max_value=25),
)
def test_a_new_position_sorts_exactly_at_the_requested_index(positions, index):
    positions = sorted(positions)
    new = position_at(positions, index)
    if new is None:
        return
    placed = sorted(positions + [new])
    assert placed.index(new) == max(0, min(index, len(positions)))
    assert new not in positions
    assert new > 0
