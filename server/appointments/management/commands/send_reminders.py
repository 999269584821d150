from django.core.management.base import BaseCommand

from appointments.notices import reminder_hours, reminders_enqueue_due


class Command(BaseCommand):
    help = (
        "Queue the reminder emails of appointments starting within REMINDER_HOURS (one pass, for cron). "
        "The outbox worker already does this every minute; running both is safe: each reminder is queued once."
    )

    def handle(self, *args, **options):
        count = reminders_enqueue_due()
        self.stdout.write(f"queued {count} reminder(s) for appointments in the next {reminder_hours():g} hours")
