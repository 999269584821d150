import uuid
from typing import Any

from django.conf import settings
from django.db import models

from appointments.models import Appointment
from customers.models import Customer


class Board(models.Model):
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True, max_length=2000)
    archived = models.BooleanField(default=False)
    # Staff who may see the board, each with a role (see workflow.permissions);
    # superusers may always, as owners.
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="boards", through="BoardMembership")
    created_at = models.DateTimeField(auto_now_add=True)

    # Not a column: the board list's "last change" ({at, text} or None), set by
    # selectors.board_list_for_user on the boards it lists.
    last_activity: dict[str, Any] | None

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class BoardMembership(models.Model):
    class Role(models.TextChoices):
        OWNER = "owner", "Owner"  # manages members and settings, and edits
        MEMBER = "member", "Member"  # edits cards, columns, labels and comments
        VIEWER = "viewer", "Viewer"  # reads only

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="board_memberships")
    role = models.CharField(max_length=6, choices=Role.choices, default=Role.MEMBER)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["board", "user"]
        constraints = [models.UniqueConstraint(fields=["board", "user"], name="one_membership_per_user")]

    def __str__(self) -> str:
        return f"{self.user} on {self.board} ({self.role})"


class Column(models.Model):
    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="columns")
    name = models.CharField(max_length=80)
    # Sparse positions: a move writes one row (see workflow.ordering).
    position = models.FloatField()
    wip_limit = models.PositiveIntegerField(null=True, blank=True)
    archived = models.BooleanField(default=False)
    version = models.PositiveIntegerField(default=1)
    field_versions = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.name


class Label(models.Model):
    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="labels")
    name = models.CharField(max_length=40)
    color = models.CharField(max_length=7, default="#888888")

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class Card(models.Model):
    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="cards")
    column = models.ForeignKey(Column, on_delete=models.CASCADE, related_name="cards")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True, max_length=10000)
    position = models.FloatField()
    labels = models.ManyToManyField(Label, blank=True, related_name="cards")
    assignees = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="assigned_cards")
    due_date = models.DateField(null=True, blank=True)
    appointment = models.ForeignKey(Appointment, null=True, blank=True, on_delete=models.SET_NULL, related_name="cards")
    customer = models.ForeignKey(Customer, null=True, blank=True, on_delete=models.SET_NULL, related_name="cards")
    archived = models.BooleanField(default=False)
    # Increases on every change; field_versions records the version that last changed
    # each field, so an edit based on an old version can be merged when it touches
    # nothing that changed since (see workflow.services.card_update).
    version = models.PositiveIntegerField(default=1)
    field_versions = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # The ids of its labels and assignees once read (workflow.serializers.relation_ids):
    # what the API and events show of those relations. Not a field.
    relation_ids: dict[str, list[int]] | None = None

    class Meta:
        ordering = ["position", "id"]
        indexes = [models.Index(fields=["column", "position"])]

    def __str__(self) -> str:
        return self.title


class Comment(models.Model):
    card = models.ForeignKey(Card, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(max_length=5000)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.text[:40]


class ChecklistItem(models.Model):
    card = models.ForeignKey(Card, on_delete=models.CASCADE, related_name="checklist")
    text = models.CharField(max_length=300)
    done = models.BooleanField(default=False)
    # Sparse, as cards' positions are (see workflow.ordering).
    position = models.FloatField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.text


def attachment_path(instance, filename: str) -> str:
    """A random name: never the uploader's, so it cannot be guessed, traverse or execute."""
    return f"attachments/{instance.card_id}/{uuid.uuid4().hex}"


# Raster images: the only attachments a browser is let show inline (thumbnails); every
# other type is served as a download (see workflow.attachments).
IMAGE_TYPES = ("image/png", "image/jpeg", "image/gif", "image/webp")


class Attachment(models.Model):
    card = models.ForeignKey(Card, on_delete=models.CASCADE, related_name="attachments")
    # Stored through Django's storage API (STORAGES["default"]): local media by default.
    file = models.FileField(upload_to=attachment_path, max_length=200)
    # The uploader's file name, shown and offered on download; never used as a path.
    name = models.CharField(max_length=200)
    # Decided from the content, not the name or the browser's claim.
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_image(self) -> bool:
        return self.content_type in IMAGE_TYPES
