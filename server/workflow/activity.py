"""What a board's stored events mean, in words: the board list's "last change" line
and a card's history read them. The events themselves are the record (see
realtime.replay); this only says them the way a person would."""
from collections.abc import Hashable, Mapping, Sequence
from typing import Any

# (event, op) -> how the change reads; `{title}` is the card's, column's or label's name, or the checklist item's text.
PHRASES: dict[tuple[str | None, str | None], str] = {
    ("board_update", "created"): "created the board",
    ("board_update", "updated"): "changed the board",
    ("board_update", "archived"): "archived the board",
    ("column_update", "created"): "added the list {title}",
    ("column_update", "updated"): "changed the list {title}",
    ("column_update", "moved"): "moved the list {title}",
    ("column_update", "archived"): "archived the list {title}",
    ("card_update", "created"): "added {title}",
    ("card_update", "updated"): "changed {title}",
    ("card_update", "archived"): "archived {title}",
    ("card_move", "moved"): "moved {title}",
    ("comment_update", "created"): "commented",
    ("comment_update", "updated"): "edited a comment",
    ("comment_update", "deleted"): "deleted a comment",
    ("label_update", "created"): "added the label {title}",
    ("label_update", "updated"): "changed the label {title}",
    ("label_update", "deleted"): "deleted a label",
    ("checklist_update", "created"): "added the checklist item {title}",
    ("checklist_update", "updated"): "changed the checklist item {title}",
    ("checklist_update", "moved"): "moved the checklist item {title}",
    ("checklist_update", "deleted"): "deleted the checklist item {title}",
    ("attachment_update", "created"): "attached {title}",
    ("attachment_update", "deleted"): "removed the attachment {title}",
}
# A change of one telling field reads better said as itself: (event, field, new value) -> phrase.
FIELD_PHRASES: dict[tuple[str | None, str, Hashable], str] = {
    ("checklist_update", "done", True): "ticked {title}",
    ("checklist_update", "done", False): "unticked {title}",
}


def describe(envelope: Mapping[str, Any], changes: Sequence[Mapping[str, Any]] = ()) -> str:
    """One line for a stored event: "Alex Smith moved “Fix chair 2”".

    `changes` ({field, old, new}, as a card's history finds them) may name a more
    telling phrase: a checklist item "ticked" rather than "changed".
    """
    data = envelope.get("data") or {}
    title = data.get("title") or data.get("name") or data.get("text") or ""
    phrase = PHRASES.get((envelope.get("event"), envelope.get("op")), "changed the board")
    for change in changes:
        if isinstance(change["new"], Hashable):  # lists (labels, assignees) name no phrase
            phrase = FIELD_PHRASES.get((envelope.get("event"), change["field"], change["new"]), phrase)
    actor = (envelope.get("actor") or {}).get("name") or "Someone"
    return f"{actor} {phrase.format(title=f'“{title}”' if title else '')}".strip()
