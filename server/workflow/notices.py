"""Who a board change notifies (notifications.inbox): people @mentioned in a comment,
people assigned to a card, and the assignees of cards due today or tomorrow.

The services call these inside their transaction, after the change, so a notification
commits with the change that caused it. Nobody is notified of their own doing, and
only members of the card's board are: a notification leads to the card.
"""
import logging
from collections import defaultdict
from collections.abc import Iterable
from datetime import date, timedelta

from appointments.hours import business_today
from common.actor import current_actor, display_name
from notifications.inbox import notify
from notifications.models import Notification
from workflow.models import BoardMembership, Card, Comment

logger = logging.getLogger(__name__)

Kind = Notification.Kind


def card_url(card: Card) -> str:
    """Where the app opens the card: its board, with the card's dialog open."""
    return f"/board?id={card.board_id}&card={card.id}"


# Mentions

def _is_word(char: str) -> bool:
    return char.isalnum() or char == "_"


def mentioned_members(board_id: int, text: str) -> list:
    """The active members of the board named as `@Display Name` in `text`.

    Case does not matter. Where names share a beginning ("@Sam Lee" and "@Sam"), the
    longest name that fits wins; a name must end at a word boundary ("@Sam Leeds" names
    neither), and an @ inside a word (an email address) starts no mention.
    """
    if "@" not in text:
        return []
    members = [
        (display_name(membership.user), membership.user)
        for membership in BoardMembership.objects.filter(board_id=board_id, user__is_active=True).select_related("user")
    ]
    members = sorted(((name, user) for name, user in members if name), key=lambda pair: -len(pair[0]))
    found: dict[int, object] = {}
    for at, char in enumerate(text):
        if char != "@" or (at > 0 and _is_word(text[at - 1])):
            continue
        start, matched = at + 1, None
        for name, user in members:
            end = start + len(name)
            if matched is not None and len(name) < len(matched):
                break  # only names as long as the longest match (namesakes) still count
            if text[start:end].casefold() == name.casefold() and not (end < len(text) and _is_word(text[end])):
                matched = name
                found[user.id] = user
    return list(found.values())


def comment_mentioned(comment: Comment, *, previous_text: str = "") -> None:
    """Notify the members newly mentioned in `comment` (on an edit: not already in `previous_text`)."""
    card = comment.card
    already = {user.id for user in mentioned_members(card.board_id, previous_text)} if previous_text else set()
    author = comment.author
    for user in mentioned_members(card.board_id, comment.text):
        if user.id == author.id or user.id in already:
            continue
        notify(
            user=user, kind=Kind.MENTION, text=f"{display_name(author)} mentioned you on “{card.title}”",
            url=card_url(card), actor=author,
        )


# Assignments

def card_assigned(card: Card, *, before: Iterable[int] = ()) -> None:
    """Notify the people assigned to `card` who were not among `before` (ids), except the one assigning."""
    actor = current_actor.get()
    added = card.assignees.exclude(id__in=list(before)).filter(is_active=True)
    for user in added:
        if actor is not None and user.id == actor.id:
            continue
        text = f"{display_name(actor)} assigned you to “{card.title}”" if actor else f"You were assigned to “{card.title}”"
        notify(user=user, kind=Kind.ASSIGNED, text=text, url=card_url(card), actor=actor)


# Due soon

def due_soon_key(card: Card, user_id: int) -> str:
    assert card.due_date is not None, "only a card with a due date is due soon"
    return f"due_soon:card:{card.id}:{card.due_date.isoformat()}:user:{user_id}"


def due_soon_notify(today: date | None = None) -> int:
    """Notify the assignees of open cards due today or tomorrow (business time zone). Returns how many.

    Run it as often as you like, from any number of processes (the outbox worker runs it
    every minute, notifications.periodic): the dedupe key names the card, its due date and
    the person, so each is told once, and once more if the due date moves.
    """
    today = today or business_today()
    cards = list(
        Card.objects.filter(
            due_date__gte=today, due_date__lte=today + timedelta(days=1),
            archived=False, board__archived=False, column__archived=False,
        ).prefetch_related("assignees")
    )
    members: dict[int, set[int]] = defaultdict(set)
    for board_id, user_id in BoardMembership.objects.filter(board_id__in={c.board_id for c in cards}).values_list("board_id", "user_id"):
        members[board_id].add(user_id)
    due = [
        (card, user) for card in cards for user in card.assignees.all()
        if user.is_active and user.id in members[card.board_id]
    ]
    # Skip the ones told before without a write (the common case each minute).
    told = set(Notification.objects.filter(dedupe_key__in=[due_soon_key(c, u.id) for c, u in due]).values_list("dedupe_key", flat=True))
    count = 0
    for card, user in due:
        key = due_soon_key(card, user.id)
        if key in told:
            continue
        when = "today" if card.due_date == today else "tomorrow"
        if notify(user=user, kind=Kind.DUE_SOON, text=f"“{card.title}” is due {when}", url=card_url(card), dedupe_key=key):
            count += 1
    if count:
        logger.info("notified %s due-soon card assignment(s)", count)
    return count
