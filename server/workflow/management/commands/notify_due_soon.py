from django.core.management.base import BaseCommand

from workflow.notices import due_soon_notify


class Command(BaseCommand):
    help = (
        "Notify the assignees of cards due today or tomorrow (one pass, for cron). The outbox worker "
        "already does this every minute; running both is safe: each card and due date is notified once."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"notified {due_soon_notify()} assignee(s) of cards due today or tomorrow")
