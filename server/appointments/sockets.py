"""/appointments: the staff dashboard's live feed (stream `appointments`, joined with
`watch_dashboard`) and the calendar's days (streams `day:<date>`, watched by range with
`watch_days`). A socket gets only what it asked for, until it says it is done
(`unwatch_dashboard`, `unwatch_days`): a calendar tab watching next week receives next
week's changes, not the dashboard's."""
from datetime import date, timedelta

from appointments import operations, selectors
from appointments.serializers import ScheduleUpdateInput, WatchDashboardInput, WatchDaysInput
from common.api import validate_input
from common.idempotency import run_idempotent
from realtime import watermarks
from realtime.handlers import client_event, run_sync
from realtime.namespace import accept, join_stream, leave_stream, register_common
from realtime.publish import stream_current_seq
from realtime.replay import replay_or_resync
from realtime.serializers import ResumeEvent
from realtime.streams import APPOINTMENTS_NAMESPACE, APPOINTMENTS_STREAM, day_stream

NAMESPACE = APPOINTMENTS_NAMESPACE


def snapshot_envelopes() -> list[dict]:
    """The three dashboard values as of the stream's current sequence number."""
    seq = stream_current_seq(APPOINTMENTS_STREAM)
    watermarks.note_synced(APPOINTMENTS_STREAM, seq)
    return [
        {"stream": APPOINTMENTS_STREAM, "seq": seq, "event": event, "op": "snapshot", "data": data, "mutation_id": None}
        for event, data in selectors.dashboard_values().items()
    ]


def watch_answer(days: list[date], after: dict[str, int]) -> dict:
    """Per watched day: the events missed since `after[day]`, or the day as it is now.

    The days without history to replay are read together (one calendar read for the
    whole range, not one per day).
    """
    answers: dict[str, dict] = {}
    for day in days:
        if day.isoformat() in after:
            answer = replay_or_resync(day_stream(day), after[day.isoformat()], snapshot=None)
            if not answer.get("resync"):
                answers[day.isoformat()] = {"date": day.isoformat(), "seq": answer["seq"], "events": answer["events"]}
    fresh = [day for day in days if day.isoformat() not in answers]
    if fresh:
        for snapshot in selectors.calendar(fresh[0], fresh[-1])["days"]:
            if snapshot["date"] not in answers:
                watermarks.note_synced(day_stream(date.fromisoformat(snapshot["date"])), snapshot["seq"])
                answers[snapshot["date"]] = {"date": snapshot["date"], "seq": snapshot["seq"], "appointments": snapshot["appointments"]}
    return {"days": [answers[day.isoformat()] for day in days]}


def readable_by_staff(user, streams: set[str]) -> set[str]:
    """The dashboard's feed and the calendar's days are for staff (a socket whose user stops
    being staff is closed anyway); the session sweep keeps a socket in them while it is."""
    return streams if user.is_staff else set()


def register(server) -> None:
    async def connect(sid, environ, auth=None):
        await accept(server, sid, NAMESPACE, environ, audience="staff")

    server.on("connect", namespace=NAMESPACE)(connect)
    register_common(server, NAMESPACE, can_read_stream=lambda conn, stream: stream == APPOINTMENTS_STREAM or stream.startswith("day:"))

    @client_event(server, NAMESPACE, "watch_dashboard")
    async def watch_dashboard(conn, data):
        """Join the dashboard's stream; its three current values follow as `op: "snapshot"` events."""
        validate_input(WatchDashboardInput, data)
        for envelope in await join_stream(server, conn, APPOINTMENTS_STREAM, snapshot_envelopes):
            await server.emit(envelope["event"], envelope, to=conn.sid, namespace=NAMESPACE)
        return {}

    @client_event(server, NAMESPACE, "unwatch_dashboard")
    async def unwatch_dashboard(conn, data):
        """Leave the dashboard's stream (the page that asked for it is gone; the socket stays for others)."""
        await leave_stream(server, conn, APPOINTMENTS_STREAM)
        return {}

    @client_event(server, NAMESPACE, "resume")
    async def resume(conn, data):
        payload = validate_input(ResumeEvent, data)
        return await run_sync(replay_or_resync, APPOINTMENTS_STREAM, payload["after"], snapshot=selectors.dashboard_snapshot)

    @client_event(server, NAMESPACE, "schedule_update")
    async def schedule_update_event(conn, data):
        payload = dict(validate_input(ScheduleUpdateInput, data))
        mutation_id = payload.pop("mutation_id", None)
        return await run_sync(_run, conn.user, mutation_id, payload)

    @client_event(server, NAMESPACE, "watch_days")
    async def watch_days(conn, data):
        payload = validate_input(WatchDaysInput, data)
        first, last = payload["from"], payload["to"]
        wanted = {day_stream(first + timedelta(days=n)) for n in range((last - first).days + 1)}
        await _leave_days(conn, keep=wanted)
        # Join first, then read: nothing committed in between is missed.
        for stream in wanted - conn.joined_streams:
            await server.enter_room(conn.sid, stream, namespace=NAMESPACE)
            conn.joined_streams.add(stream)
        days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
        return await run_sync(watch_answer, days, payload["after"])

    @client_event(server, NAMESPACE, "unwatch_days")
    async def unwatch_days(conn, data):
        await _leave_days(conn, keep=set())
        return {}

    async def _leave_days(conn, *, keep: set[str]) -> None:
        for stream in [s for s in conn.joined_streams if s.startswith("day:") and s not in keep]:
            await leave_stream(server, conn, stream)


def _run(user, mutation_id, payload: dict) -> dict:
    fn = lambda: operations.schedule_update_for_user(user=user, **payload)  # noqa: E731
    body, _ = run_idempotent(user=user, mutation_id=mutation_id, status=200, fn=fn)
    return body
