"""The outbox in the Django admin: what was sent, what failed and why, and "Send again".

Rows are read-only here: an email changes only through the worker and the action
below (notifications.services), so the claim protocol is never bypassed.
"""
import base64

from django.contrib import admin, messages

from notifications import services
from notifications.models import OutboxEmail


@admin.register(OutboxEmail)
class OutboxEmailAdmin(admin.ModelAdmin):
    list_display = ["status", "to", "subject", "created_at", "sent_at", "attempts"]
    list_filter = ["status"]
    search_fields = ["to", "subject", "message_id", "dedupe_key"]
    date_hierarchy = "created_at"
    actions = ["send_again"]
    fieldsets = [
        (None, {"fields": ["status", "to", "subject", "text", "html", "attachment_list"]}),
        ("Delivery", {"fields": [
            "attempts", "last_error", "created_at", "next_attempt_at", "handoff_started_at", "sent_at",
            "message_id", "dedupe_key",
        ]}),
    ]

    def get_readonly_fields(self, request, obj=None):
        return [field for group in self.fieldsets for field in group[1]["fields"]]

    @admin.display(description="Attachments")
    def attachment_list(self, obj: OutboxEmail) -> str:
        if not obj.attachments:
            return "none"
        return ", ".join(
            f"{item['filename']} ({item['mimetype']}, {len(base64.b64decode(item['content_base64']))} bytes)"
            for item in obj.attachments
        )

    @admin.action(description="Send again (failed or uncertain emails)", permissions=["send_again"])
    def send_again(self, request, queryset):
        ids = list(queryset.values_list("id", flat=True))
        queued = services.email_send_again(ids)
        self.message_user(request, f"{queued} email(s) queued to be sent again.")
        if queued < len(ids):
            self.message_user(
                request, f"{len(ids) - queued} skipped: only failed or uncertain emails can be sent again.", messages.WARNING
            )

    def has_send_again_permission(self, request) -> bool:
        return request.user.has_perm("notifications.change_outboxemail")

    def has_add_permission(self, request):
        return False  # emails are queued by the product (notifications.services.email_enqueue)

    def has_change_permission(self, request, obj=None):
        return False  # read-only: the change page shows the email; "Send again" is the one change
