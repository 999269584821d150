"""/appointments: the staff dashboard's live feed (stream `appointments`)."""
from appointments import selectors, services
from appointments.models import Resource
from appointments.serializers import ScheduleUpdateInput, appointment_data
from common.api import get_or_invalid, validate_input
from common.idempotency import run_idempotent
from realtime import watermarks
from realtime.handlers import client_event, run_sync
from realtime.namespace import accept, register_common
from realtime.publish import stream_current_seq
from realtime.replay import replay_or_resync
from realtime.serializers import ResumeEvent
from realtime.streams import APPOINTMENTS_NAMESPACE, APPOINTMENTS_STREAM

NAMESPACE = APPOINTMENTS_NAMESPACE


def snapshot_envelopes() -> list[dict]:
    """The three dashboard values as of the stream's current sequence number."""
    seq = stream_current_seq(APPOINTMENTS_STREAM)
    watermarks.note_synced(APPOINTMENTS_STREAM, seq)
    return [
        {"stream": APPOINTMENTS_STREAM, "seq": seq, "event": event, "op": "snapshot", "data": data, "mutation_id": None}
        for event, data in selectors.dashboard_values().items()
    ]


def schedule_update(user, payload: dict) -> dict:
    """The socket twin of the REST appointment actions: same checks, same services."""
    appointment = selectors.appointment_get_for_user(user=user, appointment_id=payload["appointment_id"])
    action = payload["action"]
    if action == "reschedule":
        resource = get_or_invalid(Resource, payload.get("resource_id"), "resource_id")

        def change():
            return services.appointment_reschedule(appointment=appointment, start=payload["start"], resource=resource)
    else:
        def change():
            return services.APPOINTMENT_ACTIONS[action](appointment=appointment)

    body, _ = run_idempotent(
        user=user, mutation_id=payload.get("mutation_id"), status=200, fn=lambda: appointment_data(change())
    )
    return body


def register(server) -> None:
    async def connect(sid, environ, auth=None):
        await accept(server, sid, NAMESPACE, environ, audience="staff")
        # Join before reading the snapshot, so no change can fall between the two.
        await server.enter_room(sid, APPOINTMENTS_STREAM, namespace=NAMESPACE)
        server.start_background_task(send_snapshot, sid)

    async def send_snapshot(sid):
        for envelope in await run_sync(snapshot_envelopes):
            await server.emit(envelope["event"], envelope, to=sid, namespace=NAMESPACE)

    server.on("connect", namespace=NAMESPACE)(connect)
    register_common(server, NAMESPACE, can_read_stream=lambda conn, stream: stream == APPOINTMENTS_STREAM)

    @client_event(server, NAMESPACE, "resume")
    async def resume(conn, data):
        payload = validate_input(ResumeEvent, data)
        return await run_sync(replay_or_resync, APPOINTMENTS_STREAM, payload["after"], snapshot=selectors.dashboard_snapshot)

    @client_event(server, NAMESPACE, "schedule_update")
    async def schedule_update_event(conn, data):
        payload = validate_input(ScheduleUpdateInput, data)
        return await run_sync(schedule_update, conn.user, payload)
