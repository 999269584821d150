"""A card's history: every change to it, who made it and when, old → new.

Read from its board stream's stored events, which board streams keep (workflow.apps).
Events carry whole objects, so comparing one copy of the card (or of one of its
checklist items or comments) with the one before says exactly what changed; nothing
is recorded twice.
"""
from django.contrib.auth import get_user_model

from common.actor import display_name
from common.serialization import iso_datetime
from customers.models import Customer
from realtime.replay import stored_history
from realtime.streams import board_stream
from workflow.activity import describe
from workflow.models import Card, Column, Label

CARD_EVENTS = ("card_update", "card_move")
# Events that name things a card refers to by id: read for the names as they were then.
NAMING_EVENTS = {"column_update": "column_id", "label_update": "label_ids"}
# The card's fields a person changes, as the history names them.
CARD_FIELDS = {
    "title": "title",
    "description": "description",
    "column_id": "column",
    "label_ids": "labels",
    "assignee_ids": "assignees",
    "due_date": "due_date",
    "customer_id": "customer",
    "appointment_id": "appointment",
    "archived": "archived",
}
# The fields of the card's other objects (comments, checklist items...) whose change is shown.
PART_FIELDS = ("text", "done")


def card_history(card: Card) -> list[dict]:
    """{at, actor, summary, changes: [{field, old, new}]} for each change, oldest first."""
    stored = stored_history(
        board_stream(card.board_id),
        matching=[
            (CARD_EVENTS, "id", card.id),
            (None, "card_id", card.id),  # its comments, checklist items and whatever else names it
            (tuple(NAMING_EVENTS), None, None),
        ],
    )
    names = _Names()
    entries = []
    previous: dict[tuple, dict] = {}  # (event kind, id) -> the object as its last event showed it
    for each in stored:
        envelope = each["envelope"]
        data = envelope["data"]
        if envelope["event"] in NAMING_EVENTS:
            names.learn(NAMING_EVENTS[envelope["event"]], data)
            continue
        kind = "card" if envelope["event"] in CARD_EVENTS else envelope["event"]
        before = previous.get((kind, data.get("id")))
        changes = _card_changes(before, data, names) if kind == "card" else _part_changes(before, data)
        previous[(kind, data.get("id"))] = data
        entries.append({
            "seq": envelope["seq"],
            "at": iso_datetime(each["at"]),
            "actor": envelope.get("actor"),
            "summary": describe(envelope, changes),
            "changes": changes,
        })
    return entries


def _card_changes(before: dict | None, after: dict, names: "_Names") -> list[dict]:
    if before is None:  # created (or the history before it is gone): nothing to compare with
        return []
    return [
        {"field": shown, "old": names.show(field, before.get(field)), "new": names.show(field, after.get(field))}
        for field, shown in CARD_FIELDS.items()
        if before.get(field) != after.get(field)
    ]


def _part_changes(before: dict | None, after: dict) -> list[dict]:
    if before is None:
        return []
    return [
        {"field": field, "old": before[field], "new": after[field]}
        for field in PART_FIELDS
        if field in after and field in before and before[field] != after[field]
    ]


class _Names:
    """Names for the ids a card holds: as the stream last named them (a list's name when
    the card moved), else as the database has them now."""

    def __init__(self):
        self.learned: dict[str, dict[int, str]] = {"column_id": {}, "label_ids": {}}
        self.looked_up: dict[tuple[str, int], str | None] = {}

    def learn(self, field: str, data: dict) -> None:
        if "name" in data:  # a deleted label's event carries only its id: its last name stays known
            self.learned[field][data["id"]] = data["name"]

    def show(self, field: str, value):
        if value is None:
            return None
        if field == "column_id":
            return self._name(field, value, "a removed list")
        if field == "label_ids":
            return [self._name(field, id_, "a deleted label") for id_ in value]
        if field == "assignee_ids":
            return [self._name(field, id_, "a removed user") for id_ in value]
        if field == "customer_id":
            return self._name(field, value, "a removed customer")
        if field == "appointment_id":
            return f"Appointment #{value}"
        return value

    def _name(self, field: str, id_: int, missing: str) -> str:
        if id_ in self.learned.get(field, {}):
            return self.learned[field][id_]
        if (field, id_) not in self.looked_up:  # a card's history names a few: one query each
            self.looked_up[(field, id_)] = _current_name(field, id_)
        return self.looked_up[(field, id_)] or missing


def _current_name(field: str, id_: int) -> str | None:
    if field == "assignee_ids":
        user = get_user_model().objects.filter(pk=id_).first()
        return display_name(user) if user else None
    models: dict[str, type[Column | Label | Customer]] = {"column_id": Column, "label_ids": Label, "customer_id": Customer}
    model = models[field]
    return model.objects.filter(pk=id_).values_list("name", flat=True).first()
