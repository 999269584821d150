"""The customer's emails about their appointment: booked, confirmed, cancelled or declined,
moved, and the reminder before it.

Each function only queues an email (notifications.services.email_enqueue) in the caller's
transaction: call it from the service that makes the change, after saving it, so the
email goes out only if the change commits and describes the appointment as committed.
Every email has a plain-text and an HTML body (templates in
templates/appointments/email/), the appointment as an .ics attachment (appointments.ics)
and an absolute link to My appointments. Times are in the business time zone, named.

Nothing is queued for a customer without an email address (a walk-in known by phone),
nor for an appointment that is over (completed or no-show). A notice that cannot be
built is logged and skipped: the change it reports still commits.
"""
import logging
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone

from appointments.hours import business_zone
from appointments.ics import appointment_ics, business_name, my_appointments_url
from appointments.models import Appointment
from notifications.models import OutboxEmail
from notifications.services import email_enqueue, email_withdraw

logger = logging.getLogger(__name__)

Status = Appointment.Status
# Appointments that are over: nothing more to tell the customer.
SILENT_STATUSES = {Status.COMPLETED, Status.NO_SHOW}
REMINDABLE_STATUSES = [Status.PENDING, Status.CONFIRMED]
DEFAULT_REMINDER_HOURS = 24
SUBJECT_MAX = 255  # OutboxEmail.subject

WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]


# --- What the service functions call --------------------------------------------------------


def notify_booked(appointment: Appointment) -> OutboxEmail | None:
    """A new booking: "received" while it awaits confirmation, "confirmed" when staff booked it."""
    if appointment.status == Status.CONFIRMED:
        return _send(appointment, "booked_confirmed", f"Booking confirmed: {_what_when(appointment)}")
    return _send(appointment, "booked", f"Booking received: {_what_when(appointment)}")


def notify_confirmed(appointment: Appointment) -> OutboxEmail | None:
    return _send(appointment, "confirmed", f"Booking confirmed: {_what_when(appointment)}")


def notify_cancelled(
    appointment: Appointment, *, reason: str = "", by_staff: bool, previous_status: str | None = None,
) -> OutboxEmail | None:
    """A cancellation. Staff cancelling a request that was still pending declined it;
    pass `previous_status` (the status before the change) so the email can say so."""
    _withdraw_reminders(appointment)
    declined = by_staff and previous_status == Status.PENDING
    if declined:
        kind, label = "declined", "Booking declined"
    elif by_staff:
        kind, label = "cancelled_by_staff", "Appointment cancelled"
    else:
        kind, label = "cancelled", "Cancellation confirmed"
    reason = "\n".join(line.strip() for line in (reason or "").strip().splitlines() if line.strip())
    return _send(
        appointment, kind, f"{label}: {_what_when(appointment)}",
        reason=reason, reason_text=reason.replace("\n", "\n" + " " * len("  Reason: ")),
    )


def notify_rescheduled(
    appointment: Appointment, *, previous_start: datetime, previous_end: datetime | None = None,
) -> OutboxEmail | None:
    """A move to another time (or resource). A reminder queued but not yet sent is taken
    back; the next reminders_enqueue_due queues one for the new time. `previous_end`
    defaults to the old start plus the current duration."""
    _withdraw_reminders(appointment)
    previous_end = previous_end or previous_start + (appointment.end - appointment.start)
    time_changed = (previous_start, previous_end) != (appointment.start, appointment.end)
    if time_changed:
        subject = f"Appointment moved: {_what_when(appointment, now_on=True)}"
    else:  # the same time with another resource (staff member, chair, room)
        subject = f"Appointment changed: {_what_when(appointment)}"
    return _send(
        appointment, "rescheduled", subject,
        previous_when=_long_when(previous_start, previous_end), time_changed=time_changed,
    )


def reminders_enqueue_due(now: datetime | None = None) -> int:
    """Queue the reminder of every pending or confirmed appointment starting within the next
    REMINDER_HOURS. Returns how many it queued.

    Run it as often as you like, from any number of processes at once (the outbox worker
    runs it every minute, notifications.periodic): the dedupe key names the appointment
    and its start, so each reminder is queued once, and once more after a reschedule.
    """
    now = now or timezone.now()
    horizon = now + timedelta(hours=reminder_hours())
    due = list(
        Appointment.objects.filter(status__in=REMINDABLE_STATUSES, start__gt=now, start__lte=horizon)
        .exclude(Q(customer__user__email="") | Q(customer__user__email__isnull=True))
        .select_related("customer__user", "service", "resource")
        .order_by("start", "id")
    )
    keys = {appointment.pk: reminder_key(appointment) for appointment in due}
    # Skip the ones queued before without building them again (the common case each minute).
    queued = set(OutboxEmail.objects.filter(dedupe_key__in=keys.values()).values_list("dedupe_key", flat=True))
    count = 0
    for appointment in due:
        key = keys[appointment.pk]
        if key in queued:
            continue
        # Its own savepoint (email_enqueue): a worker racing us to the same key makes
        # this a no-op, not an error.
        row = _send(appointment, "reminder", f"Reminder: {_what_when(appointment)}", dedupe_key=key)
        if row is not None and row.queued:
            count += 1
    if count:
        logger.info("queued %s appointment reminder(s)", count)
    return count


