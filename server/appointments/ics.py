"""An appointment as an iCalendar file (RFC 5545), for email attachments and downloads.

One VEVENT in a METHOD:PUBLISH calendar. The UID is stable per appointment and the
SEQUENCE is the appointment's version, so a calendar app that imported the event
before updates it (a reschedule, a cancellation) instead of adding a second one.
Times are in UTC ("Z"): no VTIMEZONE needed, and every app shows them in its own zone.
"""
from datetime import UTC, datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone

from appointments.models import Appointment

Status = Appointment.Status

# STATUS of the VEVENT: a request not yet accepted is tentative; a completed or missed
# appointment did take its place in the calendar.
EVENT_STATUS: dict[str, str] = {
    Status.PENDING: "TENTATIVE",
    Status.CONFIRMED: "CONFIRMED",
    Status.CANCELLED: "CANCELLED",
    Status.COMPLETED: "CONFIRMED",
    Status.NO_SHOW: "CONFIRMED",
}
MY_APPOINTMENTS_PAGE = "/my-appointments/"  # client/pages/my-appointments.tsx
FOLD_OCTETS = 75  # RFC 5545 section 3.1: lines SHOULD NOT be longer than 75 octets, excluding CRLF


def business_name() -> str:
    return getattr(settings, "BUSINESS_NAME", "Front desk") or "Front desk"


def my_appointments_url() -> str:
    return f"{settings.SITE_URL}{MY_APPOINTMENTS_PAGE}"


def appointment_uid(appointment: Appointment) -> str:
    domain = urlsplit(settings.SITE_URL).hostname or "localhost"
    return f"appointment-{appointment.pk}@{domain}"


def appointment_ics(appointment: Appointment, *, now: datetime | None = None) -> str:
    """The calendar file of `appointment` as text with CRLF line ends (encode as UTF-8)."""
    name = business_name()
    link = my_appointments_url()
    description = f"{appointment.service.name} with {appointment.resource.name} at {name}.\nManage your appointments: {link}"
    properties = [
        ("UID", appointment_uid(appointment)),
        ("DTSTAMP", _utc(now or timezone.now())),
        ("DTSTART", _utc(appointment.start)),
        ("DTEND", _utc(appointment.end)),
        ("SEQUENCE", str(max(int(getattr(appointment, "version", 0) or 0), 0))),
        ("STATUS", EVENT_STATUS.get(appointment.status, "CONFIRMED")),
        ("SUMMARY", escape_text(f"{appointment.service.name} at {name}")),
        ("DESCRIPTION", escape_text(description)),
    ]
    location = getattr(settings, "BUSINESS_ADDRESS", "")
    if location:
        properties.append(("LOCATION", escape_text(location)))
    properties.append(("URL", link))  # a URI value: not TEXT, so not escaped
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:-//{escape_text(name)}//Front desk appointments//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        *(f"{key}:{value}" for key, value in properties),
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "".join(fold_line(line) + "\r\n" for line in lines)


def escape_text(value: str) -> str:
    """A TEXT value (RFC 5545 section 3.3.11): backslash, semicolon and comma escaped,
    line breaks as \\n, other control characters (not allowed in TEXT) dropped."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")
    return "".join(char for char in value if char == "\t" or not (ord(char) < 0x20 or ord(char) == 0x7F))


def fold_line(line: str) -> str:
    """Fold a content line into pieces of at most 75 octets (UTF-8), each continuation
    starting with one space, never splitting a multi-octet character."""
    pieces: list[str] = []
    current: list[str] = []
    size = 0
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > FOLD_OCTETS:
            pieces.append("".join(current))
            current, size = [" "], 1  # the leading space of a continuation counts towards its 75
        current.append(char)
        size += width
    pieces.append("".join(current))
    return "\r\n".join(pieces)


def _utc(instant: datetime) -> str:
    return instant.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
