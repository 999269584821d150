"""/customer: a customer's own appointments, live (stream `customer:<id>`), nothing else."""
from common.api import validate_input
from realtime import watermarks
from realtime.handlers import client_event, run_sync
from realtime.namespace import accept, register_common
from realtime.publish import stream_current_seq
from realtime.replay import replay_or_resync
from realtime.serializers import ResumeEvent
from realtime.streams import CUSTOMER_NAMESPACE, customer_stream

NAMESPACE = CUSTOMER_NAMESPACE


def register(server) -> None:
    async def connect(sid, environ, auth=None):
        conn = await accept(server, sid, NAMESPACE, environ, audience="customer")
        stream = customer_stream(conn.customer_id)
        await server.enter_room(sid, stream, namespace=NAMESPACE)
        server.start_background_task(note_synced, stream)

    async def note_synced(stream):
        watermarks.note_synced(stream, await run_sync(stream_current_seq, stream))

    server.on("connect", namespace=NAMESPACE)(connect)
    register_common(
        server, NAMESPACE,
        can_read_stream=lambda conn, stream: conn.customer_id is not None and stream == customer_stream(conn.customer_id),
    )

    @client_event(server, NAMESPACE, "resume")
    async def resume(conn, data):
        payload = validate_input(ResumeEvent, data)
        # No snapshot of its own: on a resync the page reloads the customer's appointments.
        return await run_sync(replay_or_resync, customer_stream(conn.customer_id), payload["after"], snapshot=None)
