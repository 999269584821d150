"""What can happen to an appointment. Every change publishes the live dashboard events.

Double booking is prevented by the database (migration 0002): on PostgreSQL an
exclusion constraint, on SQLite triggers plus BEGIN IMMEDIATE transactions. The checks
here give clear answers; the database has the last word when two bookings race.
"""
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, OperationalError, transaction
from django.utils import timezone

from appointments import hours, notices, selectors
from appointments.models import Appointment, Resource, Service
from appointments.serializers import appointment_data
from common import errors
from common.actor import current_actor
from customers.models import Customer
from realtime.publish import publish, stream_lock
from realtime.replay import last_event
from realtime.streams import APPOINTMENTS_STREAM, appointment_history_stream, customer_stream, day_stream

Status = Appointment.Status

# Which status may follow which; anything else is an invalid transition.
TRANSITIONS: dict[str, set[str]] = {
    Status.PENDING: {Status.CONFIRMED, Status.CANCELLED, Status.COMPLETED, Status.NO_SHOW},
    Status.CONFIRMED: {Status.CANCELLED, Status.COMPLETED, Status.NO_SHOW},
    Status.CANCELLED: set(),
    Status.COMPLETED: set(),
    Status.NO_SHOW: set(),
}


def _check_bookable(*, service: Service, start: datetime, end: datetime) -> None:
    if not service.active:
        raise errors.InvalidInput(fields={"service": ["This service is not offered any more."]})
    if start <= timezone.now():
        raise errors.InvalidInput(fields={"start": ["Pick a time in the future."]})
    if not hours.within_opening_hours(start, end):
        raise errors.OutsideBusinessHours(fields={"start": ["We are closed at that time."]})


def _check_customer_free(*, customer_id: int, start: datetime, end: datetime, exclude_id: int | None = None) -> None:
    """A clear answer before the database's: one person cannot be in two places at once."""
    clash = Appointment.objects.filter(customer_id=customer_id, start__lt=end, end__gt=start).exclude(status=Status.CANCELLED)
    if exclude_id is not None:
        clash = clash.exclude(pk=exclude_id)
    if clash.exists():
        raise errors.CustomerOverlap()


CUSTOMER_RULE = "appointment_customer_no_overlap"  # the constraint of migration 0003


def _lost_race(exc: Exception) -> bool:
    """Did the database refuse this placement because a concurrent booking took the resource?

    PostgreSQL checks an exclusion constraint after inserting, so two bookings of one
    resource can each wait for the other; the deadlock detector then fails one of them
    (SQLSTATE 40P01), which has lost the resource just as if the overlap were refused.
    """
    return isinstance(exc, IntegrityError) or getattr(exc.__cause__, "sqlstate", None) == "40P01"


def _place(
    appointment: Appointment, *, service: Service, start: datetime, end: datetime, resource: Resource | None,
    exclude_id: int | None = None,
) -> Appointment:
    """Put `appointment` on the chosen resource, or on the first free suitable one.

    Each attempt runs in a savepoint: if a concurrent booking took the resource first,
    the database refuses the overlap and the next free resource is tried.
    """
    if resource is not None:
        if resource not in selectors.service_resources(service):
            raise errors.InvalidInput(fields={"resource": ["This resource does not offer that service."]})
        candidates = [resource]
    else:
        candidates = selectors.free_resources(service=service, start=start, end=end, exclude_appointment_id=exclude_id)
    for candidate in candidates:
        appointment.resource = candidate
        try:
            with transaction.atomic():
                appointment.save()
            return appointment
        except (IntegrityError, OperationalError) as exc:
            if CUSTOMER_RULE in str(exc):
                # The customer booked something overlapping concurrently: no resource helps.
                raise errors.CustomerOverlap() from exc
            if not _lost_race(exc):
                raise
            continue
    raise errors.SlotUnavailable()


@transaction.atomic
def appointment_book(
    *, customer: Customer, service: Service, start: datetime, resource: Resource | None = None, notes: str = "",
    confirmed: bool = False,
) -> Appointment:
    """Book `service` at `start`. Staff booking for a customer on the phone pass `confirmed`."""
    end = start + timedelta(minutes=service.duration_minutes)
    _check_bookable(service=service, start=start, end=end)
    _check_customer_free(customer_id=customer.id, start=start, end=end)
    status = Status.CONFIRMED if confirmed else Status.PENDING
    appointment = Appointment(customer=customer, service=service, start=start, end=end, notes=notes, status=status)
    _place(appointment, service=service, start=start, end=end, resource=resource)
    appointment_publish_change(appointment, op="created")
    notices.notify_booked(appointment)
    return appointment


