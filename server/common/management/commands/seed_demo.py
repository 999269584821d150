"""Demo data for `make run`: loaded once, so restarting keeps whatever you changed."""
import random
from datetime import time, timedelta

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from appointments.hours import business_today, local_instant
from appointments.models import Appointment, BusinessHours, ClosedDay, Resource, Service
from customers.models import Customer
from workflow import services as workflow
from workflow.models import Board

DEMO_PASSWORD = "frontdesk-demo"
STAFF = [("alex@frontdesk.test", "Alex", "Morgan", True), ("sam@frontdesk.test", "Sam", "Lee", False)]
CUSTOMERS = [
    ("casey@frontdesk.test", "Casey Jones", "+44 7700 900001"),
    ("robin@example.com", "Robin Patel", "+44 7700 900002"),
    ("kim@example.com", "Kim Novak", "+44 7700 900003"),
    ("lee@example.com", "Lee Walker", "+44 7700 900004"),
]


class Command(BaseCommand):
    help = "Load demo users, services, a week of appointments and a board (once)."

    @transaction.atomic
    def handle(self, *args, **options):
        User = get_user_model()
        if User.objects.filter(username=STAFF[0][0]).exists():
            self.stdout.write("demo data already loaded")
            return
        staff = []
        for email, first, last, is_admin in STAFF:
            user = User.objects.create_user(
                username=email, email=email, password=DEMO_PASSWORD, first_name=first, last_name=last,
                is_staff=True, is_superuser=is_admin,
            )
            staff.append(user)
        customers = []
        for email, name, phone in CUSTOMERS:
            user = User.objects.create_user(username=email, email=email, password=DEMO_PASSWORD, first_name=name.split()[0])
            customers.append(Customer.objects.create(user=user, name=name, phone=phone))

        for weekday in range(6):  # Monday to Saturday
            BusinessHours.objects.create(weekday=weekday, opens=time(9), closes=time(17))
        chair1 = Resource.objects.create(name="Chair 1", kind=Resource.Kind.PLACE)
        chair2 = Resource.objects.create(name="Chair 2", kind=Resource.Kind.PLACE)
        jordan = Resource.objects.create(name="Jordan", kind=Resource.Kind.STAFF)
        haircut = Service.objects.create(name="Haircut", duration_minutes=30, price="25.00")
        # A colour takes as long as it takes: staff can stretch it on the calendar.
        colour = Service.objects.create(name="Colour", duration_minutes=90, price="70.00", adjustable_duration=True)
        colour.resources.set([chair1, chair2])
        consult = Service.objects.create(name="Consultation", duration_minutes=30, price=None)
        consult.resources.set([jordan])
        walk_in = User(username="walk-in-demo", email="", first_name="Morgan")
        walk_in.set_unusable_password()
        walk_in.save()
        customers.append(Customer.objects.create(user=walk_in, name="Morgan Phone-Only", phone="07700 900 555"))
        ClosedDay.objects.create(date=business_today() + timedelta(days=9), reason="Staff training")
        self._appointments([chair1, chair2, jordan], [haircut, colour, consult], customers)
        self._board(staff)
        self.stdout.write("demo data loaded")

    def _appointments(self, resources, services, customers):
        rng = random.Random(42)
        today = business_today()
        now = timezone.now()
        # One person is in one place at a time (the database insists: migration 0003).
        busy: dict[int, list[tuple]] = {customer.id: [] for customer in customers}
        for offset in range(-1, 7):
            day = today + timedelta(days=offset)
            if not BusinessHours.objects.filter(weekday=day.weekday()).exists():
                continue
            for resource in resources:
                hour = 9
                while hour < 16:
                    if rng.random() < 0.45:
                        service = rng.choice([s for s in services if not s.resources.exists() or resource in s.resources.all()])
                        start = local_instant(day, time(hour))
                        end = start + timedelta(minutes=service.duration_minutes)
                        if end <= now:
                            status = Appointment.Status.COMPLETED
                        else:
                            status = rng.choice([Appointment.Status.PENDING, Appointment.Status.CONFIRMED])
                        free = [c for c in customers if not any(s < end and e > start for s, e in busy[c.id])]
                        if not free:
                            hour += 1
                            continue
                        customer = rng.choice(free)
                        busy[customer.id].append((start, end))
                        Appointment.objects.create(
                            customer=customer, service=service, resource=resource, start=start, end=end, status=status,
                        )
                        hour += 2
                    else:
                        hour += 1

    def _board(self, staff):
        board = workflow.board_create(name="Workshop", description="Jobs in the shop this week.", creator=staff[0])
        board.members.add(*staff[1:], through_defaults={"role": "member"})
        urgent = workflow.label_create(board=board, name="Urgent", color="#d64545")
        parts = workflow.label_create(board=board, name="Waiting for parts", color="#e0a030")
        todo = workflow.column_create(board=board, name="To do")
        doing = workflow.column_create(board=board, name="In progress", wip_limit=3)
        done = workflow.column_create(board=board, name="Done")
        workflow.card_create(column=todo, title="Order new clippers", label_ids=[parts.id])
        workflow.card_create(column=todo, title="Call back Robin about colour", assignee_ids=[staff[1].id])
        workflow.card_create(column=todo, title="Restock shampoo", description="Two boxes of the usual.")
        workflow.card_create(column=doing, title="Fix chair 2 hydraulics", label_ids=[urgent.id], assignee_ids=[staff[0].id])
        workflow.card_create(column=doing, title="Update price list")
        workflow.card_create(column=done, title="Clean the front window")
        Board.objects.filter(pk=board.pk).update(description="Jobs in the shop this week.")
