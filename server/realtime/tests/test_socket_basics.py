"""Socket.IO against the real server process: auth, snapshots, events, rooms, bad input."""
import asyncio

import pytest
import socketio

from appointments.models import Appointment
from testing import factories
from testing.live import login_as
from testing.sockets import close, connect
from workflow.models import Card

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.server_process]


def test_refused_without_login(server_process):
    async def scenario():
        for namespace in ("/appointments", "/workflow", "/customer"):
            with pytest.raises(socketio.exceptions.ConnectionError):
                await connect(server_process.url, namespace)

    asyncio.run(scenario())


def test_customer_refused_on_staff_namespaces(server_process):
    customer = factories.customer()
    session = login_as(server_process, customer.user)

    async def scenario():
        for namespace in ("/appointments", "/workflow"):
            with pytest.raises(socketio.exceptions.ConnectionError):
                await connect(server_process.url, namespace, cookie=session.cookie_header)
        client, _ = await connect(server_process.url, "/customer", cookie=session.cookie_header)
        await close(client)

    asyncio.run(scenario())


def test_dashboard_snapshot_when_watched_and_live_updates(server_process):
    factories.open_every_day()
    staff = factories.staff()
    customer = factories.customer()
    service = factories.service(resources=[factories.resource()])
    today_appointment = factories.appointment(customer_=customer, service_=service, day=factories.future_day(0), at=__import__("datetime").time(16, 30))
    staff_session = login_as(server_process, staff)
    customer_session = login_as(server_process, customer.user)
    day = factories.future_day(1)

    async def scenario():
        client, events = await connect(server_process.url, "/appointments", cookie=staff_session.cookie_header)
        watched = await client.call("watch_dashboard", {}, namespace="/appointments")
        assert watched == {"ok": True, "data": {}}
        # The three current values come with it.
        for name in ("pending_count", "today_appointments", "today_schedule"):
            [snapshot] = await events.wait_event(name)
            assert snapshot["op"] == "snapshot"
        assert events.named("pending_count")[0]["data"]["count"] == 1
        assert [a["id"] for a in events.named("today_appointments")[0]["data"]["appointments"]] == [today_appointment.id]

        slots = customer_session.get(f"/api/availability?service={service.id}&date={day}").json()["slots"]
        booked = customer_session.post("/api/appointments", {"service": service.id, "start": slots[0]["start"]})
        assert booked.status_code == 201, booked.text
        [changed] = await events.wait_event("schedule_updated")
        assert changed["data"]["id"] == booked.json()["id"]
        assert changed["op"] == "created"
        counts = await events.wait_event("pending_count", 2)
        assert counts[-1]["data"]["count"] == 2
        # One sequence, one step per event, in order.
        seqs = [data["seq"] for name, data in events.events if data.get("op") != "snapshot"]
        assert seqs == list(range(seqs[0], seqs[0] + len(seqs)))

        # Confirming today's appointment over the socket changes today's list for everyone.
        answer = await client.call(
            "schedule_update", {"action": "confirm", "appointment_id": today_appointment.id}, namespace="/appointments"
        )
        assert answer["ok"], answer
        assert answer["data"]["status"] == "confirmed"
        lists = await events.wait_event("today_appointments", 2)
        confirmed_seq = lists[-1]["seq"]
        await events.wait_for(lambda evs: any(n == "today_schedule" and d["seq"] > confirmed_seq for n, d in evs))
        # Events arrive in order, so everything before the confirmation is here: the
        # booking for tomorrow left today's list and schedule alone.
        assert len(events.named("today_schedule")) == len(events.named("today_appointments")) == 2
        assert lists[-1]["data"]["appointments"][0]["status"] == "confirmed"
        await close(client)

    asyncio.run(scenario())


def test_a_socket_that_unwatches_the_dashboard_gets_no_more_of_it(server_process):
    """The dashboard page closes, the tab's socket stays (the calendar uses it): the feed stops."""
    factories.open_every_day()
    staff = login_as(server_process, factories.staff())
    customer = factories.customer()
    service = factories.service(resources=[factories.resource()])
    day = factories.future_day(2)

    async def scenario():
        client, events = await connect(server_process.url, "/appointments", cookie=staff.cookie_header)
        assert (await client.call("watch_dashboard", {}, namespace="/appointments"))["ok"]
        assert await client.call("unwatch_dashboard", {}, namespace="/appointments") == {"ok": True, "data": {}}
        assert (await client.call("watch_days", {"from": str(day), "to": str(day)}, namespace="/appointments"))["ok"]
        slots = staff.get(f"/api/availability?service={service.id}&date={day}").json()["slots"]
        booked = await asyncio.to_thread(
            staff.post, "/api/appointments", {"service": service.id, "start": slots[0]["start"], "customer": customer.id}
        )
        assert booked.status_code == 201, booked.text
        # The day's event is published after the dashboard's, and a socket's events keep their order.
        await events.wait_event("appointment_update")
        await close(client)
        return [name for name, data in events.events if data.get("op") != "snapshot"]

    assert asyncio.run(scenario()) == ["appointment_update"]


