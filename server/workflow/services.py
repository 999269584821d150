"""What can happen on a workflow board. Every change publishes one event to the board's stream.

Each service locks the board's stream first (realtime.publish.stream_lock): writes to a
board are serialised, so positions read from neighbours and version checks hold until
commit, and two people moving the same card at once get one winner and one `stale`.
"""
from typing import Any, TypeVar

from accounts.models import User
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import QuerySet

from appointments.models import Appointment
from common import errors
from customers.models import Customer
from realtime.publish import publish, stream_lock
from realtime.streams import board_stream
from workflow import notices
from workflow.models import Board, BoardMembership, Card, ChecklistItem, Column, Comment, Label
from workflow.ordering import position_at, renumbered
from workflow.serializers import (
    ColumnSerializer,
    LabelSerializer,
    board_data,
    card_data,
    comment_data,
    load_relation_ids,
    relation_ids,
)

Role = BoardMembership.Role

CARD_FIELDS = ("title", "description", "label_ids", "assignee_ids", "due_date", "appointment_id", "customer_id")
# Card fields kept in many-to-many relations, set as lists of ids.
CARD_RELATIONS = {"label_ids": "labels", "assignee_ids": "assignees"}
COLUMN_FIELDS = ("name", "wip_limit")
MOVE_FIELDS = ("column_id", "position")


def _publish(board_id: int, event: str, op: str, data: dict[str, Any]) -> None:
    publish(stream=board_stream(board_id), event=event, op=op, data=data)


def _check_version(obj: Card | Column, expected_version: int | None, touched: set[str]) -> None:
    """Refuse a change based on an old version if it touches a field changed since.

    A change that touches only fields nobody changed after `expected_version` is
    merged; that is what a person would do by hand with the two edits.
    """
    if expected_version is None or expected_version == obj.version:
        return
    changed_since = {field for field, version in obj.field_versions.items() if version > expected_version}
    if expected_version > obj.version or changed_since & touched:
        current = card_data(obj) if isinstance(obj, Card) else ColumnSerializer(obj).data
        raise errors.Stale(current=current)


def _bump_version(obj: Card | Column, changed: set[str]) -> None:
    obj.version += 1
    obj.field_versions = {**obj.field_versions, **{field: obj.version for field in changed}}


# Boards

@transaction.atomic
def board_create(*, name: str, description: str = "", creator: User) -> Board:
    board = Board.objects.create(name=name, description=description)
    BoardMembership.objects.create(board=board, user=creator, role=Role.OWNER)
    _publish(board.id, "board_update", "created", board_data(board))
    return board


@transaction.atomic
def board_update(*, board: Board, **changes: Any) -> Board:
    stream_lock(board_stream(board.id))
    for field, value in changes.items():
        setattr(board, field, value)
    board.save()
    board = Board.objects.get(pk=board.pk)  # members as they are now (the Django admin edits them)
    op = "archived" if changes.get("archived") else "updated"
    _publish(board.id, "board_update", op, board_data(board))
    return board


def _check_keeps_an_owner(board: Board, user_id: int) -> None:
    others = BoardMembership.objects.filter(board=board, role=Role.OWNER).exclude(user_id=user_id)
    if not others.exists():
        raise errors.InvalidInput(fields={"user_id": ["A board needs an owner: make someone else owner first."]})


@transaction.atomic
def board_set_member(*, board: Board, user_id: int, role: str) -> Board:
    """Add a staff member to the board with `role`, or change their role."""
    stream_lock(board_stream(board.id))
    if not get_user_model().objects.filter(pk=user_id, is_staff=True, is_active=True).exists():
        raise errors.InvalidInput(fields={"user_id": ["No such staff member."]})
    membership = BoardMembership.objects.filter(board=board, user_id=user_id).first()
    if membership is None:
        BoardMembership.objects.create(board=board, user_id=user_id, role=role)
    elif membership.role != role:
        if membership.role == Role.OWNER:
            _check_keeps_an_owner(board, user_id)
        membership.role = role
        membership.save(update_fields=["role"])
    else:
        return board
    _publish(board.id, "board_update", "updated", board_data(board))
    return board


