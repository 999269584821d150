"""Board members get roles, cards get several assignees, checklists and attachments.

Existing members become owners (nobody loses the power to manage a board they had),
and a card's one assignee becomes its first of several.
"""
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import workflow.models


def copy_members_and_assignees(apps, schema_editor):
    Board = apps.get_model("workflow", "Board")
    BoardMembership = apps.get_model("workflow", "BoardMembership")
    Card = apps.get_model("workflow", "Card")
    for board in Board.objects.prefetch_related("old_members"):
        BoardMembership.objects.bulk_create(
            [BoardMembership(board=board, user=user, role="owner") for user in board.old_members.all()]
        )
    for card in Card.objects.exclude(assignee=None):
        card.assignees.add(card.assignee_id)


def copy_back(apps, schema_editor):
    BoardMembership = apps.get_model("workflow", "BoardMembership")
    Card = apps.get_model("workflow", "Card")
    for membership in BoardMembership.objects.all():
        membership.board.old_members.add(membership.user_id)
    for card in Card.objects.prefetch_related("assignees"):
        first = next(iter(card.assignees.all()), None)
        if first is not None:
            card.assignee_id = first.id
            card.save(update_fields=["assignee"])


class Migration(migrations.Migration):

    dependencies = [
        ("workflow", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameField("board", "members", "old_members"),
        migrations.AlterField(
            "board", "old_members", models.ManyToManyField(blank=True, related_name="+", to=settings.AUTH_USER_MODEL)
        ),
        migrations.CreateModel(
            name="BoardMembership",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "role",
                    models.CharField(
                        choices=[("owner", "Owner"), ("member", "Member"), ("viewer", "Viewer")], default="member", max_length=6
                    ),
                ),
                ("added_at", models.DateTimeField(auto_now_add=True)),
                (
                    "board",
                    models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="memberships", to="workflow.board"),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="board_memberships", to=settings.AUTH_USER_MODEL
                    ),
                ),
            ],
            options={"ordering": ["board", "user"]},
        ),
        migrations.AddConstraint(
            model_name="boardmembership",
            constraint=models.UniqueConstraint(fields=("board", "user"), name="one_membership_per_user"),
        ),
        migrations.AddField(
            model_name="board",
            name="members",
            field=models.ManyToManyField(
                blank=True, related_name="boards", through="workflow.BoardMembership", to=settings.AUTH_USER_MODEL
            ),
        ),
        migrations.AddField(
            model_name="card",
            name="assignees",
            field=models.ManyToManyField(blank=True, related_name="assigned_cards", to=settings.AUTH_USER_MODEL),
        ),
        migrations.RunPython(copy_members_and_assignees, copy_back),
        migrations.RemoveField("board", "old_members"),
        migrations.RemoveField("card", "assignee"),
        migrations.CreateModel(
            name="ChecklistItem",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("text", models.CharField(max_length=300)),
                ("done", models.BooleanField(default=False)),
                ("position", models.FloatField()),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "card",
                    models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="checklist", to="workflow.card"),
                ),
            ],
            options={"ordering": ["position", "id"]},
        ),
        migrations.CreateModel(
            name="Attachment",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("file", models.FileField(max_length=200, upload_to=workflow.models.attachment_path)),
                ("name", models.CharField(max_length=200)),
                ("content_type", models.CharField(max_length=100)),
                ("size", models.PositiveIntegerField()),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "card",
                    models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="attachments", to="workflow.card"),
                ),
                (
                    "uploaded_by",
                    models.ForeignKey(
                        null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL
                    ),
                ),
            ],
            options={"ordering": ["created_at", "id"]},
        ),
    ]
