from django.apps import AppConfig


class AppointmentsConfig(AppConfig):
    name = "appointments"

    def ready(self):
        from appointments import sockets, tasks
        from realtime import registry

        registry.sockets(sockets.register)
        registry.background(tasks.day_rollover_forever)