@transaction.atomic
def board_remove_member(*, board: Board, user_id: int) -> Board:
    """Take someone off the board. Their open views lose it at once (see the board's
    `board_update`) and their sockets leave its stream at the next session sweep."""
    stream_lock(board_stream(board.id))
    membership = BoardMembership.objects.filter(board=board, user_id=user_id).first()
    if membership is None:
        return board
    if membership.role == Role.OWNER:
        _check_keeps_an_owner(board, user_id)
    membership.delete()
    _publish(board.id, "board_update", "updated", board_data(board))
    return board


# Columns

# What has a place among its siblings (a float `position`, see workflow.ordering).
Placed = TypeVar("Placed", Column, Card, ChecklistItem)


def _place(item: Placed, siblings: QuerySet[Placed], index: int) -> list[Placed]:
    """Set item.position to put it at `index` among `siblings` (a queryset of the active
    ones: archived columns and cards keep a place but take none).

    Returns the siblings that had to be renumbered to make room (rarely any).
    """
    siblings = siblings.order_by("position", "id")
    others = [(pk, position) for pk, position in siblings.values_list("pk", "position") if pk != item.pk]
    position = position_at([position for _, position in others], index)
    if position is not None:
        item.position = position
        return []
    # No room left between the neighbours: renumber them all (rare), so read them whole.
    ordered = [sibling for sibling in siblings if sibling.pk != item.pk]
    ordered.insert(min(index, len(ordered)), item)
    for sibling, new_position in zip(ordered, renumbered(len(ordered))):
        sibling.position = new_position
    return [sibling for sibling in ordered if sibling is not item]


def _place_column(column: Column, index: int) -> list[Column]:
    return _place(column, Column.objects.filter(board_id=column.board_id, archived=False), index)


@transaction.atomic
def column_create(*, board: Board, name: str, wip_limit: int | None = None) -> Column:
    stream_lock(board_stream(board.id))
    column = Column(board=board, name=name, wip_limit=wip_limit, position=0)
    moved = _place_column(column, index=10**9)
    column.save()
    _save_renumbered_columns(moved)
    _publish(board.id, "column_update", "created", ColumnSerializer(column).data)
    return column


def _save_renumbered_columns(columns: list[Column]) -> None:
    for sibling in columns:
        _bump_version(sibling, {"position"})
        sibling.save(update_fields=["position", "version", "field_versions"])
        _publish(sibling.board_id, "column_update", "moved", ColumnSerializer(sibling).data)


@transaction.atomic
def column_update(*, column: Column, expected_version: int | None = None, **changes: Any) -> Column:
    stream_lock(board_stream(column.board_id))
    column = Column.objects.get(pk=column.pk)
    changed = {field for field, value in changes.items() if getattr(column, field) != value}
    _check_version(column, expected_version, set(changes))
    if not changed:
        return column
    for field in changed:
        setattr(column, field, changes[field])
    _bump_version(column, changed)
    column.save()
    _publish(column.board_id, "column_update", "updated", ColumnSerializer(column).data)
    return column


@transaction.atomic
def column_move(*, column: Column, index: int) -> Column:
    stream_lock(board_stream(column.board_id))
    column = Column.objects.get(pk=column.pk)
    moved = _place_column(column, index)
    _bump_version(column, {"position"})
    column.save()
    _save_renumbered_columns(moved)
    _publish(column.board_id, "column_update", "moved", ColumnSerializer(column).data)
    return column


@transaction.atomic
def column_archive(*, column: Column) -> Column:
    stream_lock(board_stream(column.board_id))
    column = Column.objects.get(pk=column.pk)
    if column.archived:
        return column
    column.archived = True
    _bump_version(column, {"archived"})
    column.save()
    _publish(column.board_id, "column_update", "archived", ColumnSerializer(column).data)
    return column