def test_board_events_reach_room_members_only(server_process):
    alice, bob, carol = factories.staff(), factories.staff(), factories.staff()
    board = factories.board(members=[alice, bob])
    other_board = factories.board(members=[carol])
    sessions = {user.id: login_as(server_process, user) for user in (alice, bob, carol)}
    todo, doing, _ = board.columns.order_by("position")

    async def scenario():
        a, a_events = await connect(server_process.url, "/workflow", cookie=sessions[alice.id].cookie_header)
        b, b_events = await connect(server_process.url, "/workflow", cookie=sessions[bob.id].cookie_header)
        c, c_events = await connect(server_process.url, "/workflow", cookie=sessions[carol.id].cookie_header)
        joined = await a.call("join_board", {"board_id": board.id}, namespace="/workflow")
        assert joined["ok"] and [col["name"] for col in joined["data"]["snapshot"]["columns"]] == ["To do", "Doing", "Done"]
        assert (await b.call("join_board", {"board_id": board.id}, namespace="/workflow"))["ok"]
        assert (await c.call("join_board", {"board_id": other_board.id}, namespace="/workflow"))["ok"]
        # Carol is not a member: the board does not exist for her.
        refused = await c.call("join_board", {"board_id": board.id}, namespace="/workflow")
        assert refused == {"ok": False, "error": {"code": "not_found", "message": "No such board."}}

        created = sessions[alice.id].post("/api/cards", {"column_id": todo.id, "title": "Fix the till"})
        assert created.status_code == 201
        card_id = created.json()["id"]
        for events in (a_events, b_events):
            [event] = await events.wait_event("card_update")
            assert event["data"]["title"] == "Fix the till" and event["op"] == "created"

        # Bob moves it over the socket; Alice sees it; both get the same event.
        moved = await b.call("card_move", {"card_id": card_id, "column_id": doing.id, "index": 0}, namespace="/workflow")
        assert moved["ok"] and moved["data"]["column_id"] == doing.id
        for events in (a_events, b_events):
            [event] = await events.wait_event("card_move")
            assert event["data"]["column_id"] == doing.id

        # Each remaining event type, from REST.
        label = sessions[alice.id].post(f"/api/boards/{board.id}/labels", {"name": "Urgent", "color": "#ff0000"}).json()
        sessions[alice.id].post(f"/api/cards/{card_id}/comments", {"text": "On it"})
        sessions[alice.id].patch(f"/api/columns/{todo.id}", {"name": "Backlog"})
        sessions[alice.id].patch(f"/api/boards/{board.id}", {"name": "Shop jobs"})
        for events in (a_events, b_events):
            assert (await events.wait_event("label_update"))[0]["data"]["id"] == label["id"]
            assert (await events.wait_event("comment_update"))[0]["data"]["text"] == "On it"
            assert (await events.wait_event("column_update"))[0]["data"]["name"] == "Backlog"
            assert (await events.wait_event("board_update"))[0]["data"]["name"] == "Shop jobs"
        # Carol, in another board's room, got none of it.
        sessions[carol.id].post(f"/api/boards/{other_board.id}/labels", {"name": "Mine", "color": "#00ff00"})
        [own] = await c_events.wait_event("label_update")
        assert own["data"]["name"] == "Mine"
        assert [name for name, _ in c_events.events] == ["label_update"]
        for client in (a, b, c):
            await close(client)

    asyncio.run(scenario())


def test_bad_socket_input_is_answered_and_changes_nothing(server_process):
    staff = factories.staff()
    board = factories.board(members=[staff])
    todo = board.columns.first()
    card = Card.objects.get(pk=__import__("workflow.services", fromlist=["x"]).card_create(column=todo, title="Keep me").pk)
    session = login_as(server_process, staff)

    async def scenario():
        client, events = await connect(server_process.url, "/workflow", cookie=session.cookie_header)
        bad_payloads = [
            None, "text", 42, [], {}, {"card_id": "x", "column_id": todo.id, "index": 0},
            {"card_id": card.id, "column_id": todo.id, "index": -1},
            {"card_id": 10**9, "column_id": todo.id, "index": 0},
            {"card_id": card.id, "column_id": 10**9, "index": 0},
        ]
        for payload in bad_payloads:
            answer = await client.call("card_move", payload, namespace="/workflow")
            assert answer["ok"] is False and answer["error"]["code"] in {"invalid", "not_found"}, (payload, answer)
        unknown = await client.call("drop_tables", {"x": 1}, namespace="/workflow")
        assert unknown["ok"] is False and unknown["error"]["code"] == "unknown_event"
        # Without an ack the error comes back as an `error` event.
        await client.emit("card_move", {"card_id": "x"}, namespace="/workflow")
        [error] = await events.wait_event("error")
        assert error["code"] == "invalid" and error["event"] == "card_move"
        # Still connected and working.
        assert (await client.call("join_board", {"board_id": board.id}, namespace="/workflow"))["ok"]
        await close(client)

    asyncio.run(scenario())
    card.refresh_from_db()
    assert (card.column_id, card.version, card.title) == (todo.id, 1, "Keep me")
    assert Appointment.objects.count() == 0


@pytest.mark.parametrize("asgi_server", ["uvicorn", "granian"])
def test_the_server_log_honours_log_level(django_db_setup, settings, asgi_server):
    from testing.live import ServerProcess, database_url

    server = ServerProcess(database_url(settings.DATABASES["default"]), env={"LOG_LEVEL": "WARNING"}, asgi_server=asgi_server).start()
    try:
        staff = login_as(server, factories.staff())

        async def scenario():
            for _ in range(3):
                client, _ = await connect(server.url, "/workflow", cookie=staff.cookie_header)
                await close(client)

        asyncio.run(scenario())
        server.stop()
        log = server.output()
    finally:
        server.stop()
        server.remove_log()
    assert " INFO " not in log and "connection open" not in log, log
