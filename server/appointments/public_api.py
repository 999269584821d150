"""Public, read-only endpoints for the customer's booking page: business settings and
the month calendar of free days (appointments.availability)."""
import re
from datetime import date

from django.conf import settings
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from appointments import availability, selectors
from appointments.models import Resource, Service
from appointments.serializers import SlotSerializer, realistic_year
from common import errors
from common.api import validate_input

MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")


def business_settings() -> dict:
    return {
        "name": getattr(settings, "BUSINESS_NAME", "Front desk"),
        # The zone `appointments.hours` lays the slots out in (env BUSINESS_TIME_ZONE).
        "time_zone": settings.TIME_ZONE,
        "currency": getattr(settings, "BUSINESS_CURRENCY", "GBP"),
        "locale": getattr(settings, "BUSINESS_LOCALE", "en-GB"),
        "slot_minutes": settings.SLOT_MINUTES,
        "cancellation_notice_hours": getattr(settings, "CANCELLATION_NOTICE_HOURS", 24),
        "reminder_hours": getattr(settings, "REMINDER_HOURS", 24),
    }


class BusinessSerializer(serializers.Serializer):
    name = serializers.CharField()
    time_zone = serializers.CharField(help_text="IANA zone of opening hours and slots, e.g. Europe/London.")
    currency = serializers.CharField(help_text="ISO 4217 code of prices, e.g. GBP.")
    locale = serializers.CharField(help_text="BCP 47 locale to format prices and dates with, e.g. en-GB.")
    slot_minutes = serializers.IntegerField()
    cancellation_notice_hours = serializers.IntegerField(
        help_text="Customers may cancel or reschedule until this many hours before the start."
    )
    reminder_hours = serializers.IntegerField()


class MonthField(serializers.CharField):
    """YYYY-MM, turned into the first day of that month."""

    def to_internal_value(self, data):
        text = super().to_internal_value(data)
        match = MONTH_RE.match(text)
        if not match or not 1 <= int(match.group(2)) <= 12:
            raise serializers.ValidationError("Use the format YYYY-MM.")
        month = date(int(match.group(1)), int(match.group(2)), 1)
        realistic_year(month)
        return month

    def to_representation(self, value):
        return value.strftime("%Y-%m") if isinstance(value, date) else value


class NextAvailableQuery(serializers.Serializer):
    service = serializers.IntegerField(min_value=1)
    resource = serializers.IntegerField(
        min_value=1, required=False, allow_null=True, help_text="Only times this resource (one that offers the service) is free."
    )


class AvailabilityDaysQuery(NextAvailableQuery):
    month = MonthField(help_text="YYYY-MM")


class AvailabilityDaySerializer(serializers.Serializer):
    date = serializers.DateField()
    open = serializers.BooleanField(help_text="False: closed that day (no opening hours, or a closed day).")
    available = serializers.BooleanField(help_text="At least one free slot that starts in the future.")


class AvailabilityDaysSerializer(serializers.Serializer):
    month = MonthField()
    service = serializers.IntegerField()
    days = AvailabilityDaySerializer(many=True)


def service_and_resource(query: dict) -> tuple[Service, Resource | None]:
    """The active service and (optionally) one of the resources that offer it, or field errors."""
    service = Service.objects.filter(pk=query["service"], active=True).first()
    if service is None:
        raise errors.InvalidInput(fields={"service": ["No such service."]})
    resource_id = query.get("resource")
    if resource_id is None:
        return service, None
    resource = next((r for r in selectors.service_resources(service) if r.id == resource_id), None)
    if resource is None:
        if Resource.objects.filter(pk=resource_id, active=True).exists():
            raise errors.InvalidInput(fields={"resource": ["This resource does not offer the service."]})
        raise errors.InvalidInput(fields={"resource": ["No such resource."]})
    return service, resource


class BusinessApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(responses=BusinessSerializer, summary="How the business presents times and prices")
    def get(self, request):
        return Response(BusinessSerializer(business_settings()).data)


class AvailabilityDaysApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        parameters=[AvailabilityDaysQuery],
        responses=AvailabilityDaysSerializer,
        summary="Which days of a month are open and have free times",
    )
    def get(self, request):
        query = validate_input(AvailabilityDaysQuery, request.query_params.dict())
        service, resource = service_and_resource(query)
        days = availability.days_with_availability(service=service, month=query["month"], resource=resource)
        return Response(AvailabilityDaysSerializer({"month": query["month"], "service": service.id, "days": days}).data)


class NextAvailableApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        parameters=[NextAvailableQuery],
        responses={200: SlotSerializer, 404: OpenApiResponse(description="not_found: nothing free in the next 90 days")},
        summary="The first free time for a service",
    )
    def get(self, request):
        query = validate_input(NextAvailableQuery, request.query_params.dict())
        service, resource = service_and_resource(query)
        slot = availability.next_available(service=service, resource=resource)
        if slot is None:
            raise errors.NotFound("Nothing is free in the next 90 days.")
        return Response(SlotSerializer(slot).data)