# Cards

def _resolve_card_fields(board: Board, fields: dict[str, Any]) -> dict[str, Any]:
    """Turn ids from the client into objects, refusing ids from elsewhere."""
    resolved = dict(fields)
    if "label_ids" in fields:
        ids = sorted(set(fields["label_ids"]))
        labels = list(Label.objects.filter(board=board, id__in=ids))
        if len(labels) != len(ids):
            raise errors.InvalidInput(fields={"label_ids": ["Use labels of this board."]})
        resolved["label_ids"] = ids
    if "assignee_ids" in fields:
        ids = sorted(set(fields["assignee_ids"]))
        members = BoardMembership.objects.filter(board=board, user_id__in=ids, user__is_active=True)
        if members.count() != len(ids):
            raise errors.InvalidInput(fields={"assignee_ids": ["Assign members of this board."]})
        resolved["assignee_ids"] = ids
    if fields.get("appointment_id") is not None and not Appointment.objects.filter(pk=fields["appointment_id"]).exists():
        raise errors.InvalidInput(fields={"appointment_id": ["No such appointment."]})
    if fields.get("customer_id") is not None and not Customer.objects.filter(pk=fields["customer_id"]).exists():
        raise errors.InvalidInput(fields={"customer_id": ["No such customer."]})
    return resolved


def _place_card(card: Card, column: Column, index: int) -> list[Card]:
    card.column = column
    return _place(card, Card.objects.filter(column_id=column.id, archived=False), index)


def _save_renumbered_cards(cards: list[Card]) -> None:
    load_relation_ids(cards)
    for sibling in cards:
        _bump_version(sibling, {"position"})
        sibling.save(update_fields=["position", "version", "field_versions", "updated_at"])
        _publish(sibling.board_id, "card_move", "moved", card_data(sibling))


def _active_column(column: Column) -> Column:
    column = Column.objects.get(pk=column.pk)
    if column.archived:
        raise errors.InvalidInput(fields={"column_id": ["That column is archived."]})
    return column


@transaction.atomic
def card_create(*, column: Column, title: str, **fields: Any) -> Card:
    stream_lock(board_stream(column.board_id))
    column = _active_column(column)
    fields = _resolve_card_fields(column.board, fields)
    related = {field: fields.pop(field, []) for field in CARD_RELATIONS}
    card = Card(board_id=column.board_id, title=title, position=0, **fields)
    renumbered_cards = _place_card(card, column, index=10**9)
    card.save()
    for field, ids in related.items():
        getattr(card, CARD_RELATIONS[field]).set(ids)
    card.relation_ids = {field: sorted(ids) for field, ids in related.items()}
    _save_renumbered_cards(renumbered_cards)
    _publish(card.board_id, "card_update", "created", card_data(card))
    notices.card_assigned(card)
    return card


@transaction.atomic
def card_update(*, card: Card, expected_version: int | None = None, **changes: Any) -> Card:
    stream_lock(board_stream(card.board_id))
    card = Card.objects.get(pk=card.pk)
    changes = _resolve_card_fields(card.board, changes)
    current = {field: getattr(card, field) for field in CARD_FIELDS if field not in CARD_RELATIONS}
    current.update({field: list(ids) for field, ids in relation_ids(card).items()})
    _check_version(card, expected_version, set(changes))
    changed = {field for field, value in changes.items() if current[field] != value}
    if not changed:
        return card
    for field in changed - set(CARD_RELATIONS):
        setattr(card, field, changes[field])
    for field in changed & set(CARD_RELATIONS):
        getattr(card, CARD_RELATIONS[field]).set(changes[field])
        relation_ids(card)[field] = sorted(changes[field])
    _bump_version(card, changed)
    card.save()
    _publish(card.board_id, "card_update", "updated", card_data(card))
    if "assignee_ids" in changed:
        notices.card_assigned(card, before=current["assignee_ids"])
    return card


