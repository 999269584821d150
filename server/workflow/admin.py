"""Django admin for boards. Edits go through the services, so connected boards see them live."""
from django.contrib import admin
from django.db import transaction

from workflow import services
from workflow.models import Board, BoardMembership, Card, Column, Comment, Label


class MembershipInline(admin.TabularInline):
    model = BoardMembership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Board)
class BoardAdmin(admin.ModelAdmin):
    list_display = ["name", "archived", "created_at"]
    inlines = [MembershipInline]

    def has_delete_permission(self, request, obj=None):
        return False  # archive instead: open boards are told

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if change:
            # After the members are saved, so the event carries the new member list.
            services.board_update(board=form.instance)


@admin.register(Column)
class ColumnAdmin(admin.ModelAdmin):
    list_display = ["name", "board", "position", "wip_limit", "archived"]
    list_filter = ["board", "archived"]
    readonly_fields = ["position", "version", "field_versions"]

    def has_delete_permission(self, request, obj=None):
        return False  # archive instead: open boards are told

    def save_model(self, request, obj, form, change):
        fields = {field: form.cleaned_data[field] for field in ("name", "wip_limit") if field in form.changed_data}
        if change:
            services.column_update(column=obj, **fields)
        else:
            created = services.column_create(board=obj.board, name=obj.name, wip_limit=obj.wip_limit)
            obj.pk = created.pk


@admin.register(Card)
class CardAdmin(admin.ModelAdmin):
    list_display = ["title", "board", "column", "due_date", "archived"]
    list_filter = ["board", "archived"]
    search_fields = ["title", "description"]
    fields = ["title", "description", "assignees", "due_date", "archived"]
    filter_horizontal = ["assignees"]

    def has_add_permission(self, request):
        return False  # cards are created on the board, where their column and place are chosen

    def save_related(self, request, form, formsets, change):
        pass  # the assignees are saved by services.card_update in save_model, which tells the board

    def has_delete_permission(self, request, obj=None):
        return False  # archive instead: open boards are told

    def save_model(self, request, obj, form, change):
        changes = {}
        for field in ("title", "description", "due_date"):
            if field in form.changed_data:
                changes[field] = form.cleaned_data[field]
        if "assignees" in form.changed_data:
            changes["assignee_ids"] = [user.id for user in form.cleaned_data["assignees"]]
        with transaction.atomic():
            if changes:
                services.card_update(card=obj, **changes)
            if "archived" in form.changed_data and form.cleaned_data["archived"]:
                services.card_archive(card=obj)


@admin.register(Label)
class LabelAdmin(admin.ModelAdmin):
    list_display = ["name", "board", "color"]

    def save_model(self, request, obj, form, change):
        if change:
            services.label_update(label=obj, **{field: form.cleaned_data[field] for field in ("name", "color")})
        else:
            obj.pk = services.label_create(board=obj.board, name=obj.name, color=obj.color).pk

    def delete_model(self, request, obj):
        services.label_delete(label=obj)

    def has_delete_permission(self, request, obj=None):
        return obj is not None  # one at a time, through the service (no bulk delete)


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["__str__", "card", "author", "created_at"]
    readonly_fields = ["card", "author", "text", "created_at", "updated_at"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # deleted on the board, where everyone watching is told
