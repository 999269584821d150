"""Your notifications over REST: the list, marking read, and whether to email you. Only your own."""
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from common.api import IsStaff, MutationView, validate_input
from notifications import operations, selectors
from notifications.serializers import (
    NotificationPageInput,
    NotificationPageSerializer,
    NotificationPreferencesSerializer,
    NotificationReadAllSerializer,
    NotificationSerializer,
)


class StaffView(MutationView):
    permission_classes = [IsStaff]


class NotificationListApi(StaffView):
    @extend_schema(parameters=[NotificationPageInput], responses=NotificationPageSerializer)
    def get(self, request):
        query = validate_input(NotificationPageInput, request.query_params.dict())
        return Response(selectors.notifications_page_for_user(request.user, **query))


class NotificationReadApi(StaffView):
    @extend_schema(request=None, responses=NotificationSerializer)
    def post(self, request, pk: int):
        return self.mutate(request, lambda: operations.notification_read_for_user(user=request.user, notification_id=pk))


class NotificationReadAllApi(StaffView):
    @extend_schema(request=None, responses=NotificationReadAllSerializer)
    def post(self, request):
        return self.mutate(request, lambda: operations.notifications_read_all_for_user(user=request.user))


class NotificationPreferencesApi(StaffView):
    @extend_schema(responses=NotificationPreferencesSerializer)
    def get(self, request):
        return Response(operations.preferences_for_user(user=request.user))

    @extend_schema(request=NotificationPreferencesSerializer, responses=NotificationPreferencesSerializer)
    def patch(self, request):
        data = validate_input(NotificationPreferencesSerializer, request.data)
        return self.mutate(request, lambda: operations.preferences_update_for_user(user=request.user, **data))
