from django.contrib import admin

from realtime.models import Stream, StreamEvent


@admin.register(Stream)
class StreamAdmin(admin.ModelAdmin):
    """Read-only: renumbering a stream would break every client's replay."""

    list_display = ["name", "last_seq"]
    readonly_fields = ["name", "last_seq"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # streams are removed with nothing; their events by `manage.py prune_events`


@admin.register(StreamEvent)
class StreamEventAdmin(admin.ModelAdmin):
    list_display = ["stream", "seq", "event", "created_at"]
    list_filter = ["event"]
    readonly_fields = ["stream", "seq", "event", "envelope", "created_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # `manage.py prune_events` removes old events
