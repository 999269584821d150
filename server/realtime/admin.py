from django.contrib import admin

from realtime.models import Stream, StreamEvent


@admin.register(Stream)
class StreamAdmin(admin.ModelAdmin):
    list_display = ["name", "last_seq"]
    readonly_fields = ["name", "last_seq"]


@admin.register(StreamEvent)
class StreamEventAdmin(admin.ModelAdmin):
    list_display = ["stream", "seq", "event", "created_at"]
    list_filter = ["event"]
    readonly_fields = ["stream", "seq", "event", "envelope", "created_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
