"""Who is making the change being handled, so its events can say who did what.

Set around every mutation by common.idempotency.run_idempotent (REST and sockets
alike); changes from the Django admin or a command have no actor unless they set one.
"""
from contextlib import contextmanager
from contextvars import ContextVar

current_actor: ContextVar = ContextVar("current_actor", default=None)


@contextmanager
def acting_as(user):
    token = current_actor.set(user if getattr(user, "is_authenticated", False) else None)
    try:
        yield
    finally:
        current_actor.reset(token)


def display_name(user) -> str:
    customer = getattr(user, "customer", None)
    if customer is not None:
        return customer.name
    return user.get_full_name() or user.email or ""


def actor_data() -> dict | None:
    """The current actor as events show it: {"id", "name"}, or None."""
    user = current_actor.get()
    return {"id": user.id, "name": display_name(user)} if user is not None else None