def _check_version(appointment: Appointment, expected_version: int | None) -> None:
    if expected_version is not None and expected_version != appointment.version:
        raise errors.Stale(current=appointment_data(appointment))


def _new_length(appointment: Appointment, start: datetime, end: datetime | None) -> timedelta:
    """The length after a move: unchanged, or `end - start` where the service allows it."""
    if end is None:
        return appointment.end - appointment.start
    if not appointment.service.adjustable_duration:
        raise errors.InvalidInput(fields={"end": ["This service has a fixed length."]})
    length = end - start
    slot = timedelta(minutes=settings.SLOT_MINUTES)
    if length < slot or length % slot:
        raise errors.InvalidInput(fields={"end": [f"Choose a length in steps of {settings.SLOT_MINUTES} minutes."]})
    return length


@transaction.atomic
def appointment_reschedule(
    *, appointment: Appointment, start: datetime, resource: Resource | None = None, end: datetime | None = None,
    expected_version: int | None = None,
) -> Appointment:
    """Move an appointment (and, where the service allows, change its length).

    Based on `expected_version` when given: a move decided on an old view of the
    appointment (someone else moved or cancelled it meanwhile) is refused as stale.
    """
    appointment = _locked(appointment)
    _check_version(appointment, expected_version)
    if appointment.status not in (Status.PENDING, Status.CONFIRMED):
        raise errors.InvalidTransition("Only pending or confirmed appointments can be rescheduled.")
    new_end = start + _new_length(appointment, start, end)
    _check_bookable(service=appointment.service, start=start, end=new_end)
    _check_customer_free(customer_id=appointment.customer_id, start=start, end=new_end, exclude_id=appointment.id)
    previous_start, previous_end, previous_resource = appointment.start, appointment.end, appointment.resource_id
    appointment.start, appointment.end = start, new_end
    appointment.version += 1
    _place(appointment, service=appointment.service, start=start, end=new_end, resource=resource, exclude_id=appointment.id)
    appointment_publish_change(appointment, op="updated", previous_start=previous_start)
    if (previous_start, previous_end, previous_resource) != (appointment.start, appointment.end, appointment.resource_id):
        notices.notify_rescheduled(appointment, previous_start=previous_start, previous_end=previous_end)
    return appointment


def appointment_check_customer_may_change(appointment: Appointment) -> None:
    """The business's policy for customers' own changes: not later than N hours before."""
    notice = timedelta(hours=settings.CANCELLATION_NOTICE_HOURS)
    if appointment.start - timezone.now() < notice:
        raise errors.TooLateToChange(
            f"Changes are possible until {settings.CANCELLATION_NOTICE_HOURS} hours before the appointment; please call us."
        )


def _locked(appointment: Appointment) -> Appointment:
    return selectors.appointment_queryset().select_for_update(of=("self",)).get(pk=appointment.pk)


def _transition(appointment: Appointment, to: str, *, reason: str = "", expected_version: int | None = None) -> Appointment:
    appointment = _locked(appointment)
    _check_version(appointment, expected_version)
    if to not in TRANSITIONS[appointment.status]:
        raise errors.InvalidTransition(
            f"A {appointment.get_status_display().lower()} appointment cannot become {Status(to).label.lower()}."
        )
    previous_status = appointment.status
    appointment.status = to
    appointment.cancel_reason = reason if to == Status.CANCELLED else appointment.cancel_reason
    appointment.version += 1
    appointment.save(update_fields=["status", "cancel_reason", "version", "updated_at"])
    appointment_publish_change(appointment, op="updated")
    if to == Status.CONFIRMED:
        notices.notify_confirmed(appointment)
    elif to == Status.CANCELLED:
        notices.notify_cancelled(appointment, reason=reason, by_staff=_by_staff(), previous_status=previous_status)
    return appointment


def _by_staff() -> bool:
    """Whether the change is the business's (staff, the Django admin, a command), not the customer's."""
    actor = current_actor.get()
    return actor is None or actor.is_staff


