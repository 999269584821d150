"""Idempotent mutations: a change retried with the same mutation id is applied once.

The client chooses the id (REST `Idempotency-Key` header, or `mutation_id` in a socket
event). The first answer is stored in the same transaction as the change, so a retry
gets that same answer, and events published meanwhile carry the id (see
`current_mutation_id`) so the sender can reconcile its optimistic state.
"""
from contextvars import ContextVar

from django.db import IntegrityError, transaction

from common import errors
from common.actor import acting_as

MAX_MUTATION_ID_LENGTH = 64

current_mutation_id: ContextVar[str | None] = ContextVar("current_mutation_id", default=None)


def stored_answer(user, mutation_id):
    from common.models import MutationRecord

    record = MutationRecord.objects.filter(user=user, key=mutation_id).first()
    return (record.body, record.status) if record else None


def run_idempotent(*, user, mutation_id: str | None, status: int, fn):
    """Run `fn` in a transaction; return (answer, status), the stored one for a retry."""
    if mutation_id is None or mutation_id == "":
        with transaction.atomic(), acting_as(user):
            return fn(), status
    if not isinstance(mutation_id, str) or len(mutation_id) > MAX_MUTATION_ID_LENGTH:
        raise errors.InvalidInput(fields={"mutation_id": [f"At most {MAX_MUTATION_ID_LENGTH} characters."]})
    if not getattr(user, "is_authenticated", False):
        raise errors.NotAuthenticated()
    from common.models import MutationRecord

    # The stored answer is looked up only when this attempt fails, so a first attempt (the
    # usual case) costs no extra query. A retry fails one way or the other: `fn` refuses
    # (what the first attempt changed has moved on, or is gone), or the answer cannot be
    # stored a second time under the same id. Either way this attempt's transaction,
    # events and emails included, is rolled back and the first answer is given.
    try:
        with transaction.atomic(), acting_as(user):
            token = current_mutation_id.set(mutation_id)
            try:
                body = fn()
            finally:
                current_mutation_id.reset(token)
            MutationRecord.objects.create(user=user, key=mutation_id, status=status, body=body)
    except (errors.DomainError, IntegrityError):
        stored = stored_answer(user, mutation_id)
        if stored:
            return stored
        raise
    return body, status
