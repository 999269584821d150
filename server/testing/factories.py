"""Factories for tests: the one place test data is made."""
import functools
import itertools
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from appointments.hours import local_instant
from appointments.models import Appointment, BusinessHours, ClosedDay, Resource, Service
from customers.models import Customer
from workflow import services as workflow
from workflow.models import Board, Card, Column, Comment, Label

PASSWORD = "correct-horse-battery-9"
_counter = itertools.count(1)


@functools.cache
def _password_hash(password: str) -> str:
    # Hashing is deliberately slow (about a second here); hash each test password once.
    return make_password(password)


def user(*, email=None, staff=False, superuser=False, active=True, password=PASSWORD, first_name="Test", last_name=""):
    n = next(_counter)
    email = email or f"user{n}@example.test"
    return get_user_model().objects.create(
        email=email, password=_password_hash(password), is_staff=staff or superuser,
        is_superuser=superuser, is_active=active, first_name=first_name, last_name=last_name,
    )


def staff(**kwargs):
    return user(staff=True, **kwargs)


def customer(*, name="Pat Customer", phone="+44 7700 900123", **kwargs) -> Customer:
    return Customer.objects.create(user=user(**kwargs), name=name, phone=phone)


def open_every_day(opens=time(9), closes=time(17)) -> None:
    for weekday in range(7):
        BusinessHours.objects.update_or_create(weekday=weekday, defaults={"opens": opens, "closes": closes})


def closed_on(day: date, reason="Holiday") -> ClosedDay:
    return ClosedDay.objects.create(date=day, reason=reason)


def resource(name=None, kind=Resource.Kind.PLACE) -> Resource:
    return Resource.objects.create(name=name or f"Chair {next(_counter)}", kind=kind)


def service(name="Haircut", minutes=30, resources=(), price="20.00") -> Service:
    svc = Service.objects.create(name=name, duration_minutes=minutes, price=price)
    if resources:
        svc.resources.set(resources)
    return svc


def instant(day: date, at: time) -> datetime:
    """`at` on `day` in the business zone: a wall time that exists (no clock change skips it)."""
    found = local_instant(day, at)
    assert found is not None, f"{at} does not exist on {day} in the business zone"
    return found


def future_day(days=7) -> date:
    from appointments.hours import business_today

    return business_today() + timedelta(days=days)


def appointment(*, customer_=None, service_=None, resource_=None, day=None, at=time(10), status=Appointment.Status.PENDING) -> Appointment:
    """An appointment written directly (no rules, no events): for arranging a scene."""
    service_ = service_ or service()
    resource_ = resource_ or resource()
    start = instant(day or future_day(), at)
    return Appointment.objects.create(
        customer=customer_ or customer(), service=service_, resource=resource_, start=start,
        end=start + timedelta(minutes=service_.duration_minutes), status=status,
    )


def board(*, members=(), name="Jobs", columns=("To do", "Doing", "Done"), viewers=()) -> Board:
    """A board its first member created (its owner); the other members edit, `viewers` read."""
    creator = members[0] if members else staff()
    board_ = workflow.board_create(name=name, creator=creator)
    for member in members[1:]:
        board_.members.add(member, through_defaults={"role": "member"})
    for viewer in viewers:
        board_.members.add(viewer, through_defaults={"role": "viewer"})
    for column_name in columns:
        workflow.column_create(board=board_, name=column_name)
    return board_


def card(column: Column, *, title=None, **fields) -> Card:
    """A card placed at the end of `column` the way the app places it."""
    return workflow.card_create(column=column, title=title or f"Card {next(_counter)}", **fields)


def label(board_: Board, *, name="Urgent", color="#cc0000") -> Label:
    return workflow.label_create(board=board_, name=name, color=color)


def comment(card_: Card, *, author, text="On it.") -> Comment:
    return workflow.comment_create(card=card_, author=author, text=text)
