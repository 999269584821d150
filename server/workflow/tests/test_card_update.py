"""Editing and archiving cards: versioned edits refuse only real conflicts."""
import pytest

from common import errors
from realtime.models import StreamEvent
from realtime.streams import board_stream
from testing import factories
from workflow import selectors, services
from workflow.models import Card
from workflow.serializers import card_data

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


@pytest.fixture
def board(staff_user):
    return factories.board(members=[staff_user])


@pytest.fixture
def todo(board):
    return board.columns.order_by("position").first()


@pytest.fixture
def card(todo):
    return factories.card(todo, title="Order shampoo", description="Two boxes")


def stored(card) -> Card:
    return Card.objects.get(pk=card.pk)


def card_events(board) -> int:
    return StreamEvent.objects.filter(stream=board_stream(board.id), event="card_update").count()


def test_edit_with_the_current_version_applies_and_bumps_the_version(card):
    updated = services.card_update(card=card, expected_version=1, title="Order conditioner")
    assert (stored(card).title, stored(card).version, updated.version) == ("Order conditioner", 2, 2)


def test_stale_edit_of_a_field_changed_since_is_refused_with_the_current_card(card, board):
    services.card_update(card=card, expected_version=1, title="Order conditioner")

    with pytest.raises(errors.Stale) as refused:
        services.card_update(card=card, expected_version=1, title="Order soap")

    assert refused.value.current["title"] == "Order conditioner"
    assert refused.value.current["version"] == 2
    assert refused.value.current == card_data(stored(card))
    assert stored(card).title == "Order conditioner"
    assert stored(card).version == 2


def test_stale_edit_of_other_fields_is_merged(card, staff_user):
    services.card_update(card=card, expected_version=1, title="Order conditioner")

    merged = services.card_update(card=card, expected_version=1, description="Three boxes", assignee_ids=[staff_user.id])

    now = stored(card)
    assert (now.title, now.description, card_data(now)["assignee_ids"]) == ("Order conditioner", "Three boxes", [staff_user.id])
    assert now.version == merged.version == 3


def test_stale_edit_is_judged_against_every_change_since_its_version(card):
    services.card_update(card=card, expected_version=1, title="v2")
    services.card_update(card=card, expected_version=2, description="v3")
    with pytest.raises(errors.Stale):
        services.card_update(card=card, expected_version=2, description="mine")
    # A field untouched since version 2 may still be edited from version 2.
    services.card_update(card=card, expected_version=2, due_date=None, title="v4")
    assert stored(card).title == "v4"


def test_edit_claiming_a_version_from_the_future_is_refused(card):
    with pytest.raises(errors.Stale):
        services.card_update(card=card, expected_version=5, title="x")
    assert stored(card).version == 1


def test_edit_without_a_version_always_applies(card):
    services.card_update(card=card, title="one")
    services.card_update(card=card, title="two")
    assert (stored(card).title, stored(card).version) == ("two", 3)


def test_edit_that_changes_nothing_keeps_the_version_and_sends_nothing(card, board):
    events = card_events(board)
    services.card_update(card=card, expected_version=1, title="Order shampoo", description="Two boxes")
    assert stored(card).version == 1
    assert card_events(board) == events


def test_labels_are_set_from_this_board_only(card, board, staff_user):
    urgent = factories.label(board, name="Urgent")
    other_board = factories.board(members=[staff_user], name="Other")
    foreign = factories.label(other_board, name="Foreign")

    services.card_update(card=card, label_ids=[urgent.id, urgent.id])
    assert card_data(stored(card))["label_ids"] == [urgent.id]
    with pytest.raises(errors.InvalidInput) as refused:
        services.card_update(card=card, label_ids=[urgent.id, foreign.id])
    assert "label_ids" in refused.value.fields
    assert card_data(stored(card))["label_ids"] == [urgent.id]


@pytest.mark.parametrize("field", ["appointment_id", "customer_id"])
def test_links_to_unknown_objects_are_refused(card, field):
    with pytest.raises(errors.InvalidInput) as refused:
        services.card_update(card=card, **{field: 987654})
    assert field in refused.value.fields


def test_only_members_of_the_board_can_be_assigned(card, board, staff_user):
    colleague = factories.staff(first_name="Sam")
    board.members.add(colleague)
    services.card_update(card=card, assignee_ids=[colleague.id, staff_user.id, colleague.id])
    assert card_data(stored(card))["assignee_ids"] == sorted([staff_user.id, colleague.id])
    for outsider in (factories.staff(first_name="Not on the board"), factories.customer().user):
        with pytest.raises(errors.InvalidInput) as refused:
            services.card_update(card=card, assignee_ids=[staff_user.id, outsider.id])
        assert "assignee_ids" in refused.value.fields
    assert card_data(stored(card))["assignee_ids"] == sorted([staff_user.id, colleague.id])


def test_deleting_a_label_takes_it_off_cards_and_bumps_their_version(card, board):
    urgent = factories.label(board, name="Urgent")
    services.card_update(card=card, label_ids=[urgent.id])
    version = stored(card).version
    services.label_delete(label=urgent)
    assert card_data(stored(card))["label_ids"] == []
    assert stored(card).version == version + 1
    # An edit of the labels based on the old version is now stale.
    with pytest.raises(errors.Stale):
        services.card_update(card=card, expected_version=version, label_ids=[])


# Archive


def test_archived_card_leaves_the_board_snapshot(card, board, todo):
    keep = factories.card(todo, title="Keep")
    archived = services.card_archive(card=card)
    assert archived.archived is True
    snapshot = selectors.board_get_snapshot(board)
    assert [c["id"] for c in snapshot["cards"]] == [keep.id]


def test_archiving_twice_changes_nothing_the_second_time(card, board):
    services.card_archive(card=card)
    version, events = stored(card).version, card_events(board)
    services.card_archive(card=card)
    assert (stored(card).version, card_events(board)) == (version, events)


def test_archived_card_takes_no_comments_and_no_moves(card, todo, staff_user):
    services.card_archive(card=card)
    with pytest.raises(errors.InvalidInput):
        services.comment_create(card=stored(card), author=staff_user, text="hello")
    with pytest.raises(errors.InvalidInput):
        services.card_move(card=card, column=todo, index=0)


def test_new_cards_go_to_the_end_of_their_column(todo):
    first = factories.card(todo, title="first")
    second = factories.card(todo, title="second")
    assert first.position < second.position


def test_cannot_create_a_card_in_an_archived_column(todo):
    services.column_archive(column=todo)
    with pytest.raises(errors.InvalidInput):
        services.card_create(column=todo, title="late")
    assert not Card.objects.filter(title="late").exists()
