"""Shapes of the notification list, as the REST API and the `notification` event show them."""
from rest_framework import serializers

from common.actor import display_name
from notifications.models import Notification


class NotificationActorSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.SerializerMethodField()

    def get_name(self, user) -> str:
        return display_name(user)


class NotificationSerializer(serializers.ModelSerializer):
    actor = NotificationActorSerializer(read_only=True, allow_null=True, help_text="Who caused it; null for the system.")
    url = serializers.CharField(help_text="Where the app opens it, e.g. /board?id=3&card=7.")

    class Meta:
        model = Notification
        fields = ["id", "kind", "text", "url", "actor", "created_at", "read_at"]


class NotificationPageSerializer(serializers.Serializer):
    results = NotificationSerializer(many=True)
    page = serializers.IntegerField()
    has_more = serializers.BooleanField()
    unread = serializers.IntegerField(help_text="How many of all your notifications are unread.")


class NotificationSnapshotSerializer(NotificationPageSerializer):
    seq = serializers.IntegerField(help_text="The sequence number of your stream this page is current at.")


class NotificationPageInput(serializers.Serializer):
    page = serializers.IntegerField(min_value=1, max_value=500, required=False, default=1)


class NotificationReadAllSerializer(serializers.Serializer):
    marked = serializers.IntegerField(help_text="How many were unread and are read now.")
    unread = serializers.IntegerField()


class NotificationPreferencesSerializer(serializers.Serializer):
    email = serializers.BooleanField(help_text="Also send mentions, assignments and due-soon reminders by email.")


class JoinNotificationsEvent(serializers.Serializer):
    after = serializers.IntegerField(min_value=0, required=False, help_text="The last seq applied: replay what came since.")


def notification_data(notification: Notification) -> dict:
    return NotificationSerializer(notification).data
