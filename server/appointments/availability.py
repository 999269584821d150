"""The customer's calendar: which days of a month can be booked, and the next free time.

Built on `selectors.availability_between` (free slots of a range of days) and
`hours.OpeningCalendar` (opening hours in the business time zone): a month costs a
handful of queries, not a handful per day.
"""
import calendar
from datetime import date, timedelta

from appointments import hours, selectors
from appointments.models import Resource, Service


def _only_on(resource: Resource | None, slots: list[dict]) -> list[dict]:
    """The slots `resource` is free for, when one is given."""
    if resource is None:
        return slots
    return [{**slot, "resource_ids": [resource.id]} for slot in slots if resource.id in slot["resource_ids"]]


def _open_days(opening: hours.OpeningCalendar, first: date, last: date) -> set[date]:
    return {first + timedelta(days=n) for n in range((last - first).days + 1) if opening.window(first + timedelta(days=n))}


def days_with_availability(*, service: Service, month: date, resource: Resource | None = None) -> list[dict]:
    """Each day of `month` (any date in it): `open` (has hours, not closed) and
    `available` (at least one free slot that starts in the future, on `resource` if given)."""
    first = month.replace(day=1)
    last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
    open_days = _open_days(hours.OpeningCalendar(first, last), first, last)
    today = hours.business_today()
    bookable = {day for day in open_days if day >= today}
    slots = selectors.availability_between(service=service, first=first, last=last, days=bookable) if bookable else {}
    return [
        {"date": day, "open": day in open_days, "available": bool(_only_on(resource, slots.get(day, [])))}
        for day in (first + timedelta(days=n) for n in range((last - first).days + 1))
    ]


def next_available(*, service: Service, resource: Resource | None = None, horizon_days: int = 90) -> dict | None:
    """The first free slot from now on within `horizon_days` days (today included), or None.

    Looked for a fortnight at a time: the next free slot is usually soon, and a
    fortnight of appointments is one small query.
    """
    today = hours.business_today()
    horizon = today + timedelta(days=horizon_days - 1)
    first = today
    while first <= horizon:
        last = min(first + timedelta(days=13), horizon)
        slots = selectors.availability_between(service=service, first=first, last=last)
        for day in sorted(slots):
            free = _only_on(resource, slots[day])
            if free:
                return free[0]
        first = last + timedelta(days=1)
    return None
