"""Appointment operations: what a user asks for, checked, done and answered.

Each looks up what it acts on with the user's permission, applies who-may-do-what
(staff run the desk; a customer changes only their own appointments, within the
business's notice period), calls the service and returns the answer as the API shows
it. REST views (appointments.api) and the /appointments socket (appointments.sockets)
both call these with the same input names. Idempotency wraps them in the transport.
"""
from datetime import datetime

from appointments import selectors, services
from appointments.models import Resource, Service
from appointments.serializers import appointment_data
from common import errors
from common.api import get_or_invalid
from customers.models import Customer


def require_staff(user) -> None:
    if not user.is_staff:
        raise errors.Forbidden("Staff only.")


def appointment_book_for_user(
    *, user, service: int, start: datetime, resource: int | None = None, notes: str = "", customer: int | None = None,
) -> dict:
    """A customer books for themselves; staff book for a customer (confirmed at once)."""
    if user.is_staff:
        booked_for = get_or_invalid(Customer, customer, "customer")
        if booked_for is None:
            raise errors.InvalidInput(fields={"customer": ["Choose the customer to book for."]})
    else:
        booked_for = getattr(user, "customer", None)
        if booked_for is None:
            raise errors.Forbidden("Only customers and staff can book.")
    appointment = services.appointment_book(
        customer=booked_for,
        service=get_or_invalid(Service, service, "service"),
        start=start,
        resource=get_or_invalid(Resource, resource, "resource"),
        notes=notes,
        confirmed=user.is_staff,
    )
    return appointment_data(appointment)


# Status changes by their API name (REST path, socket `action`). Customers may only cancel.
STATUS_ACTIONS = {
    "confirm": services.appointment_confirm,
    "cancel": services.appointment_cancel,
    "complete": services.appointment_complete,
    "no_show": services.appointment_mark_no_show,
}
CUSTOMER_ACTIONS = {"cancel"}


def appointment_action_for_user(
    *, user, appointment_id: int, action: str, reason: str = "", expected_version: int | None = None
) -> dict:
    appointment = selectors.appointment_get_for_user(user=user, appointment_id=appointment_id)
    if not user.is_staff:
        if action not in CUSTOMER_ACTIONS:
            raise errors.Forbidden("Staff only.")
        services.appointment_check_customer_may_change(appointment)
    kwargs = {"reason": reason} if action == "cancel" else {}
    return appointment_data(STATUS_ACTIONS[action](appointment=appointment, expected_version=expected_version, **kwargs))


def appointment_reschedule_for_user(
    *, user, appointment_id: int, start: datetime, resource: int | None = None, end: datetime | None = None,
    expected_version: int | None = None,
) -> dict:
    appointment = selectors.appointment_get_for_user(user=user, appointment_id=appointment_id)
    if not user.is_staff:
        if end is not None:
            raise errors.InvalidInput(fields={"end": ["Only staff can change how long an appointment takes."]})
        services.appointment_check_customer_may_change(appointment)
    moved = services.appointment_reschedule(
        appointment=appointment, start=start, resource=get_or_invalid(Resource, resource, "resource"), end=end,
        expected_version=expected_version,
    )
    return appointment_data(moved)


def appointment_update_for_user(*, user, appointment_id: int, notes: str, expected_version: int | None = None) -> dict:
    require_staff(user)
    appointment = selectors.appointment_get_for_user(user=user, appointment_id=appointment_id)
    return appointment_data(services.appointment_update_notes(appointment=appointment, notes=notes, expected_version=expected_version))


def appointments_bulk_for_user(*, user, action: str, ids: list[int], reason: str = "") -> dict:
    """Confirm or decline several requests; each succeeds or fails on its own."""
    require_staff(user)
    results = []
    for appointment_id in dict.fromkeys(ids):  # once each, in the order given
        try:
            if action == "confirm":
                data = appointment_action_for_user(user=user, appointment_id=appointment_id, action="confirm")
            else:
                data = appointment_action_for_user(user=user, appointment_id=appointment_id, action="cancel", reason=reason)
        except errors.DomainError as error:
            results.append({"id": appointment_id, "ok": False, "error": error.as_dict()})
        else:
            results.append({"id": appointment_id, "ok": True, "appointment": data})
    return {"results": results}


def schedule_update_for_user(*, user, action: str, appointment_id: int, **fields) -> dict:
    """The `schedule_update` socket event: one of the actions above, by name."""
    if action == "reschedule":
        return appointment_reschedule_for_user(
            user=user, appointment_id=appointment_id, start=fields["start"], resource=fields.get("resource"),
            end=fields.get("end"), expected_version=fields.get("expected_version"),
        )
    return appointment_action_for_user(
        user=user, appointment_id=appointment_id, action=action, reason=fields.get("reason", ""),
        expected_version=fields.get("expected_version"),
    )
