"""Appointments API: thin views over appointments.services and appointments.selectors."""
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from appointments import selectors, services
from appointments.models import Resource, Service
from appointments.serializers import (
    AppointmentBookInput,
    AppointmentListQuery,
    AppointmentRescheduleInput,
    AppointmentSerializer,
    AvailabilityQuery,
    AvailabilitySerializer,
    ResourceSerializer,
    ServiceSerializer,
    appointment_data,
)
from common import errors
from common.api import MutationView, get_or_invalid, validate_input
from customers.models import Customer


def require_staff(user) -> None:
    if not user.is_staff:
        raise errors.Forbidden("Staff only.")


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
        if request.user.is_staff:
            customer = get_or_invalid(Customer, data.get("customer"), "customer")
            if customer is None:
                raise errors.InvalidInput(fields={"customer": ["Choose the customer to book for."]})
        else:
            customer = getattr(request.user, "customer", None)
            if customer is None:
                raise errors.Forbidden("Only customers and staff can book.")
        service = get_or_invalid(Service, data["service"], "service")
        resource = get_or_invalid(Resource, data.get("resource"), "resource")
        return self.mutate(
            request,
            lambda: services.appointment_book(
                customer=customer, service=service, start=data["start"], resource=resource, notes=data["notes"]
            ),
            status=201,
            serialize=appointment_data,
        )


class AppointmentDetailApi(APIView):
    @extend_schema(responses=AppointmentSerializer)
    def get(self, request, pk: int):
        return Response(appointment_data(selectors.appointment_get_for_user(user=request.user, appointment_id=pk)))


class AppointmentActionApi(MutationView):
    """POST /appointments/{id}/{action}: confirm, cancel, complete, no-show."""

    action_name = ""
    customer_may = False

    @extend_schema(request=None, responses=AppointmentSerializer)
    def post(self, request, pk: int):
        appointment = selectors.appointment_get_for_user(user=request.user, appointment_id=pk)
        if not (request.user.is_staff or self.customer_may):
            raise errors.Forbidden("Staff only.")
        service = services.APPOINTMENT_ACTIONS[self.action_name]
        return self.mutate(request, lambda: service(appointment=appointment), serialize=appointment_data)


class AppointmentRescheduleApi(MutationView):
    @extend_schema(request=AppointmentRescheduleInput, responses=AppointmentSerializer)
    def post(self, request, pk: int):
        require_staff(request.user)
        appointment = selectors.appointment_get_for_user(user=request.user, appointment_id=pk)
        data = validate_input(AppointmentRescheduleInput, request.data)
        resource = get_or_invalid(Resource, data.get("resource"), "resource")
        return self.mutate(
            request,
            lambda: services.appointment_reschedule(appointment=appointment, start=data["start"], resource=resource),
            serialize=appointment_data,
        )


class DashboardApi(APIView):
    @extend_schema(
        responses=inline_serializer(
            "Dashboard",
            {
                "date": serializers.DateField(),
                "pending_count": serializers.IntegerField(),
                "today_appointments": AppointmentSerializer(many=True),
                "today_schedule": serializers.JSONField(),
                "seq": serializers.IntegerField(),
            },
        )
    )
    def get(self, request):
        require_staff(request.user)
        return Response(selectors.dashboard_snapshot())
