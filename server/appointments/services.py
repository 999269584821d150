"""What can happen to an appointment. Every change publishes the live dashboard events.

Double booking is prevented by the database (migration 0002): on PostgreSQL an
exclusion constraint, on SQLite triggers plus BEGIN IMMEDIATE transactions. The checks
here give clear answers; the database has the last word when two bookings race.
"""
from datetime import datetime, timedelta

from django.db import IntegrityError, OperationalError, transaction
from django.utils import timezone

from appointments import hours, selectors
from appointments.models import Appointment, Resource, Service
from appointments.serializers import appointment_data
from common import errors
from customers.models import Customer
from realtime.publish import publish, stream_lock
from realtime.replay import last_event
from realtime.streams import APPOINTMENTS_STREAM, customer_stream

Status = Appointment.Status

# Which status may follow which; anything else is an invalid transition.
TRANSITIONS = {
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


def _lost_race(exc: Exception) -> bool:
    """Did the database refuse this placement because a concurrent booking took the resource?

    PostgreSQL checks an exclusion constraint after inserting, so two bookings of one
    resource can each wait for the other; the deadlock detector then fails one of them
    (SQLSTATE 40P01), which has lost the resource just as if the overlap were refused.
    """
    return isinstance(exc, IntegrityError) or getattr(exc.__cause__, "sqlstate", None) == "40P01"


def _place(appointment: Appointment, *, service: Service, start: datetime, end: datetime, resource: Resource | None, exclude_id=None):
    """Put `appointment` on the chosen resource, or on the first free suitable one.

    Each attempt runs in a savepoint: if a concurrent booking took the resource first,
    the database refuses the overlap and the next free resource is tried.
    """
    suitable = selectors.service_resources(service)
    if resource is not None:
        if resource not in suitable:
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
            if not _lost_race(exc):
                raise
            continue
    raise errors.SlotUnavailable()


@transaction.atomic
def appointment_book(*, customer: Customer, service: Service, start: datetime, resource: Resource | None = None, notes: str = "") -> Appointment:
    end = start + timedelta(minutes=service.duration_minutes)
    _check_bookable(service=service, start=start, end=end)
    appointment = Appointment(customer=customer, service=service, start=start, end=end, notes=notes)
    _place(appointment, service=service, start=start, end=end, resource=resource)
    appointment_publish_change(appointment, op="created")
    return appointment


@transaction.atomic
def appointment_reschedule(*, appointment: Appointment, start: datetime, resource: Resource | None = None) -> Appointment:
    appointment = _locked(appointment)
    if appointment.status not in (Status.PENDING, Status.CONFIRMED):
        raise errors.InvalidTransition("Only pending or confirmed appointments can be rescheduled.")
    end = start + timedelta(minutes=appointment.service.duration_minutes)
    _check_bookable(service=appointment.service, start=start, end=end)
    previous_start = appointment.start
    appointment.start, appointment.end = start, end
    _place(appointment, service=appointment.service, start=start, end=end, resource=resource, exclude_id=appointment.id)
    appointment_publish_change(appointment, op="updated", previous_start=previous_start)
    return appointment


def _locked(appointment: Appointment) -> Appointment:
    return selectors.appointment_queryset().select_for_update(of=("self",)).get(pk=appointment.pk)


def _transition(appointment: Appointment, to: str) -> Appointment:
    appointment = _locked(appointment)
    if to not in TRANSITIONS[appointment.status]:
        raise errors.InvalidTransition(
            f"A {appointment.get_status_display().lower()} appointment cannot become {Status(to).label.lower()}."
        )
    appointment.status = to
    appointment.save(update_fields=["status", "updated_at"])
    appointment_publish_change(appointment, op="updated")
    return appointment


@transaction.atomic
def appointment_confirm(*, appointment: Appointment) -> Appointment:
    return _transition(appointment, Status.CONFIRMED)


@transaction.atomic
def appointment_cancel(*, appointment: Appointment) -> Appointment:
    return _transition(appointment, Status.CANCELLED)


@transaction.atomic
def appointment_complete(*, appointment: Appointment) -> Appointment:
    return _transition(appointment, Status.COMPLETED)


@transaction.atomic
def appointment_mark_no_show(*, appointment: Appointment) -> Appointment:
    return _transition(appointment, Status.NO_SHOW)


def appointment_publish_change(appointment: Appointment, *, op: str, previous_start: datetime | None = None) -> None:
    """Tell the dashboards and the customer: the change, then the new derived values.

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


def _publish_dashboard_values(day, *, include_today: bool = True) -> None:
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
