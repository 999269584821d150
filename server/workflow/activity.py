"""What a board's stored events mean, in words: the board list's "last change" line
and a card's history read them. The events themselves are the record (see
realtime.replay); this only says them the way a person would."""

# (event, op) -> how the change reads; `{title}` is the card's, column's or label's name.
PHRASES = {
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
}


def describe(envelope: dict) -> str:
    """One line for a stored event: "Alex Smith moved “Fix chair 2”"."""
    data = envelope.get("data") or {}
    title = data.get("title") or data.get("name") or ""
    phrase = PHRASES.get((envelope.get("event"), envelope.get("op")), "changed the board")
    actor = (envelope.get("actor") or {}).get("name") or "Someone"
    return f"{actor} {phrase.format(title=f'“{title}”' if title else '')}".strip()
