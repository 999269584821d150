from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from realtime import registry
from realtime.models import StreamEvent


class Command(BaseCommand):
    help = "Delete stored events older than the retention window (EVENT_RETENTION_HOURS)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--hours", type=float, default=None, help="override the retention window")

    def handle(self, *args: Any, hours: float | None, **options: Any) -> None:
        hours = settings.EVENT_RETENTION_HOURS if hours is None else hours
        cutoff = timezone.now() - timedelta(hours=hours)
        old = StreamEvent.objects.filter(created_at__lt=cutoff)
        for prefix in registry.kept_prefixes():  # records, not replay buffers
            old = old.exclude(stream__startswith=f"{prefix}:")
        deleted, _ = old.delete()
        self.stdout.write(f"pruned {deleted} event(s) older than {hours:g} h")
