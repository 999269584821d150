from drf_spectacular.utils import PolymorphicProxySerializer, extend_schema_field
from rest_framework import serializers

from appointments.models import Appointment, Resource, Service
from customers.serializers import CustomerSerializer


class ResourceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Resource
        fields = ["id", "name", "kind"]


class ServiceSerializer(serializers.ModelSerializer):
    resource_ids = serializers.SerializerMethodField(help_text="Active resources that offer it; empty means any.")

    class Meta:
        model = Service
        fields = ["id", "name", "duration_minutes", "price", "active", "adjustable_duration", "resource_ids"]

    def get_resource_ids(self, service) -> list[int]:
        return [resource.id for resource in service.resources.all() if resource.active]


class ServiceBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Service
        fields = ["id", "name", "duration_minutes", "price", "adjustable_duration"]


class AppointmentSerializer(serializers.ModelSerializer):
    customer = CustomerSerializer(read_only=True)
    service = ServiceBriefSerializer(read_only=True)
    resource = ResourceSerializer(read_only=True)

    class Meta:
        model = Appointment
        fields = [
            "id", "customer", "service", "resource", "start", "end", "status", "notes", "cancel_reason", "version",
            "created_at", "updated_at",
        ]


def appointment_data(appointment: Appointment) -> dict:
    return AppointmentSerializer(appointment).data


class SlotSerializer(serializers.Serializer):
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    resource_ids = serializers.ListField(child=serializers.IntegerField())


class AvailabilitySerializer(serializers.Serializer):
    date = serializers.DateField()
    service = serializers.IntegerField()
    slots = SlotSerializer(many=True)


def realistic_year(value) -> None:
    """Refuse far-off dates and times: they are typos, and the day arithmetic done with
    them (the next midnight, start + duration) overflows at datetime's limits (a 500)."""
    if not 2000 <= value.year <= 2999:
        raise serializers.ValidationError("Pick a realistic date.")


class AvailabilityQuery(serializers.Serializer):
    service = serializers.IntegerField(min_value=1)
    date = serializers.DateField(validators=[realistic_year])


class AppointmentListQuery(serializers.Serializer):
    status = serializers.ChoiceField(choices=Appointment.Status.choices, required=False)
    date = serializers.DateField(required=False, validators=[realistic_year])


class AppointmentBookInput(serializers.Serializer):
    service = serializers.IntegerField(min_value=1)
    start = serializers.DateTimeField(validators=[realistic_year])
    resource = serializers.IntegerField(min_value=1, required=False, allow_null=True)
    notes = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    customer = serializers.IntegerField(min_value=1, required=False, allow_null=True, help_text="Staff only")


class AppointmentRescheduleInput(serializers.Serializer):
    start = serializers.DateTimeField(validators=[realistic_year])
    resource = serializers.IntegerField(min_value=1, required=False, allow_null=True)
    end = serializers.DateTimeField(required=False, allow_null=True, validators=[realistic_year], help_text="Staff: a new length, for services with adjustable_duration")
    expected_version = serializers.IntegerField(min_value=1, required=False)


class AppointmentCancelInput(serializers.Serializer):
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class AppointmentUpdateInput(serializers.Serializer):
    notes = serializers.CharField(max_length=2000, allow_blank=True)
    expected_version = serializers.IntegerField(min_value=1, required=False)


class AppointmentBulkInput(serializers.Serializer):
    action = serializers.ChoiceField(choices=["confirm", "decline"])
    ids = serializers.ListField(child=serializers.IntegerField(min_value=1, max_value=2**31 - 1), min_length=1, max_length=100)
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class CalendarQuery(serializers.Serializer):
    # `from` is a Python keyword: the field is declared below under its query name.
    to = serializers.DateField(validators=[realistic_year])

    def get_fields(self):
        fields = super().get_fields()
        fields["from"] = serializers.DateField(validators=[realistic_year])
        return fields

    def validate(self, attrs):
        if attrs["to"] < attrs["from"]:
            raise serializers.ValidationError({"to": ["Must not be before from."]})
        if (attrs["to"] - attrs["from"]).days >= MAX_CALENDAR_DAYS:
            raise serializers.ValidationError({"to": [f"At most {MAX_CALENDAR_DAYS} days at once."]})
        return attrs


# A week and a bit either side: enough for any view, small enough to answer fast.
MAX_CALENDAR_DAYS = 14


