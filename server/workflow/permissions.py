"""Who may see and change a board: the one place this rule lives (REST and Socket.IO).

Every member has a role. Viewers read; members also edit cards, columns, labels,
checklists, attachments and comments; owners also manage the board itself (name,
archive, members). Superusers act as owners of every board. A board's existence is
private: a user who may not read it gets not_found, one who may read but not do
what they asked gets forbidden with the reason.
"""
from django.db.models import QuerySet

from common import errors
from workflow.models import Board, BoardMembership

Role = BoardMembership.Role
READ, EDIT, MANAGE = "read", "edit", "manage"
# The roles that may do each thing.
ROLES_FOR = {
    READ: (Role.OWNER, Role.MEMBER, Role.VIEWER),
    EDIT: (Role.OWNER, Role.MEMBER),
    MANAGE: (Role.OWNER,),
}
REFUSALS = {
    EDIT: "Viewers can look at this board but not change it.",
    MANAGE: "Only the board's owners can do that.",
}


def _is_staff(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.is_staff)


def boards_visible_to(user, to: str = READ) -> QuerySet[Board]:
    """The boards `user` may `to` (read, edit or manage)."""
    if not _is_staff(user):
        return Board.objects.none()
    if user.is_superuser:
        return Board.objects.all()
    return Board.objects.filter(memberships__user=user, memberships__role__in=ROLES_FOR[to])


def role_of(user, board_id: int) -> str | None:
    """`user`'s role on the board: owner, member, viewer or None."""
    if not _is_staff(user):
        return None
    if user.is_superuser:
        return Role.OWNER
    return BoardMembership.objects.filter(board__pk=board_id, user=user).values_list("role", flat=True).first()


def require(user, board_id: int, to: str) -> None:
    """Raise unless `user` may `to` the board: not_found if they may not even read it."""
    role = role_of(user, board_id)
    if role is None:
        raise errors.NotFound("No such board.")
    if role not in ROLES_FOR[to]:
        raise errors.Forbidden(REFUSALS[EDIT] if role == Role.VIEWER else REFUSALS[to])


def board_check_access(user, board_id: int, to: str = READ) -> Board:
    """The board if `user` may `to` it; otherwise not_found or forbidden (see `require`)."""
    board = boards_visible_to(user, to).filter(pk=board_id).first()
    if board is None:
        require(user, board_id, to)  # says why; if it does not raise, the board does not exist
        raise errors.NotFound("No such board.")
    return board
