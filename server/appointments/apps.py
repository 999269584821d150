from django.apps import AppConfig


class AppointmentsConfig(AppConfig):
    name = "appointments"

    def ready(self):
        from appointments import sockets, tasks
        from realtime import registry

        registry.sockets(sockets.register)
        registry.stream_access("day", sockets.readable_day_streams)
        registry.background(tasks.day_rollover_forever)
        registry.keep_history("appointment")  # an appointment's changes are its history

        # Reminders: the outbox worker runs this every minute (notifications.periodic).
        from appointments import notices
        from notifications import periodic

        periodic.register(notices.reminders_enqueue_due)
