"""Socket.IO namespaces: /appointments and /workflow (staff), /customer (customers)."""
from realtime.namespaces import appointments, customer, workflow

_registered = False


def register(server) -> None:
    global _registered
    if _registered:
        return
    appointments.register(server)
    workflow.register(server)
    customer.register(server)
    _registered = True
