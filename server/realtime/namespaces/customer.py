"""/customer: a customer's own appointments, live (stream `customer:<id>`), nothing else."""
from common import errors
from common.api import validate_input
from realtime.handlers import client_event, run_sync
from realtime.namespaces.common import accept, register_common
from realtime.replay import events_after
from realtime.serializers import ResumeEvent
from realtime.streams import CUSTOMER_NAMESPACE, customer_stream

NAMESPACE = CUSTOMER_NAMESPACE


def register(server) -> None:
    async def connect(sid, environ, auth=None):
        conn = await accept(server, sid, NAMESPACE, environ, audience="customer")
        await server.enter_room(sid, customer_stream(conn.customer_id), namespace=NAMESPACE)

    server.on("connect", namespace=NAMESPACE)(connect)
    register_common(server, NAMESPACE, can_read_stream=lambda conn, stream: stream == customer_stream(conn.customer_id))

    @client_event(server, NAMESPACE, "resume")
    async def resume(conn, data):
        payload = validate_input(ResumeEvent, data)
        try:
            return {"events": await run_sync(events_after, customer_stream(conn.customer_id), payload["after"])}
        except errors.ResyncRequired:
            return {"resync": True}