@transaction.atomic
def card_move(*, card: Card, column: Column, index: int, expected_version: int | None = None) -> Card:
    stream_lock(board_stream(card.board_id))
    card = Card.objects.get(pk=card.pk)
    if column.board_id != card.board_id:
        raise errors.InvalidInput(fields={"column_id": ["Move cards within their board."]})
    column = _active_column(column)
    if card.archived:
        raise errors.InvalidInput(fields={"card_id": ["That card is archived."]})
    _check_version(card, expected_version, set(MOVE_FIELDS))
    renumbered_cards = _place_card(card, column, index)
    _bump_version(card, set(MOVE_FIELDS))
    card.save()
    _save_renumbered_cards(renumbered_cards)
    _publish(card.board_id, "card_move", "moved", card_data(card))
    return card


@transaction.atomic
def card_archive(*, card: Card) -> Card:
    stream_lock(board_stream(card.board_id))
    card = Card.objects.get(pk=card.pk)
    if card.archived:
        return card
    card.archived = True
    _bump_version(card, {"archived"})
    card.save()
    _publish(card.board_id, "card_update", "archived", card_data(card))
    return card


# Comments

@transaction.atomic
def comment_create(*, card: Card, author: User, text: str) -> Comment:
    stream_lock(board_stream(card.board_id))
    card = Card.objects.get(pk=card.pk)
    if card.archived:
        raise errors.InvalidInput(fields={"card_id": ["That card is archived."]})
    comment = Comment.objects.create(card=card, author=author, text=text)
    _publish(card.board_id, "comment_update", "created", comment_data(comment))
    notices.comment_mentioned(comment)
    return comment


@transaction.atomic
def comment_update(*, comment: Comment, actor: User, text: str) -> Comment:
    if comment.author_id != actor.id:
        raise errors.Forbidden("Only the author can edit a comment.")
    stream_lock(board_stream(comment.card.board_id))
    previous_text, comment.text = comment.text, text
    comment.save()
    _publish(comment.card.board_id, "comment_update", "updated", comment_data(comment))
    notices.comment_mentioned(comment, previous_text=previous_text)
    return comment


@transaction.atomic
def comment_delete(*, comment: Comment, actor: User) -> None:
    if comment.author_id != actor.id and not actor.is_superuser:
        raise errors.Forbidden("Only the author or an admin can delete a comment.")
    board_id = comment.card.board_id
    stream_lock(board_stream(board_id))
    data = {"id": comment.id, "card_id": comment.card_id, "board_id": board_id}
    comment.delete()
    _publish(board_id, "comment_update", "deleted", data)


# Labels

@transaction.atomic
def label_create(*, board: Board, name: str, color: str = "#888888") -> Label:
    stream_lock(board_stream(board.id))
    label = Label.objects.create(board=board, name=name, color=color.lower())
    _publish(board.id, "label_update", "created", LabelSerializer(label).data)
    return label


@transaction.atomic
def label_update(*, label: Label, **changes: Any) -> Label:
    stream_lock(board_stream(label.board_id))
    for field, value in changes.items():
        setattr(label, field, value.lower() if field == "color" else value)
    label.save()
    _publish(label.board_id, "label_update", "updated", LabelSerializer(label).data)
    return label


@transaction.atomic
def label_delete(*, label: Label) -> None:
    """Delete a label; cards that carried it change too, so each gets a card_update."""
    stream_lock(board_stream(label.board_id))
    board_id = label.board_id
    cards = list(label.cards.all())
    data = {"id": label.id, "board_id": board_id}
    label.delete()
    load_relation_ids(cards)
    for card in cards:
        _bump_version(card, {"label_ids"})
        card.save(update_fields=["version", "field_versions", "updated_at"])
        _publish(board_id, "card_update", "updated", card_data(card))
    _publish(board_id, "label_update", "deleted", data)
