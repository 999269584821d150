"""Reading boards. Every read that takes an id from a user goes through permissions."""
from django.db.models import Prefetch, QuerySet

from common import errors
from realtime.publish import stream_current_seq
from realtime.streams import board_stream
from workflow.models import Board, Card, Column, Comment, Label
from workflow.permissions import board_check_access, boards_visible_to
from workflow.serializers import (
    BoardSerializer,
    CardSerializer,
    ColumnSerializer,
    CommentSerializer,
    LabelSerializer,
)


def card_queryset() -> QuerySet[Card]:
    return Card.objects.prefetch_related(Prefetch("labels", queryset=Label.objects.only("id")))


def board_list_for_user(user) -> QuerySet[Board]:
    return boards_visible_to(user).filter(archived=False).prefetch_related("members")


def _visible(user, queryset, pk: int, what: str):
    obj = queryset.filter(pk=pk, board__in=boards_visible_to(user)).first()
    if obj is None:
        raise errors.NotFound(f"No such {what}.")
    return obj


def column_get_for_user(user, column_id: int) -> Column:
    return _visible(user, Column.objects.all(), column_id, "column")


def target_column_for_user(user, column_id: int, *, board_id: int | None = None) -> Column:
    """The column a card is created in or moved to; an unusable one is a field error.

    For a move the card's board was already checked, so a column of that same board
    needs no second permission check.
    """
    if board_id is not None:
        column = Column.objects.filter(pk=column_id, board_id=board_id).first()
    else:
        column = Column.objects.filter(pk=column_id, board__in=boards_visible_to(user)).first()
    if column is None:
        raise errors.InvalidInput(fields={"column_id": ["No such column on this board."]})
    return column


def card_get_for_user(user, card_id: int) -> Card:
    return _visible(user, Card.objects.all(), card_id, "card")


def label_get_for_user(user, label_id: int) -> Label:
    return _visible(user, Label.objects.all(), label_id, "label")


def comment_get_for_user(user, comment_id: int) -> Comment:
    comment = Comment.objects.select_related("card", "author").filter(
        pk=comment_id, card__board__in=boards_visible_to(user)
    ).first()
    if comment is None:
        raise errors.NotFound("No such comment.")
    return comment


def board_get_snapshot(board: Board) -> dict:
    """Everything a board view shows, current as of `seq`.

    The sequence number is read first: a change committed while the rest is read
    arrives again as an event with a higher number, and events carry whole objects,
    so applying it to a snapshot that already has it changes nothing.
    """
    seq = stream_current_seq(board_stream(board.id))
    board = Board.objects.prefetch_related("members").get(pk=board.pk)
    cards = list(card_queryset().filter(board=board, archived=False, column__archived=False))
    comments = Comment.objects.filter(card__in=[card.id for card in cards]).select_related("author", "card")
    return {
        "board": BoardSerializer(board).data,
        "columns": ColumnSerializer(board.columns.filter(archived=False), many=True).data,
        "cards": CardSerializer(cards, many=True).data,
        "labels": LabelSerializer(board.labels.all(), many=True).data,
        "comments": CommentSerializer(comments, many=True).data,
        "seq": seq,
    }


def board_snapshot_for_user(user, board_id: int) -> dict:
    return board_get_snapshot(board_check_access(user, board_id))


def comment_list_for_user(user, card_id: int) -> QuerySet[Comment]:
    card = card_get_for_user(user, card_id)
    return card.comments.select_related("author", "card")
