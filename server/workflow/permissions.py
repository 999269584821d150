"""Who may see and change a board: the one place this rule lives (REST and Socket.IO)."""
from django.db.models import QuerySet

from common import errors
from workflow.models import Board


def boards_visible_to(user) -> QuerySet[Board]:
    if not (user and user.is_authenticated and user.is_active and user.is_staff):
        return Board.objects.none()
    if user.is_superuser:
        return Board.objects.all()
    return Board.objects.filter(members=user)


def board_check_access(user, board_id: int) -> Board:
    """The board if `user` may use it; otherwise not_found (a board's existence is private)."""
    board = boards_visible_to(user).filter(pk=board_id).first()
    if board is None:
        raise errors.NotFound("No such board.")
    return board
