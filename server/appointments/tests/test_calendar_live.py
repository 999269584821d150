"""The staff calendar live, against the real server process: each socket gets the days it
watches and nothing else, moves between days arrive on both, and a rejoin replays."""
import asyncio
from datetime import time, timedelta

import pytest

from testing import factories
from testing.live import login_as
from testing.sockets import close, connect

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.server_process]


def at(day, hour) -> str:
    return factories.instant(day, time(hour)).isoformat()


def day_events(recorder, day) -> list[dict]:
    return [e for e in recorder.named("appointment_update") if e["stream"] == f"day:{day}"]


def test_each_calendar_gets_only_the_days_it_watches(server_process):
    factories.open_every_day()
    chairs = [factories.resource(), factories.resource()]
    haircut = factories.service(resources=chairs)
    this_week = factories.future_day(7)
    next_week = this_week + timedelta(days=7)
    staff = login_as(server_process, factories.staff(first_name="Sam"))
    customer = factories.customer()
    existing = factories.appointment(customer_=customer, service_=haircut, resource_=chairs[0], day=this_week)

    async def scenario():
        alex, alex_events = await connect(server_process.url, "/appointments", cookie=staff.cookie_header)
        jo, jo_events = await connect(server_process.url, "/appointments", cookie=staff.cookie_header)
        watched = await alex.call("watch_days", {"from": str(this_week), "to": str(this_week + timedelta(days=6))}, namespace="/appointments")
        assert watched["ok"], watched
        first_day = watched["data"]["days"][0]
        assert [a["id"] for a in first_day["appointments"]] == [existing.id]
        assert (await jo.call("watch_days", {"from": str(next_week), "to": str(next_week + timedelta(days=6))}, namespace="/appointments"))["ok"]

        # A booking this week reaches the calendar watching this week, not next week's.
        booked = await asyncio.to_thread(
            staff.post, "/api/appointments", {"service": haircut.id, "start": at(this_week, 14), "customer": customer.id}
        )
        assert booked.status_code == 201, booked.text
        [created] = await alex_events.wait_for(lambda evs: day_events(alex_events, this_week) or None)
        assert (created["op"], created["data"]["id"], created["actor"]["name"]) == ("created", booked.json()["id"], "Sam")

        # Moved to next week: it leaves this week's day and joins next week's.
        moved = await asyncio.to_thread(
            staff.post, f"/api/appointments/{existing.id}/reschedule",
            {"start": at(next_week, 10), "expected_version": existing.version},
        )
        assert moved.status_code == 200, moved.text
        await alex_events.wait_for(lambda evs: any(e["op"] == "deleted" for e in day_events(alex_events, this_week)))
        [arrived] = await jo_events.wait_for(lambda evs: day_events(jo_events, next_week) or None)
        assert (arrived["data"]["id"], arrived["data"]["version"]) == (existing.id, existing.version + 1)
        jo_saw = {e["stream"] for e in jo_events.named("appointment_update")}
        assert jo_saw == {f"day:{next_week}"}, "next week's calendar got nothing of this week"
        # Nor any of the dashboard's feed, which the calendar never asked for.
        assert {name for name, _ in alex_events.events + jo_events.events} == {"appointment_update"}

        # Rejoining with the seq it had, a calendar gets exactly what it missed.
        seq = first_day["seq"]
        again = await alex.call(
            "watch_days", {"from": str(this_week), "to": str(this_week), "after": {str(this_week): seq}}, namespace="/appointments"
        )
        [replayed] = again["data"]["days"]
        assert [(e["op"], e["seq"]) for e in replayed["events"]] == [("created", seq + 1), ("deleted", seq + 2)]
        for client in (alex, jo):
            await close(client)

    asyncio.run(scenario())


def test_watching_is_bounded_and_for_staff(server_process):
    staff = login_as(server_process, factories.staff())
    day = factories.future_day(3)

    async def scenario():
        client, _ = await connect(server_process.url, "/appointments", cookie=staff.cookie_header)
        too_long = await client.call("watch_days", {"from": str(day), "to": str(day + timedelta(days=40))}, namespace="/appointments")
        backwards = await client.call("watch_days", {"from": str(day), "to": str(day - timedelta(days=1))}, namespace="/appointments")
        fetched = await client.call("fetch_events", {"stream": f"day:{day}", "after": 0}, namespace="/appointments")
        await close(client)
        return too_long, backwards, fetched

    too_long, backwards, fetched = asyncio.run(scenario())
    assert too_long["error"]["code"] == backwards["error"]["code"] == "invalid"
    assert fetched["ok"] and fetched["data"]["events"] == []


@pytest.mark.django_db
def test_the_session_sweep_keeps_staff_in_the_dashboard_and_days_they_watch():
    """The sweep takes a socket out of the streams its user may no longer read, and only those."""
    from realtime.connections import Connection
    from realtime.sessions import streams_to_leave

    def watching(user) -> Connection:
        return Connection(sid=f"s{user.id}", namespace="/appointments", user_id=user.id, customer_id=None, session_key="",
                          auth_hash="", user=user, joined_streams={"appointments", "day:2026-12-10"})

    staff, former = factories.staff(), factories.staff()
    former.is_staff = False
    assert streams_to_leave([watching(staff)]) == []
    assert sorted(stream for _, stream in streams_to_leave([watching(former)])) == ["appointments", "day:2026-12-10"]
