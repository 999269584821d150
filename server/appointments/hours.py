"""Opening hours in the business time zone, turned into UTC instants.

Slots are laid out on the local wall clock (09:00, 09:30, ...) and each one is converted
on its own, so a daylight-saving change moves nothing: 09:00 stays 09:00 local on both
sides of it. A wall-clock time skipped by a spring-forward change does not exist and
gets no slot; a time repeated by a fall-back change gets one slot (its first occurrence).
"""
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

from appointments.models import BusinessHours, ClosedDay


def business_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def business_today() -> date:
    return timezone.localdate(timezone=business_zone())


def local_instant(day: date, at: time) -> datetime | None:
    """The instant `at` on `day` in the business zone, or None if that wall time does not exist."""
    zone = business_zone()
    naive = datetime.combine(day, at)
    aware = naive.replace(tzinfo=zone, fold=0)
    if aware.astimezone(UTC).astimezone(zone).replace(tzinfo=None) != naive:
        return None  # skipped by a spring-forward change
    return aware


def day_bounds(day: date) -> tuple[datetime, datetime]:
    """The instants where `day` starts and ends locally (23 or 25 hours apart on DST days)."""
    zone = business_zone()
    start = datetime.combine(day, time.min).replace(tzinfo=zone)
    end = datetime.combine(day + timedelta(days=1), time.min).replace(tzinfo=zone)
    return start, end


class OpeningCalendar:
    """Opening hours and closed days for the days first..last, read in two queries.

    The one place the rule lives: a weekday without hours, a closed day, or hours that
    do not exist on the local clock (skipped by a daylight-saving change) mean closed.
    """

    def __init__(self, first: date, last: date):
        self.by_weekday = {row.weekday: row for row in BusinessHours.objects.all()}
        self.closed = set(ClosedDay.objects.filter(date__gte=first, date__lte=last).values_list("date", flat=True))

    def window(self, day: date) -> tuple[datetime, datetime] | None:
        """When the business is open on `day`, or None when closed."""
        row = self.by_weekday.get(day.weekday())
        if row is None or day in self.closed:
            return None
        opens, closes = local_instant(day, row.opens), local_instant(day, row.closes)
        if opens is None or closes is None:
            return None
        return opens, closes

    def slot_starts(self, day: date, duration: timedelta) -> list[datetime]:
        """Local wall-clock slot starts on `day` whose appointment fits before closing."""
        window = self.window(day)
        if window is None:
            return []
        row = self.by_weekday[day.weekday()]
        step = timedelta(minutes=settings.SLOT_MINUTES)
        starts = []
        wall = datetime.combine(day, row.opens)
        last = datetime.combine(day, row.closes)
        while wall < last:
            instant = local_instant(day, wall.time())
            if instant is not None and instant + duration <= window[1]:
                starts.append(instant)
            wall += step
        return starts


def opening_window(day: date) -> tuple[datetime, datetime] | None:
    """When the business is open on `day`, or None when closed."""
    return OpeningCalendar(day, day).window(day)


def slot_starts(day: date, duration: timedelta) -> list[datetime]:
    """Local wall-clock slot starts on `day` whose appointment fits before closing."""
    return OpeningCalendar(day, day).slot_starts(day, duration)


def within_opening_hours(start: datetime, end: datetime) -> bool:
    day = start.astimezone(business_zone()).date()
    window = opening_window(day)
    return window is not None and window[0] <= start and end <= window[1]