class ScheduleUpdateInput(serializers.Serializer):
    """The `schedule_update` socket event: the same changes as the REST actions, same names."""

    action = serializers.ChoiceField(choices=["confirm", "cancel", "complete", "no_show", "reschedule"])
    appointment_id = serializers.IntegerField(min_value=1)
    start = serializers.DateTimeField(required=False, validators=[realistic_year])
    end = serializers.DateTimeField(required=False, allow_null=True, validators=[realistic_year])
    resource = serializers.IntegerField(min_value=1, required=False, allow_null=True)
    expected_version = serializers.IntegerField(min_value=1, required=False)
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    mutation_id = serializers.CharField(max_length=64, required=False, allow_blank=True)

    def validate(self, attrs):
        if attrs["action"] == "reschedule" and "start" not in attrs:
            raise serializers.ValidationError({"start": ["Required to reschedule."]})
        return attrs


class WatchDaysInput(CalendarQuery):
    """The `watch_days` socket event: a range of days, and per day the last seq applied."""

    after = serializers.DictField(child=serializers.IntegerField(min_value=0), required=False, default=dict)


class WatchDashboardInput(serializers.Serializer):
    """The `watch_dashboard` socket event: `{}` (the dashboard has nothing to choose)."""


# The shapes of composite answers, for the OpenAPI schema (and so the client's generated types).

class ActorSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class HistoryEntrySerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    actor = ActorSerializer(allow_null=True)
    op = serializers.CharField()
    summary = serializers.CharField()
    # field -> [before, after]
    changes = serializers.DictField(child=serializers.ListField(min_length=2, max_length=2))


class CalendarDaySerializer(serializers.Serializer):
    date = serializers.DateField()
    open = serializers.CharField(allow_null=True, help_text='"09:00" in the business time zone; null when closed.')
    close = serializers.CharField(allow_null=True)
    closed_reason = serializers.CharField(allow_blank=True)
    seq = serializers.IntegerField()
    appointments = AppointmentSerializer(many=True)


class CalendarSerializer(serializers.Serializer):
    time_zone = serializers.CharField()
    to = serializers.DateField()
    resources = ResourceSerializer(many=True)
    days = CalendarDaySerializer(many=True)

    def get_fields(self):
        # "from" is a Python keyword, so it cannot be a class attribute.
        return {"from": serializers.DateField(), **super().get_fields()}


class AppointmentLaneItemSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=["appointment"])
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    appointment = AppointmentSerializer()


class FreeLaneItemSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=["free"])
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()


class LaneSerializer(serializers.Serializer):
    resource = ResourceSerializer()
    items = serializers.SerializerMethodField()

    @extend_schema_field(
        PolymorphicProxySerializer(
            component_name="LaneItem",
            serializers={"appointment": AppointmentLaneItemSerializer, "free": FreeLaneItemSerializer},
            resource_type_field_name="type",
            many=True,
        )
    )
    def get_items(self, lane) -> list:
        return lane["items"]


class ScheduleSerializer(serializers.Serializer):
    date = serializers.DateField()
    opens = serializers.CharField(allow_null=True)
    closes = serializers.CharField(allow_null=True)
    lanes = LaneSerializer(many=True)


class DashboardSerializer(serializers.Serializer):
    date = serializers.DateField()
    pending_count = serializers.IntegerField()
    today_appointments = AppointmentSerializer(many=True)
    today_schedule = ScheduleSerializer()
    seq = serializers.IntegerField()


class BulkSucceededSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    ok = serializers.ChoiceField(choices=[True])
    appointment = AppointmentSerializer()


class ErrorSerializer(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()


class BulkFailedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    ok = serializers.ChoiceField(choices=[False])
    error = ErrorSerializer()


class BulkResultsSerializer(serializers.Serializer):
    results = serializers.SerializerMethodField()

    @extend_schema_field(
        PolymorphicProxySerializer(
            component_name="BulkResult",
            serializers=[BulkSucceededSerializer, BulkFailedSerializer],
            resource_type_field_name=None,
            many=True,
        )
    )
    def get_results(self, answer) -> list:
        return answer["results"]


class PendingCountSerializer(serializers.Serializer):
    """The `pending_count` event's data."""

    date = serializers.DateField()
    count = serializers.IntegerField()


class TodayAppointmentsSerializer(serializers.Serializer):
    """The `today_appointments` event's data."""

    date = serializers.DateField()
    appointments = AppointmentSerializer(many=True)
