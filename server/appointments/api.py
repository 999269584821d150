"""Appointments API: thin views over appointments.services and appointments.selectors."""
from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from appointments import operations, selectors
from appointments.ics import appointment_ics
from appointments.models import Resource, Service
from appointments.serializers import (
    AppointmentBookInput,
    AppointmentBulkInput,
    AppointmentCancelInput,
    AppointmentListQuery,
    AppointmentRescheduleInput,
    AppointmentSerializer,
    AppointmentUpdateInput,
    AvailabilityQuery,
    AvailabilitySerializer,
    BulkResultsSerializer,
    CalendarQuery,
    CalendarSerializer,
    DashboardSerializer,
    HistoryEntrySerializer,
    ResourceSerializer,
    ServiceSerializer,
    appointment_data,
)
from common import errors
from common.api import IsStaff, MutationView, validate_input


class ServiceListApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(responses=ServiceSerializer(many=True))
    def get(self, request):
        services_ = Service.objects.filter(active=True).prefetch_related("resources")
        return Response(ServiceSerializer(services_, many=True).data)


class ResourceListApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(responses=ResourceSerializer(many=True))
    def get(self, request):
        return Response(ResourceSerializer(Resource.objects.filter(active=True), many=True).data)


class AvailabilityApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(parameters=[AvailabilityQuery], responses=AvailabilitySerializer)
    def get(self, request):
        query = validate_input(AvailabilityQuery, request.query_params.dict())
        service = Service.objects.filter(pk=query["service"], active=True).first()
        if service is None:
            raise errors.InvalidInput(fields={"service": ["No such service."]})
        slots = selectors.availability(service=service, day=query["date"])
        return Response(AvailabilitySerializer({"date": query["date"], "service": service.id, "slots": slots}).data)


class AppointmentListApi(MutationView):
    throttle_scope = "booking"

    def get_throttles(self):
        return [ScopedRateThrottle()] if self.request.method == "POST" else []

    @extend_schema(parameters=[AppointmentListQuery], responses=AppointmentSerializer(many=True))
    def get(self, request):
        query = validate_input(AppointmentListQuery, request.query_params.dict())
        appointments = selectors.appointment_list(user=request.user, status=query.get("status"), day=query.get("date"))
        return Response(AppointmentSerializer(appointments[:500], many=True).data)

    @extend_schema(request=AppointmentBookInput, responses={201: AppointmentSerializer})
    def post(self, request):
        data = validate_input(AppointmentBookInput, request.data)
        return self.mutate(request, lambda: operations.appointment_book_for_user(user=request.user, **data), status=201)


class AppointmentDetailApi(MutationView):
    @extend_schema(responses=AppointmentSerializer)
    def get(self, request, pk: int):
        return Response(appointment_data(selectors.appointment_get_for_user(user=request.user, appointment_id=pk)))

    @extend_schema(request=AppointmentUpdateInput, responses=AppointmentSerializer)
    def patch(self, request, pk: int):
        data = validate_input(AppointmentUpdateInput, request.data)
        return self.mutate(request, lambda: operations.appointment_update_for_user(user=request.user, appointment_id=pk, **data))


class AppointmentActionApi(MutationView):
    """POST /appointments/{id}/{action}: confirm, cancel (with an optional reason), complete, no-show."""

    action_name = ""

    @extend_schema(request=AppointmentCancelInput, responses=AppointmentSerializer)
    def post(self, request, pk: int):
        reason = validate_input(AppointmentCancelInput, request.data or {})["reason"] if self.action_name == "cancel" else ""
        return self.mutate(
            request,
            lambda: operations.appointment_action_for_user(user=request.user, appointment_id=pk, action=self.action_name, reason=reason),
        )


class AppointmentRescheduleApi(MutationView):
    @extend_schema(request=AppointmentRescheduleInput, responses=AppointmentSerializer)
    def post(self, request, pk: int):
        data = validate_input(AppointmentRescheduleInput, request.data)
        return self.mutate(request, lambda: operations.appointment_reschedule_for_user(user=request.user, appointment_id=pk, **data))


class AppointmentHistoryApi(APIView):
    permission_classes = [IsStaff]

    @extend_schema(responses=HistoryEntrySerializer(many=True))
    def get(self, request, pk: int):
        appointment = selectors.appointment_get_for_user(user=request.user, appointment_id=pk)
        return Response(selectors.appointment_history(appointment))


class PendingRequestsApi(APIView):
    permission_classes = [IsStaff]

    @extend_schema(responses=AppointmentSerializer(many=True))
    def get(self, request):
        return Response(AppointmentSerializer(selectors.pending_requests()[:500], many=True).data)


class AppointmentBulkApi(MutationView):
    permission_classes = [IsStaff]

    @extend_schema(request=AppointmentBulkInput, responses=BulkResultsSerializer)
    def post(self, request):
        data = validate_input(AppointmentBulkInput, request.data)
        return self.mutate(request, lambda: operations.appointments_bulk_for_user(user=request.user, **data))


class CalendarApi(APIView):
    permission_classes = [IsStaff]

    @extend_schema(parameters=[CalendarQuery], responses=CalendarSerializer)
    def get(self, request):
        query = validate_input(CalendarQuery, request.query_params.dict())
        return Response(selectors.calendar(query["from"], query["to"]))


class DashboardApi(APIView):
    permission_classes = [IsStaff]

    @extend_schema(responses=DashboardSerializer)
    def get(self, request):
        return Response(selectors.dashboard_snapshot())


class AppointmentIcsApi(APIView):
    """The appointment as a calendar file, for "Add to calendar" (own appointments, or staff)."""

    @extend_schema(responses={(200, "text/calendar"): OpenApiTypes.STR})
    def get(self, request, pk: int):
        appointment = selectors.appointment_get_for_user(user=request.user, appointment_id=pk)
        response = HttpResponse(appointment_ics(appointment), content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="appointment-{appointment.id}.ics"'
        return response
