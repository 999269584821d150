"""Demo data for `make run`: loaded once, so restarting keeps whatever you changed."""
import random
import struct
import zlib
from datetime import time, timedelta

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from appointments.hours import business_today, local_instant
from appointments.models import Appointment, BusinessHours, ClosedDay, Resource, Service
from common.actor import acting_as
from customers.models import Customer
from workflow import attachments, checklists
from workflow import services as workflow
from workflow.models import Board

DEMO_PASSWORD = "frontdesk-demo"
# Alex is a superuser (an owner of every board); Sam and Jo show the member and viewer roles.
STAFF = [
    ("alex@frontdesk.test", "Alex", "Morgan", True),
    ("sam@frontdesk.test", "Sam", "Lee", False),
    ("jo@frontdesk.test", "Jo", "Baker", False),
]
CUSTOMERS = [
    ("casey@frontdesk.test", "Casey Jones", "+44 7700 900001"),
    ("robin@example.com", "Robin Patel", "+44 7700 900002"),
    ("kim@example.com", "Kim Novak", "+44 7700 900003"),
    ("lee@example.com", "Lee Walker", "+44 7700 900004"),
]


def demo_png(width: int, height: int) -> bytes:
    """A small picture (a warm gradient with a dark band) as PNG bytes, made without an image library."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(
        b"\x00" + b"".join(
            bytes((40, 40, 48) if abs(y - height // 2) < height // 10 else (200 + 55 * x // width, 120 + 100 * y // height, 60))
            for x in range(width)
        )
        for y in range(height)
    )
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


class Command(BaseCommand):
    help = "Load demo users, services, a week of appointments and a board (once)."

    @transaction.atomic
    def handle(self, *args, **options):
        User = get_user_model()
        if User.objects.filter(email=STAFF[0][0]).exists():
            self.stdout.write("demo data already loaded")
            return
        staff = []
        for email, first, last, is_admin in STAFF:
            user = User.objects.create_user(
                email, password=DEMO_PASSWORD, first_name=first, last_name=last,
                is_staff=True, is_superuser=is_admin,
            )
            staff.append(user)
        customers = []
        for email, name, phone in CUSTOMERS:
            user = User.objects.create_user(email, password=DEMO_PASSWORD, first_name=name.split()[0])
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
        walk_in = User.objects.create_user(None, first_name="Morgan")  # booked by phone: no email, no password
        customers.append(Customer.objects.create(user=walk_in, name="Morgan Phone-Only", phone="07700 900 555"))
        ClosedDay.objects.create(date=business_today() + timedelta(days=9), reason="Staff training")
        self._appointments([chair1, chair2, jordan], [haircut, colour, consult], customers)
        with acting_as(staff[0]):  # the board list's "last change" names who did it
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
        alex, sam, jo = staff
        workflow.board_set_member(board=board, user_id=sam.id, role="member")
        workflow.board_set_member(board=board, user_id=jo.id, role="viewer")
        urgent = workflow.label_create(board=board, name="Urgent", color="#d64545")
        parts = workflow.label_create(board=board, name="Waiting for parts", color="#e0a030")
        todo = workflow.column_create(board=board, name="To do")
        doing = workflow.column_create(board=board, name="In progress", wip_limit=3)
        done = workflow.column_create(board=board, name="Done")
        today = business_today()
        # Due dates that show each colour on the card faces: overdue, due soon, later.
        workflow.card_create(column=todo, title="Order new clippers", label_ids=[parts.id], due_date=today - timedelta(days=1))
        workflow.card_create(
            column=todo, title="Call back Robin about colour", assignee_ids=[sam.id, jo.id], due_date=today + timedelta(days=1),
        )
        workflow.card_create(column=todo, title="Restock shampoo", description="Two boxes of the usual.")
        chair = workflow.card_create(column=doing, title="Fix chair 2 hydraulics", label_ids=[urgent.id], assignee_ids=[staff[0].id])
        for text, done_ in [("Find the leak", True), ("Order a new pump", True), ("Fit the pump", False), ("Test at full lift", False)]:
            item = checklists.checklist_item_create(card=chair, text=text)
            if done_:
                checklists.checklist_item_update(item=item, done=True)
        photo = ContentFile(demo_png(160, 120), name="chair-2-leak.png")
        attachments.attachment_add(card=chair, uploaded_file=photo, by=staff[0])
        # A mention: Sam finds it in the bell (and by email), with the assignments above.
        workflow.comment_create(card=chair, author=alex, text="@Sam Lee can you order the pump today? The part number is in the photo.")
        workflow.card_create(column=doing, title="Update price list", due_date=today + timedelta(days=6))
        workflow.card_create(column=done, title="Clean the front window")
        Board.objects.filter(pk=board.pk).update(description="Jobs in the shop this week.")
        self._second_board(sam, jo)

    def _second_board(self, sam, jo):
        """Another team: Sam owns it, Jo works on it (Alex sees it as a superuser)."""
        with acting_as(sam):
            board = workflow.board_create(name="Salon refit", description="New mirrors and lights in March.", creator=sam)
            workflow.board_set_member(board=board, user_id=jo.id, role="member")
            ideas = workflow.column_create(board=board, name="Ideas")
            ordered = workflow.column_create(board=board, name="Ordered")
            workflow.card_create(column=ideas, title="Pick the mirror frames", assignee_ids=[jo.id])
            workflow.card_create(column=ordered, title="LED strips for the stations", assignee_ids=[sam.id])
