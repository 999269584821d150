"""Reading appointments: availability, lists, today's dashboard."""
from collections import defaultdict
from datetime import date, datetime, timedelta
from typing import Any

from accounts.models import User
from django.db.models import QuerySet
from django.utils import timezone

from appointments import hours
from appointments.models import Appointment, ClosedDay, Resource, Service
from appointments.serializers import AppointmentSerializer, ResourceSerializer
from common import errors
from common.serialization import iso_datetime


def appointment_queryset() -> QuerySet[Appointment]:
    return Appointment.objects.select_related("customer__user", "service", "resource")


def blocking_appointments() -> QuerySet[Appointment]:
    """Appointments that occupy their resource: everything not cancelled."""
    return Appointment.objects.exclude(status=Appointment.Status.CANCELLED)


def service_resources(service: Service) -> list[Resource]:
    """Active resources that can serve `service` (all active ones if it names none).

    A service that names resources, all of them inactive, has none: falling back to
    every resource would put a consultation in a barber's chair.
    """
    if service.resources.exists():
        return list(service.resources.filter(active=True))
    return list(Resource.objects.filter(active=True))


def free_resources(*, service: Service, start: datetime, end: datetime, exclude_appointment_id: int | None = None) -> list[Resource]:
    candidates = service_resources(service)
    busy = blocking_appointments().filter(resource__in=candidates, start__lt=end, end__gt=start)
    if exclude_appointment_id:
        busy = busy.exclude(id=exclude_appointment_id)
    busy_ids = set(busy.values_list("resource_id", flat=True))
    return [resource for resource in candidates if resource.id not in busy_ids]


def availability(*, service: Service, day: date) -> list[dict[str, Any]]:
    """Free slots of `day` for `service`: each with the resources free for all of it."""
    return availability_between(service=service, first=day, last=day)[day]


def availability_between(*, service: Service, first: date, last: date, days: set[date] | None = None) -> dict[date, list[dict[str, Any]]]:
    """Free slots of each day first..last (only of `days` if given), in a handful of
    queries whatever the range: opening hours, resources and appointments are read once."""
    duration = timedelta(minutes=service.duration_minutes)
    opening = hours.OpeningCalendar(first, last)
    now = timezone.now()
    starts_by_day: dict[date, list[datetime]] = {}
    day = first
    while day <= last:
        if days is None or day in days:
            starts_by_day[day] = [start for start in opening.slot_starts(day, duration) if start > now]
        day += timedelta(days=1)
    every_start = [start for starts in starts_by_day.values() for start in starts]
    if not every_start:
        return {day: [] for day in starts_by_day}
    candidates = service_resources(service)
    busy_by_resource: defaultdict[int, list[tuple[datetime, datetime]]] = defaultdict(list)
    for resource_id, start, end in blocking_appointments().filter(
        resource__in=candidates, start__lt=max(every_start) + duration, end__gt=min(every_start)
    ).values_list("resource_id", "start", "end"):
        busy_by_resource[resource_id].append((start, end))
    slots_by_day: dict[date, list[dict[str, Any]]] = {}
    for day, starts in starts_by_day.items():
        slots: list[dict[str, Any]] = []
        for start in starts:
            end = start + duration
            free = [
                resource.id
                for resource in candidates
                if not any(b_start < end and b_end > start for b_start, b_end in busy_by_resource[resource.id])
            ]
            if free:
                slots.append({"start": start, "end": end, "resource_ids": free})
        slots_by_day[day] = slots
    return slots_by_day


def appointment_list(*, user: User, status: str | None = None, day: date | None = None) -> QuerySet[Appointment]:
    appointments = appointment_queryset()
    if not user.is_staff:
        appointments = appointments.filter(customer__user=user)
    if status:
        appointments = appointments.filter(status=status)
    if day:
        day_start, day_end = hours.day_bounds(day)
        appointments = appointments.filter(start__gte=day_start, start__lt=day_end)
    return appointments


