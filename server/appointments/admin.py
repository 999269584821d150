"""Django admin for appointments. Status changes go through the services, so they publish."""
from django.contrib import admin, messages

from appointments import services
from appointments.models import Appointment, BusinessHours, ClosedDay, Resource, Service
from common.errors import DomainError


@admin.register(Resource)
class ResourceAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "active"]
    list_filter = ["kind", "active"]


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = ["name", "duration_minutes", "price", "active"]
    list_filter = ["active"]
    filter_horizontal = ["resources"]


@admin.register(BusinessHours)
class BusinessHoursAdmin(admin.ModelAdmin):
    list_display = ["__str__", "weekday", "opens", "closes"]


@admin.register(ClosedDay)
class ClosedDayAdmin(admin.ModelAdmin):
    list_display = ["date", "reason"]


def _status_action(service, label):
    def action(modeladmin, request, queryset):
        done = 0
        for appointment in queryset:
            try:
                service(appointment=appointment)
                done += 1
            except DomainError as error:
                modeladmin.message_user(request, f"{appointment}: {error.message}", messages.WARNING)
        modeladmin.message_user(request, f"{done} appointment(s) {label}.")

    action.short_description = f"Mark selected as {label}"
    action.__name__ = f"mark_{label.replace(' ', '_')}"
    return action


@admin.register(Appointment)
class AppointmentAdmin(admin.ModelAdmin):
    list_display = ["start", "customer", "service", "resource", "status"]
    list_filter = ["status", "resource", "service"]
    search_fields = ["customer__name", "customer__user__email", "notes"]
    date_hierarchy = "start"
    raw_id_fields = ["customer"]
    # Status and times change only through actions (services), never by editing fields,
    # so every change is validated and reaches the live dashboards.
    readonly_fields = ["customer", "service", "resource", "start", "end", "status", "created_at", "updated_at"]
    actions = [
        _status_action(services.appointment_confirm, "confirmed"),
        _status_action(services.appointment_cancel, "cancelled"),
        _status_action(services.appointment_complete, "completed"),
        _status_action(services.appointment_mark_no_show, "no show"),
    ]

    def has_add_permission(self, request):
        return False  # book through the API or the booking page: availability rules apply

    def has_delete_permission(self, request, obj=None):
        return False  # cancel instead: the dashboards and the customer are told
