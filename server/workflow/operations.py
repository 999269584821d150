"""Workflow operations: what a user asks for, checked, done and answered.

Each operation looks up what it acts on with the user's permission (workflow.selectors,
workflow.permissions), calls the service, and returns the answer as the API shows it.
REST views (workflow.api) and socket handlers (workflow.sockets) both call these, with
the same input names, so an action behaves the same whichever way it arrives.
Idempotency (Idempotency-Key / mutation_id) wraps them in the transport layer.
"""
from workflow import attachments, checklists, selectors, services
from workflow.permissions import EDIT, MANAGE, board_check_access
from workflow.serializers import attachment_data, board_data, card_data, checklist_item_data, comment_data


def board_update_for_user(*, user, board_id: int, **changes) -> dict:
    board = board_check_access(user, board_id, MANAGE)
    return board_data(services.board_update(board=board, **changes))


def member_set_for_user(*, user, board_id: int, user_id: int, role: str) -> dict:
    """Add `user_id` to the board with `role`, or change the role they have."""
    board = board_check_access(user, board_id, MANAGE)
    return board_data(services.board_set_member(board=board, user_id=user_id, role=role))


def member_remove_for_user(*, user, board_id: int, user_id: int) -> dict:
    board = board_check_access(user, board_id, MANAGE)
    return board_data(services.board_remove_member(board=board, user_id=user_id))


def card_create_for_user(*, user, column_id: int, **fields) -> dict:
    column = selectors.target_column_for_user(user, column_id)
    return card_data(services.card_create(column=column, **fields))


def card_update_for_user(*, user, card_id: int, **fields) -> dict:
    card = selectors.card_get_for_user(user, card_id, EDIT)
    return card_data(services.card_update(card=card, **fields))


def card_move_for_user(*, user, card_id: int, column_id: int, index: int, expected_version: int | None = None) -> dict:
    card = selectors.card_get_for_user(user, card_id, EDIT)
    column = selectors.target_column_for_user(user, column_id, board_id=card.board_id)
    return card_data(services.card_move(card=card, column=column, index=index, expected_version=expected_version))


def card_archive_for_user(*, user, card_id: int) -> dict:
    card = selectors.card_get_for_user(user, card_id, EDIT)
    return card_data(services.card_archive(card=card))


def comment_create_for_user(*, user, card_id: int, text: str) -> dict:
    card = selectors.card_get_for_user(user, card_id, EDIT)
    return comment_data(services.comment_create(card=card, author=user, text=text))


def checklist_item_create_for_user(*, user, card_id: int, text: str) -> dict:
    card = selectors.card_get_for_user(user, card_id, EDIT)
    return checklist_item_data(checklists.checklist_item_create(card=card, text=text))


def checklist_item_update_for_user(*, user, item_id: int, **changes) -> dict:
    item = selectors.checklist_item_get_for_user(user, item_id, EDIT)
    return checklist_item_data(checklists.checklist_item_update(item=item, **changes))


def checklist_item_move_for_user(*, user, item_id: int, index: int) -> dict:
    item = selectors.checklist_item_get_for_user(user, item_id, EDIT)
    return checklist_item_data(checklists.checklist_item_move(item=item, index=index))


def checklist_item_delete_for_user(*, user, item_id: int) -> None:
    item = selectors.checklist_item_get_for_user(user, item_id, EDIT)
    checklists.checklist_item_delete(item=item)


def attachment_add_for_user(*, user, card_id: int, read_file) -> dict:
    """Attach the file `read_file()` returns; it is read only once `user` may edit the card,
    so nobody else's upload is ever parsed or stored."""
    card = selectors.card_get_for_user(user, card_id, EDIT)
    return attachment_data(attachments.attachment_add(card=card, uploaded_file=read_file(), by=user))


def attachment_delete_for_user(*, user, attachment_id: int) -> None:
    attachment = selectors.attachment_get_for_user(user, attachment_id, EDIT)
    attachments.attachment_delete(attachment=attachment)
