"""Checklists on cards: items added, ticked, edited, reordered and deleted, each live.

The board's rules hold as for every other change (see workflow.services): the board's
stream is locked first, and each changed item publishes one `checklist_update`
carrying the whole item, deletes included, so a card's history can say what went.
Items are ordered by sparse positions like cards (workflow.ordering).
"""
from django.db import transaction

from common import errors
from realtime.publish import stream_lock
from realtime.streams import board_stream
from workflow.models import Card, ChecklistItem
from workflow.serializers import checklist_item_data
from workflow.services import _place, _publish

ITEM_FIELDS = ("text", "done")
# Places an item after every other one.
LAST = 10**9


def _editable_card(card: Card) -> Card:
    card = Card.objects.get(pk=card.pk)
    if card.archived:
        raise errors.InvalidInput(fields={"card_id": ["That card is archived."]})
    return card


def _locked_item(item: ChecklistItem) -> ChecklistItem:
    """The item as it is now, with its card, once its board's stream is locked."""
    stream_lock(board_stream(item.card.board_id))
    current = ChecklistItem.objects.select_related("card").filter(pk=item.pk).first()
    if current is None:  # deleted by someone else while this request waited for the lock
        raise errors.NotFound("No such checklist item.")
    _editable_card(current.card)
    return current


def _publish_item(item: ChecklistItem, op: str) -> None:
    _publish(item.card.board_id, "checklist_update", op, checklist_item_data(item))


def _save_renumbered(items: list[ChecklistItem]) -> None:
    for sibling in items:
        sibling.save(update_fields=["position"])
        _publish_item(sibling, "moved")


@transaction.atomic
def checklist_item_create(*, card: Card, text: str) -> ChecklistItem:
    stream_lock(board_stream(card.board_id))
    card = _editable_card(card)
    item = ChecklistItem(card=card, text=text, position=0)
    renumbered = _place(item, ChecklistItem.objects.select_related("card").filter(card=card), LAST)
    item.save()
    _save_renumbered(renumbered)
    _publish_item(item, "created")
    return item


@transaction.atomic
def checklist_item_update(*, item: ChecklistItem, **changes) -> ChecklistItem:
    """Change the item's text and/or tick it; a change to nothing publishes nothing."""
    item = _locked_item(item)
    changed = {field for field in ITEM_FIELDS if field in changes and getattr(item, field) != changes[field]}
    if not changed:
        return item
    for field in changed:
        setattr(item, field, changes[field])
    item.save(update_fields=sorted(changed))
    _publish_item(item, "updated")
    return item


@transaction.atomic
def checklist_item_move(*, item: ChecklistItem, index: int) -> ChecklistItem:
    """Put the item at `index` (0 = first) of its card's checklist."""
    item = _locked_item(item)
    siblings = ChecklistItem.objects.select_related("card").filter(card_id=item.card_id)
    order = list(siblings.order_by("position", "id").values_list("id", flat=True))
    if order.index(item.id) == min(index, len(order) - 1):
        return item  # already there: nothing to tell anyone
    renumbered = _place(item, siblings, index)
    item.save(update_fields=["position"])
    _save_renumbered(renumbered)
    _publish_item(item, "moved")
    return item


@transaction.atomic
def checklist_item_delete(*, item: ChecklistItem) -> None:
    item = _locked_item(item)
    data = checklist_item_data(item)
    item.delete()
    _publish(data["board_id"], "checklist_update", "deleted", data)
