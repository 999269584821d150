from django.apps import AppConfig


class CustomersConfig(AppConfig):
    name = "customers"

    def ready(self):
        from customers import sockets
        from realtime import registry

        registry.sockets(sockets.register)