def appointment_get_for_user(*, user: User, appointment_id: int) -> Appointment:
    """Staff see every appointment; a customer only their own (others look absent)."""
    appointment = appointment_list(user=user).filter(id=appointment_id).first()
    if appointment is None:
        raise errors.NotFound("No such appointment.")
    return appointment


def pending_count() -> int:
    return Appointment.objects.filter(status=Appointment.Status.PENDING).count()


def pending_count_value(day: date) -> dict[str, Any]:
    """The `pending_count` event's data."""
    return {"date": day.isoformat(), "count": pending_count()}


def day_appointments(day: date) -> list[Appointment]:
    day_start, day_end = hours.day_bounds(day)
    return list(appointment_queryset().filter(start__gte=day_start, start__lt=day_end))


def day_schedule(day: date, appointments: list[Appointment] | None = None) -> dict[str, Any]:
    """The day's timeline: one lane per active resource, appointments and free gaps."""
    if appointments is None:
        appointments = day_appointments(day)
    window = hours.opening_window(day)
    by_resource: defaultdict[int, list[Appointment]] = defaultdict(list)
    for appointment in appointments:
        if appointment.status != Appointment.Status.CANCELLED:
            by_resource[appointment.resource_id].append(appointment)
    lanes: list[dict[str, Any]] = []
    for resource in Resource.objects.filter(active=True):
        items: list[dict[str, Any]] = []
        cursor = window[0] if window else None
        for appointment in by_resource.get(resource.id, []):
            if cursor is not None and appointment.start > cursor:
                items.append({"type": "free", "start": iso_datetime(cursor), "end": iso_datetime(appointment.start)})
            items.append({
                "type": "appointment",
                "start": iso_datetime(appointment.start),
                "end": iso_datetime(appointment.end),
                "appointment": AppointmentSerializer(appointment).data,
            })
            if cursor is not None:
                cursor = max(cursor, appointment.end)
        if window and cursor is not None and cursor < window[1]:  # cursor is set when window is
            items.append({"type": "free", "start": iso_datetime(cursor), "end": iso_datetime(window[1])})
        lanes.append({"resource": ResourceSerializer(resource).data, "items": items})
    return {
        "date": day.isoformat(),
        "opens": iso_datetime(window[0]) if window else None,
        "closes": iso_datetime(window[1]) if window else None,
        "lanes": lanes,
    }


def dashboard_values(day: date | None = None) -> dict[str, Any]:
    """The three live dashboard values, each shaped as its event's `data`."""
    day = day or hours.business_today()
    appointments = day_appointments(day)
    return {
        "pending_count": pending_count_value(day),
        "today_appointments": {
            "date": day.isoformat(),
            "appointments": AppointmentSerializer(appointments, many=True).data,
        },
        "today_schedule": day_schedule(day, appointments),
    }


def dashboard_snapshot() -> dict[str, Any]:
    """The dashboard as of a sequence number of the appointments stream.

    The number is read first: anything committed after it arrives later as an event,
    and applying a full-object event twice changes nothing.
    """
    from realtime.publish import stream_current_seq
    from realtime.streams import APPOINTMENTS_STREAM

    seq = stream_current_seq(APPOINTMENTS_STREAM)
    values = dashboard_values()
    return {
        "date": values["pending_count"]["date"],
        "pending_count": values["pending_count"]["count"],
        "today_appointments": values["today_appointments"]["appointments"],
        "today_schedule": values["today_schedule"],
        "seq": seq,
    }


def pending_requests() -> QuerySet[Appointment]:
    """Every pending request across all days, the longest waiting first."""
    return appointment_queryset().filter(status=Appointment.Status.PENDING).order_by("created_at", "id")


