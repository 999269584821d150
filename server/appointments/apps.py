from django.apps import AppConfig


class AppointmentsConfig(AppConfig):
    name = "appointments"

    def ready(self):
        from appointments import sockets, tasks
        from realtime import registry

        registry.sockets(sockets.register)
        registry.stream_access("day", sockets.readable_by_staff)
        registry.stream_access("appointments", sockets.readable_by_staff)  # the dashboard's stream (no id)
        registry.background(tasks.day_rollover_forever)
        registry.keep_history("appointment")  # an appointment's changes are its history

        from appointments import serializers as shapes

        registry.event_payload("pending_count", shapes.PendingCountSerializer)
        registry.event_payload("today_appointments", shapes.TodayAppointmentsSerializer)
        registry.event_payload("today_schedule", shapes.ScheduleSerializer)
        for event in ("schedule_updated", "appointment_update", "appointment_status"):
            registry.event_payload(event, shapes.AppointmentSerializer)

        # Reminders: the outbox worker runs this every minute (notifications.periodic).
        from appointments import notices
        from notifications import periodic

        periodic.register(notices.reminders_enqueue_due)
