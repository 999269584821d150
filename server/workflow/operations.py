"""Workflow operations: what a user asks for, checked, done and answered.

Each operation looks up what it acts on with the user's permission (workflow.selectors,
workflow.permissions), calls the service, and returns the answer as the API shows it.
REST views (workflow.api) and socket handlers (workflow.sockets) both call these, with
the same input names, so an action behaves the same whichever way it arrives.
Idempotency (Idempotency-Key / mutation_id) wraps them in the transport layer.
"""
from workflow import selectors, services
from workflow.serializers import card_data, comment_data


def card_create_for_user(*, user, column_id: int, **fields) -> dict:
    column = selectors.target_column_for_user(user, column_id)
    return card_data(services.card_create(column=column, **fields))


def card_update_for_user(*, user, card_id: int, **fields) -> dict:
    card = selectors.card_get_for_user(user, card_id)
    return card_data(services.card_update(card=card, **fields))


def card_move_for_user(*, user, card_id: int, column_id: int, index: int, expected_version: int | None = None) -> dict:
    card = selectors.card_get_for_user(user, card_id)
    column = selectors.target_column_for_user(user, column_id, board_id=card.board_id)
    return card_data(services.card_move(card=card, column=column, index=index, expected_version=expected_version))


def card_archive_for_user(*, user, card_id: int) -> dict:
    card = selectors.card_get_for_user(user, card_id)
    return card_data(services.card_archive(card=card))


def comment_create_for_user(*, user, card_id: int, text: str) -> dict:
    card = selectors.card_get_for_user(user, card_id)
    return comment_data(services.comment_create(card=card, author=user, text=text))