def calendar(first: date, last: date) -> dict[str, Any]:
    """The staff calendar for the days first..last: opening hours, appointments, each day's stream head.

    Each day's seq is read before its appointments: a change committed in between
    arrives as an event with a higher seq, and applying it again changes nothing.
    """
    from realtime.models import Stream
    from realtime.streams import day_stream

    days = [first + timedelta(days=offset) for offset in range((last - first).days + 1)]
    heads = dict(Stream.objects.filter(name__in=[day_stream(day) for day in days]).values_list("name", "last_seq"))
    window_start, _ = hours.day_bounds(first)
    _, window_end = hours.day_bounds(last)
    by_day: defaultdict[date, list[Appointment]] = defaultdict(list)
    zone = hours.business_zone()
    for appointment in appointment_queryset().filter(start__gte=window_start, start__lt=window_end):
        by_day[appointment.start.astimezone(zone).date()].append(appointment)
    closed = dict(ClosedDay.objects.filter(date__range=(first, last)).values_list("date", "reason"))
    return {
        "time_zone": zone.key,
        "from": first.isoformat(),
        "to": last.isoformat(),
        "resources": ResourceSerializer(Resource.objects.filter(active=True), many=True).data,
        "days": [_calendar_day(day, heads.get(day_stream(day), 0), by_day[day], closed) for day in days],
    }


def _calendar_day(day: date, seq: int, appointments: list[Appointment], closed: dict[date, str]) -> dict[str, Any]:
    window = hours.opening_window(day)
    zone = hours.business_zone()
    return {
        "date": day.isoformat(),
        "open": window[0].astimezone(zone).strftime("%H:%M") if window else None,
        "close": window[1].astimezone(zone).strftime("%H:%M") if window else None,
        "closed_reason": closed.get(day, "") if window is None else "",
        "seq": seq,
        "appointments": AppointmentSerializer(appointments, many=True).data,
    }


# Fields whose change the history names, with how to show a value.
HISTORY_FIELDS = ("start", "end", "resource", "status", "notes", "cancel_reason")


def appointment_history(appointment: Appointment) -> list[dict[str, Any]]:
    """Who did what to the appointment, when: read from its stored events, oldest first."""
    from realtime.replay import stored_history
    from realtime.streams import appointment_history_stream

    entries: list[dict[str, Any]] = []
    previous: dict[str, Any] | None = None
    for stored in stored_history(appointment_history_stream(appointment.id)):
        envelope = stored["envelope"]
        data = envelope["data"]
        changes: dict[str, list[Any]] = {} if previous is None else {
            field: [_shown(previous, field), _shown(data, field)]
            for field in HISTORY_FIELDS
            if _shown(previous, field) != _shown(data, field)
        }
        entries.append({
            "at": iso_datetime(stored["at"]),
            "actor": envelope.get("actor"),
            "op": envelope["op"],
            "summary": _summary(previous, data, changes),
            "changes": changes,
        })
        previous = data
    return entries


def _shown(data: dict[str, Any], field: str) -> Any:
    value = data.get(field)
    return value["name"] if field == "resource" and isinstance(value, dict) else value


def _summary(previous: dict[str, Any] | None, data: dict[str, Any], changes: dict[str, list[Any]]) -> str:
    if previous is None:
        return "Booked" if data["status"] == Appointment.Status.PENDING else f"Booked ({data['status']})"
    if "status" in changes:
        label = Appointment.Status(data["status"]).label
        if data["status"] == Appointment.Status.CANCELLED:
            verb = "Declined" if previous["status"] == Appointment.Status.PENDING else "Cancelled"
            return f"{verb}: {data['cancel_reason']}" if data.get("cancel_reason") else verb
        return label if data["status"] != Appointment.Status.NO_SHOW else "Marked as no-show"
    if "start" in changes or "resource" in changes or "end" in changes:
        zone = hours.business_zone()

        def when(iso: str) -> str:
            return datetime.fromisoformat(iso).astimezone(zone).strftime("%a %d %b %H:%M")

        return (
            f"Moved from {when(previous['start'])} {_shown(previous, 'resource')} "
            f"to {when(data['start'])} {_shown(data, 'resource')}"
            + ("" if "end" not in changes or "start" in changes else " (new length)")
        )
    if "notes" in changes:
        return "Notes changed"
    return "Updated"
