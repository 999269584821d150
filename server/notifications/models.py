"""The outbox (every email the product sends is first a row here, see notifications.services)
and the in-app notifications each person sees in their list (see notifications.inbox)."""
from django.conf import settings
from django.db import models


class OutboxEmail(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Pending"  # waiting for its turn (new, or retrying after a temporary failure)
        SENDING = "sending", "Sending"  # claimed by a worker until claimed_until
        SENT = "sent", "Sent"  # the mail server accepted it
        FAILED = "failed", "Failed"  # refused for good, or out of attempts: see last_error
        # A worker began handing it to the mail server and stopped before hearing the
        # answer: it may or may not have been delivered. Never resent automatically.
        UNCERTAIN = "uncertain", "Uncertain"

    to = models.EmailField(max_length=254)
    subject = models.CharField(max_length=255)
    text = models.TextField(help_text="The plain-text body.")
    html = models.TextField(blank=True, default="", help_text="An HTML alternative of the body, if any.")
    # [{"filename": "invite.ics", "mimetype": "text/calendar", "content_base64": "..."}]
    attachments = models.JSONField(default=list, blank=True)
    # Made when the row is queued and sent with every attempt, so "send again" and
    # retries carry the same Message-ID and a receiver can recognise a repeat.
    message_id = models.CharField(max_length=255, unique=True)
    # Set by callers that must queue a mail once only ("reminder:appointment:7").
    dedupe_key = models.CharField(max_length=200, unique=True, null=True, blank=True)

    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    last_error = models.TextField(blank=True, default="")
    # The claim of the worker sending it: its token, and when other workers may take over.
    claim_token = models.UUIDField(null=True, blank=True)
    claimed_until = models.DateTimeField(null=True, blank=True)
    # When the claiming worker began the SMTP hand-off (after connecting, before MAIL FROM).
    handoff_started_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    # Not a column: set by email_enqueue on the row it returns, True when that call
    # queued it, False when an earlier row had the same dedupe key.
    queued: bool = False

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "outbox email"
        indexes = [
            # The worker's two questions: what is due, and whose claim has expired.
            models.Index(fields=["status", "next_attempt_at"], name="outbox_due"),
            models.Index(fields=["status", "claimed_until"], name="outbox_claims"),
        ]

    def __str__(self) -> str:
        return f"{self.subject} → {self.to}"


class Notification(models.Model):
    """One line in a person's notification list. Knows no domain model: it names what
    it is about by `url` (where the app opens it) and `dedupe_key`."""

    class Kind(models.TextChoices):
        MENTION = "mention", "Mention"
        ASSIGNED = "assigned", "Assigned"
        DUE_SOON = "due_soon", "Due soon"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    text = models.CharField(max_length=300)
    url = models.CharField(max_length=300, blank=True, default="")
    # Set by callers that must notify once only ("due_soon:card:7:2026-12-08").
    dedupe_key = models.CharField(max_length=200, unique=True, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_unread")]

    def __str__(self) -> str:
        return self.text


class NotificationPreference(models.Model):
    """What a person wants besides the in-app list. No row means the defaults."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference")
    email = models.BooleanField(default=True, help_text="Also send mentions, assignments and due-soon reminders by email.")

    def __str__(self) -> str:
        return f"{self.user}: email {'on' if self.email else 'off'}"
