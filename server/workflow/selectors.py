"""Reading boards. Every read that takes an id from a user goes through permissions."""
from typing import Any, TypeVar

from accounts.models import User
from django.db.models import Count, Prefetch, Q, QuerySet

from common import errors
from realtime.publish import stream_current_seq
from realtime.replay import latest_events
from realtime.streams import board_stream
from workflow.activity import describe
from workflow.models import Attachment, Board, BoardMembership, Card, ChecklistItem, Column, Comment, Label
from workflow.permissions import EDIT, READ, board_check_access, boards_visible_to, require
from workflow.serializers import (
    AttachmentSerializer,
    BoardSerializer,
    CardSerializer,
    ChecklistItemSerializer,
    ColumnSerializer,
    CommentSerializer,
    LabelSerializer,
    load_relation_ids,
)

# A board's members with their names, as BoardSerializer shows them.
MEMBERSHIPS = Prefetch("memberships", queryset=BoardMembership.objects.select_related("user"))


def board_list_for_user(user: User, *, archived: bool = False) -> list[Board]:
    """The boards `user` sees, each with its members, `card_count` and `last_activity`."""
    boards: list[Board] = list(
        boards_visible_to(user)
        .filter(archived=archived)
        .prefetch_related(MEMBERSHIPS)
        .annotate(card_count=Count("cards", filter=Q(cards__archived=False)))
    )
    latest = latest_events([board_stream(board.id) for board in boards])
    for board in boards:
        last = latest.get(board_stream(board.id))
        board.last_activity = {"at": last["at"], "text": describe(last["envelope"])} if last else None
    return boards


# What a board's member may look up by id (each has a `board_id`).
OnBoard = TypeVar("OnBoard", Column, Card, Label)
_OnCard = TypeVar("_OnCard", Comment, ChecklistItem, Attachment)


def _visible(user: User, queryset: QuerySet[OnBoard], pk: int, what: str, to: str = READ) -> OnBoard:
    """The object if `user` may `to` its board. One query when allowed; when not, a
    second tells a viewer's forbidden from a stranger's not_found."""
    obj = queryset.filter(pk=pk, board__in=boards_visible_to(user, to)).first()
    if obj is None:
        if to != READ and (found := queryset.filter(pk=pk, board__in=boards_visible_to(user)).first()):
            require(user, found.board_id, to)
        raise errors.NotFound(f"No such {what}.")
    return obj


def column_get_for_user(user: User, column_id: int, to: str = READ) -> Column:
    return _visible(user, Column.objects.all(), column_id, "column", to)


def target_column_for_user(user: User, column_id: int, *, board_id: int | None = None) -> Column:
    """The column a card is created in or moved to; an unusable one is a field error.

    For a move the card's board was already checked, so a column of that same board
    needs no second permission check.
    """
    if board_id is not None:
        column = Column.objects.filter(pk=column_id, board_id=board_id).first()
    else:
        column = Column.objects.filter(pk=column_id, board__in=boards_visible_to(user)).first()
        if column is not None:
            require(user, column.board_id, EDIT)
    if column is None:
        raise errors.InvalidInput(fields={"column_id": ["No such column on this board."]})
    return column


def card_get_for_user(user: User, card_id: int, to: str = READ) -> Card:
    return _visible(user, Card.objects.all(), card_id, "card", to)


def label_get_for_user(user: User, label_id: int, to: str = READ) -> Label:
    return _visible(user, Label.objects.all(), label_id, "label", to)


def _visible_on_card(user: User, queryset: QuerySet[_OnCard], pk: int, what: str, to: str) -> _OnCard:
    """Something that belongs to a card, if `user` may `to` its board (not_found otherwise)."""
    obj = queryset.select_related("card").filter(pk=pk, card__board__in=boards_visible_to(user)).first()
    if obj is None:
        raise errors.NotFound(f"No such {what}.")
    if to != READ:
        require(user, obj.card.board_id, to)
    return obj


def comment_get_for_user(user: User, comment_id: int, to: str = READ) -> Comment:
    return _visible_on_card(user, Comment.objects.select_related("author"), comment_id, "comment", to)


def checklist_item_get_for_user(user: User, item_id: int, to: str = READ) -> ChecklistItem:
    return _visible_on_card(user, ChecklistItem.objects.all(), item_id, "checklist item", to)


def attachment_get_for_user(user: User, attachment_id: int, to: str = READ) -> Attachment:
    """The attachment if `user` may `to` its board; a stranger learns nothing (not_found)."""
    return _visible_on_card(user, Attachment.objects.select_related("uploaded_by"), attachment_id, "attachment", to)


def board_get_snapshot(board: Board) -> dict[str, Any]:
    """Everything a board view shows, current as of `seq`.

    The sequence number is read first: a change committed while the rest is read
    arrives again as an event with a higher number, and events carry whole objects,
    so applying it to a snapshot that already has it changes nothing.
    """
    seq = stream_current_seq(board_stream(board.id))
    board = Board.objects.prefetch_related(MEMBERSHIPS).get(pk=board.pk)
    cards = list(Card.objects.filter(board=board, archived=False, column__archived=False))
    load_relation_ids(cards)
    comments = Comment.objects.filter(card__in=[card.id for card in cards]).select_related("author", "card")
    return {
        "board": BoardSerializer(board).data,
        "columns": ColumnSerializer(board.columns.filter(archived=False), many=True).data,
        "cards": CardSerializer(cards, many=True).data,
        "labels": LabelSerializer(board.labels.all(), many=True).data,
        "comments": CommentSerializer(comments, many=True).data,
        "attachments": AttachmentSerializer(
            Attachment.objects.filter(card__in=[card.id for card in cards]).select_related("uploaded_by", "card"), many=True
        ).data,
        # Each card's face shows its progress ("2/5"), so every item comes with the board.
        "checklist_items": ChecklistItemSerializer(
            ChecklistItem.objects.filter(card__board=board, card__archived=False, card__column__archived=False)
            .select_related("card")
            .only("id", "card_id", "text", "done", "position", "card__board_id"),
            many=True,
        ).data,
        "seq": seq,
    }


def board_snapshot_for_user(user: User, board_id: int) -> dict[str, Any]:
    return board_get_snapshot(board_check_access(user, board_id))


def comment_list_for_user(user: User, card_id: int) -> QuerySet[Comment]:
    card = card_get_for_user(user, card_id)
    return card.comments.select_related("author", "card")
