"""Django admin for boards. Edits go through the services, so connected boards see them live."""
from django.contrib import admin
from django.db import transaction

from workflow import services
from workflow.models import Board, Card, Column, Comment, Label


@admin.register(Board)
class BoardAdmin(admin.ModelAdmin):
    list_display = ["name", "archived", "created_at"]
    filter_horizontal = ["members"]

    def save_model(self, request, obj, form, change):
        if change:
            changes = {field: form.cleaned_data[field] for field in ("name", "description", "archived") if field in form.changed_data}
            services.board_update(board=obj, **changes)
        else:
            super().save_model(request, obj, form, change)


@admin.register(Column)
class ColumnAdmin(admin.ModelAdmin):
    list_display = ["name", "board", "position", "wip_limit", "archived"]
    list_filter = ["board", "archived"]
    readonly_fields = ["position", "version", "field_versions"]

    def save_model(self, request, obj, form, change):
        fields = {field: form.cleaned_data[field] for field in ("name", "wip_limit") if field in form.changed_data}
        if change:
            services.column_update(column=obj, **fields)
        else:
            created = services.column_create(board=obj.board, name=obj.name, wip_limit=obj.wip_limit)
            obj.pk = created.pk


@admin.register(Card)
class CardAdmin(admin.ModelAdmin):
    list_display = ["title", "board", "column", "assignee", "due_date", "archived"]
    list_filter = ["board", "archived"]
    search_fields = ["title", "description"]
    fields = ["title", "description", "assignee", "due_date", "archived"]

    def has_add_permission(self, request):
        return False  # cards are created on the board, where their column and place are chosen

    def save_model(self, request, obj, form, change):
        changes = {}
        for field in ("title", "description", "due_date"):
            if field in form.changed_data:
                changes[field] = form.cleaned_data[field]
        if "assignee" in form.changed_data:
            assignee = form.cleaned_data["assignee"]
            changes["assignee_id"] = assignee.id if assignee else None
        with transaction.atomic():
            if changes:
                services.card_update(card=obj, **changes)
            if "archived" in form.changed_data and form.cleaned_data["archived"]:
                services.card_archive(card=obj)


@admin.register(Label)
class LabelAdmin(admin.ModelAdmin):
    list_display = ["name", "board", "color"]


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["__str__", "card", "author", "created_at"]
    readonly_fields = ["card", "author", "text", "created_at", "updated_at"]

    def has_add_permission(self, request):
        return False
