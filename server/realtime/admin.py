from django.contrib import admin
from django.http import HttpRequest

from realtime.models import Stream, StreamEvent


@admin.register(Stream)
class StreamAdmin(admin.ModelAdmin[Stream]):
    """Read-only: renumbering a stream would break every client's replay."""

    list_display = ["name", "last_seq"]
    readonly_fields = ["name", "last_seq"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Stream | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Stream | None = None) -> bool:
        return False  # streams are removed with nothing; their events by `manage.py prune_events`


@admin.register(StreamEvent)
class StreamEventAdmin(admin.ModelAdmin[StreamEvent]):
    list_display = ["stream", "seq", "event", "created_at"]
    list_filter = ["event"]
    readonly_fields = ["stream", "seq", "event", "envelope", "created_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: StreamEvent | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: StreamEvent | None = None) -> bool:
        return False  # `manage.py prune_events` removes old events
