"""The customer's calendar: which days of a month can be booked, and the next free time.

Built on `selectors.availability` (one day's free slots) and `hours` (opening hours in
the business time zone). Dates are business-zone dates. Opening hours and closed days
are read once per call, so a closed or past day costs no query; only open days from
today on ask `selectors.availability`.
"""
import calendar
from datetime import date, timedelta

from appointments import hours, selectors
from appointments.models import BusinessHours, ClosedDay, Resource, Service


def _slots_for(service: Service, day: date, resource: Resource | None) -> list[dict]:
    """The day's free slots, only those `resource` is free for when one is given."""
    slots = selectors.availability(service=service, day=day)
    if resource is None:
        return slots
    return [
        {**slot, "resource_ids": [resource.id]}
        for slot in slots
        if resource.id in slot["resource_ids"]
    ]


def _open_days(first: date, last: date) -> set[date]:
    """The days in [first, last] with opening hours and no ClosedDay row.

    The same rule as `hours.opening_window`, read in two queries for the whole range:
    a weekday without hours, a closed day, or hours that do not exist on the local
    clock (skipped by a daylight-saving change) mean closed.
    """
    by_weekday = {row.weekday: row for row in BusinessHours.objects.all()}
    closed = set(ClosedDay.objects.filter(date__gte=first, date__lte=last).values_list("date", flat=True))
    open_days = set()
    day = first
    while day <= last:
        row = by_weekday.get(day.weekday())
        if (
            row is not None
            and day not in closed
            and hours.local_instant(day, row.opens) is not None
            and hours.local_instant(day, row.closes) is not None
        ):
            open_days.add(day)
        day += timedelta(days=1)
    return open_days


def days_with_availability(*, service: Service, month: date, resource: Resource | None = None) -> list[dict]:
    """Each day of `month` (any date in it): `open` (has hours, not closed) and
    `available` (at least one free slot that starts in the future, on `resource` if given)."""
    first = month.replace(day=1)
    last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
    open_days = _open_days(first, last)
    today = hours.business_today()
    days = []
    day = first
    while day <= last:
        is_open = day in open_days
        # availability() itself offers only slots that start after now.
        available = is_open and day >= today and bool(_slots_for(service, day, resource))
        days.append({"date": day, "open": is_open, "available": available})
        day += timedelta(days=1)
    return days


def next_available(*, service: Service, resource: Resource | None = None, horizon_days: int = 90) -> dict | None:
    """The first free slot from now on within `horizon_days` days (today included), or None."""
    today = hours.business_today()
    last = today + timedelta(days=horizon_days - 1)
    open_days = _open_days(today, last)
    day = today
    while day <= last:
        if day in open_days:
            slots = _slots_for(service, day, resource)
            if slots:
                return slots[0]
        day += timedelta(days=1)
    return None
