from datetime import timedelta

from django.core.management.base import BaseCommand

from appointments.services import appointments_mark_past_no_shows


class Command(BaseCommand):
    help = "Mark appointments still pending an hour after they ended as no-shows (run periodically)."

    def add_arguments(self, parser):
        parser.add_argument("--grace-minutes", type=int, default=60)

    def handle(self, *args, grace_minutes, **options):
        count = appointments_mark_past_no_shows(grace=timedelta(minutes=grace_minutes))
        self.stdout.write(f"marked {count} appointment(s) as no-show")