def reminder_key(appointment: Appointment) -> str:
    return f"reminder:{appointment.pk}:{appointment.start.astimezone(UTC).isoformat()}"


def reminder_hours() -> float:
    return float(getattr(settings, "REMINDER_HOURS", DEFAULT_REMINDER_HOURS))


# --- Building the emails -------------------------------------------------------------------


def recipient(appointment: Appointment) -> str:
    """The customer's email address, or "" when they have none."""
    user = getattr(appointment.customer, "user", None)
    return (getattr(user, "email", "") or "").strip()


def _send(appointment: Appointment, kind: str, subject: str, *, dedupe_key: str | None = None, **extra) -> OutboxEmail | None:
    if appointment.status in SILENT_STATUSES:
        return None
    to = recipient(appointment)
    if not to:
        return None
    try:
        context = {**_context(appointment), "subject": _one_line(subject), **extra}
        text = _tidy(render_to_string(f"appointments/email/{kind}.txt", context))
        html = render_to_string(f"appointments/email/{kind}.html", context)
        ics = appointment_ics(appointment)
    except Exception:  # a bug in a template: the change itself must still commit
        logger.exception("could not build the %s email for appointment %s", kind, appointment.pk)
        return None
    try:
        return email_enqueue(
            to=to, subject=_one_line(subject), text=text, html=html,
            attachments=[("appointment.ics", ics, "text/calendar")], dedupe_key=dedupe_key,
        )
    except ValueError:  # an address email_enqueue refuses (checked before it writes anything)
        logger.warning("no %s email for appointment %s: invalid address %r", kind, appointment.pk, to)
        return None


def _withdraw_reminders(appointment: Appointment) -> None:
    email_withdraw(dedupe_key_prefix=f"reminder:{appointment.pk}:")


def _context(appointment: Appointment) -> dict:
    return {
        "appointment": appointment,
        "customer_name": appointment.customer.name,
        "service_name": appointment.service.name,
        "resource_name": appointment.resource.name,
        "business_name": business_name(),
        "when": _long_when(appointment.start, appointment.end),
        "pending": appointment.status == Status.PENDING,
        "link": my_appointments_url(),
    }


def _what_when(appointment: Appointment, *, now_on: bool = False) -> str:
    """"Haircut on Tue 8 Dec at 10:00" (business time), for subject lines."""
    local = appointment.start.astimezone(business_zone())
    day = f"{WEEKDAYS[local.weekday()][:3]} {local.day} {MONTHS[local.month - 1][:3]}"
    return f"{appointment.service.name} {'now on' if now_on else 'on'} {day} at {local:%H:%M}"


def _long_when(start: datetime, end: datetime) -> str:
    """"Tuesday 8 December 2026, 10:00–10:30 GMT (Europe/London)"."""
    zone = business_zone()
    local, local_end = start.astimezone(zone), end.astimezone(zone)
    day = f"{WEEKDAYS[local.weekday()]} {local.day} {MONTHS[local.month - 1]} {local.year}"
    abbreviation = local.tzname() or ""
    zone_name = zone.key if abbreviation in ("", zone.key) else f"{abbreviation} ({zone.key})"
    return f"{day}, {local:%H:%M}–{local_end:%H:%M} {zone_name}"


def _one_line(subject: str) -> str:
    subject = " ".join(subject.split())  # a newline in a service name must not reach a header
    return subject if len(subject) <= SUBJECT_MAX else subject[: SUBJECT_MAX - 1] + "…"


def _tidy(text: str) -> str:
    """Template tags leave blank lines behind: at most one empty line in a row, one newline at the end."""
    lines = [line.rstrip() for line in text.strip().splitlines()]
    tidy: list[str] = []
    for line in lines:
        if line or (tidy and tidy[-1]):
            tidy.append(line)
    return "\n".join(tidy) + "\n"
