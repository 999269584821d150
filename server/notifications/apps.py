from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = "Notifications"

    def ready(self):
        from notifications import metrics, sockets  # noqa: F401  (metrics registers the outbox gauges)
        from realtime import registry

        # Each staff member's own stream (`staff:<id>`), joined on /workflow.
        registry.sockets(sockets.register)
        registry.stream_access("staff", sockets.readable_staff_streams)
        from notifications.serializers import NotificationSerializer

        registry.event_payload("notification", NotificationSerializer)