@transaction.atomic
def appointment_confirm(*, appointment: Appointment, expected_version: int | None = None) -> Appointment:
    return _transition(appointment, Status.CONFIRMED, expected_version=expected_version)


@transaction.atomic
def appointment_cancel(*, appointment: Appointment, reason: str = "", expected_version: int | None = None) -> Appointment:
    """Cancel, or decline a pending request; `reason` is shown to the customer."""
    return _transition(appointment, Status.CANCELLED, reason=reason.strip(), expected_version=expected_version)


@transaction.atomic
def appointment_complete(*, appointment: Appointment, expected_version: int | None = None) -> Appointment:
    return _transition(appointment, Status.COMPLETED, expected_version=expected_version)


@transaction.atomic
def appointment_mark_no_show(*, appointment: Appointment, expected_version: int | None = None) -> Appointment:
    return _transition(appointment, Status.NO_SHOW, expected_version=expected_version)


@transaction.atomic
def appointment_update_notes(*, appointment: Appointment, notes: str, expected_version: int | None = None) -> Appointment:
    appointment = _locked(appointment)
    _check_version(appointment, expected_version)
    appointment.notes = notes
    appointment.version += 1
    appointment.save(update_fields=["notes", "version", "updated_at"])
    appointment_publish_change(appointment, op="updated")
    return appointment


def appointment_publish_change(appointment: Appointment, *, op: str, previous_start: datetime | None = None) -> None:
    """Tell the dashboards, the calendar and the customer: the change, then the new derived values.

    `publish` of the first event locks the appointments stream, so the values computed
    after it include every earlier committed change and no later one. Today's list and
    schedule are rebuilt only when the change touches today (before or after it):
    a booking for next week changes the pending count and nothing else on the dashboard.
    """
    data = appointment_data(appointment)
    publish(stream=APPOINTMENTS_STREAM, event="schedule_updated", op=op, data=data)
    today = hours.business_today()
    zone = hours.business_zone()
    touches_today = any(start is not None and start.astimezone(zone).date() == today for start in (appointment.start, previous_start))
    _publish_dashboard_values(today, include_today=touches_today)
    publish(stream=customer_stream(appointment.customer_id), event="appointment_status", op=op, data=data)
    # The calendar's day streams: a move to another day leaves the old day and joins the new.
    day = appointment.start.astimezone(zone).date()
    if previous_start is not None and previous_start.astimezone(zone).date() != day:
        publish(stream=day_stream(previous_start.astimezone(zone).date()), event="appointment_update", op="deleted", data=data)
    publish(stream=day_stream(day), event="appointment_update", op=op, data=data)
    publish(stream=appointment_history_stream(appointment.id), event="appointment_update", op=op, data=data, live=False)


def _publish_dashboard_values(day: date, *, include_today: bool = True) -> None:
    values = selectors.dashboard_values(day) if include_today else {"pending_count": selectors.pending_count_value(day)}
    for event, data in values.items():
        publish(stream=APPOINTMENTS_STREAM, event=event, op="updated", data=data)


@transaction.atomic
def appointments_day_rollover() -> bool:
    """Send the new day's dashboard values once the business date has changed.

    Safe to call often and from several processes: it locks the stream and only
    publishes when the last published schedule is for another date.
    """
    stream_lock(APPOINTMENTS_STREAM)
    today = hours.business_today().isoformat()
    last = last_event(APPOINTMENTS_STREAM, "today_schedule")
    if last is not None and last["data"]["date"] == today:
        return False
    if last is None and not Appointment.objects.exists():
        return False
    _publish_dashboard_values(hours.business_today())
    return True


@transaction.atomic
def appointments_mark_past_no_shows(*, grace: timedelta = timedelta(hours=1)) -> int:
    """Mark appointments still unconfirmed well after they ended as no-shows."""
    cutoff = timezone.now() - grace
    count = 0
    for appointment in Appointment.objects.filter(status=Status.PENDING, end__lt=cutoff):
        try:
            appointment_mark_no_show(appointment=appointment)  # its own savepoint
        except errors.InvalidTransition:
            continue  # confirmed or cancelled meanwhile: leave it as it is now
        count += 1
    return count


# The status actions by their API name (REST path and the `schedule_update` event).
APPOINTMENT_ACTIONS = {
    "confirm": appointment_confirm,
    "cancel": appointment_cancel,
    "complete": appointment_complete,
    "no_show": appointment_mark_no_show,
}
