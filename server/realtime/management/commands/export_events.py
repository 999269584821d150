import json
from typing import Any

from django.core.management.base import BaseCommand

from realtime.schemas import event_names


class Command(BaseCommand):
    help = "Print the event names per namespace (docs/events.json is this output)."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(json.dumps(event_names(), indent=2))
