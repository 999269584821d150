"""Trying to break the real-time rules against the real server process (README: Security)."""
import asyncio
import json
import random

import aiohttp
import pytest
import requests

from appointments.models import Appointment
from testing import factories
from testing.live import login_as
from testing.sockets import close, connect, refusal
from workflow import services as workflow
from workflow.models import Card

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.server_process]


def test_wrong_origin_is_refused(server_process):
    staff = factories.staff()
    session = login_as(server_process, staff)

    async def scenario():
        refused = await refusal(server_process.url, "/workflow", session.cookie_header, origin="https://evil.example")
        assert not isinstance(refused, dict), "refused before any namespace was reached"
        # The same cookie from the right origin works.
        client, _ = await connect(server_process.url, "/workflow", cookie=session.cookie_header)
        await close(client)

    asyncio.run(scenario())
    handshake = requests.get(
        f"{server_process.url}/socket.io/?EIO=4&transport=polling",
        headers={"Origin": "https://evil.example", "Cookie": session.cookie_header}, timeout=5,
    )
    assert handshake.status_code in (400, 403)
    assert "origin" in handshake.text.lower()


def test_refusals_say_why(server_process):
    customer = factories.customer()
    customer_session = login_as(server_process, customer.user)
    staff_session = login_as(server_process, factories.staff())

    async def scenario():
        for namespace in ("/appointments", "/workflow", "/customer"):
            assert (await refusal(server_process.url, namespace))["data"]["code"] == "not_authenticated"
        for namespace in ("/appointments", "/workflow"):
            assert (await refusal(server_process.url, namespace, customer_session.cookie_header))["data"]["code"] == "forbidden"
        assert (await refusal(server_process.url, "/customer", staff_session.cookie_header))["data"]["code"] == "forbidden"
        forged = "sessionid=not-a-real-session-key"
        assert (await refusal(server_process.url, "/workflow", forged))["data"]["code"] == "not_authenticated"

    asyncio.run(scenario())


def test_non_member_cannot_join_read_or_change_a_board(server_process):
    member, outsider = factories.staff(), factories.staff()
    board = factories.board(members=[member])
    card = workflow.card_create(column=board.columns.first(), title="Private")
    session = login_as(server_process, outsider)

    async def scenario():
        client, events = await connect(server_process.url, "/workflow", cookie=session.cookie_header)
        answers = [
            await client.call("join_board", {"board_id": board.id}, namespace="/workflow"),
            await client.call("fetch_events", {"stream": f"board:{board.id}", "after": 0}, namespace="/workflow"),
            await client.call("card_move", {"card_id": card.id, "column_id": card.column_id, "index": 0}, namespace="/workflow"),
            await client.call("card_update", {"card_id": card.id, "title": "Mine now"}, namespace="/workflow"),
            await client.call("comment_create", {"card_id": card.id, "text": "hi"}, namespace="/workflow"),
            await client.call("card_create", {"column_id": card.column_id, "title": "Sneaky"}, namespace="/workflow"),
        ]
        await close(client)
        return answers

    answers = asyncio.run(scenario())
    assert all(not answer["ok"] for answer in answers), answers
    assert {answer["error"]["code"] for answer in answers} <= {"not_found", "invalid"}
    card.refresh_from_db()
    assert (card.title, card.version) == ("Private", 1)
    assert Card.objects.filter(board=board).count() == 1
    assert session.get(f"/api/boards/{board.id}").status_code == 404


def test_customers_get_only_their_own_appointment_stream(server_process):
    factories.open_every_day()
    staff = factories.staff()
    mine, theirs = factories.customer(), factories.customer()
    appointment = factories.appointment(customer_=mine)
    their_appointment = factories.appointment(customer_=theirs, service_=appointment.service, resource_=appointment.resource, at=__import__("datetime").time(14))
    staff_session = login_as(server_process, staff)
    mine_session, theirs_session = login_as(server_process, mine.user), login_as(server_process, theirs.user)

    async def scenario():
        me, my_events = await connect(server_process.url, "/customer", cookie=mine_session.cookie_header)
        other, other_events = await connect(server_process.url, "/customer", cookie=theirs_session.cookie_header)
        confirmed = await asyncio.to_thread(staff_session.post, f"/api/appointments/{appointment.id}/confirm")
        assert confirmed.status_code == 200
        [status] = await my_events.wait_event("appointment_status")
        peek = await other.call("fetch_events", {"stream": f"customer:{mine.id}", "after": 0}, namespace="/customer")
        # A change of their own arrives after mine: their socket works and got only that.
        await asyncio.to_thread(staff_session.post, f"/api/appointments/{their_appointment.id}/cancel")
        await other_events.wait_event("appointment_status")
        await close(me)
        await close(other)
        return status, peek, other_events.events

    status, peek, other_events = asyncio.run(scenario())
    assert status["data"]["id"] == appointment.id and status["data"]["status"] == "confirmed"
    assert peek["ok"] is False and peek["error"]["code"] == "not_found"
    assert [(name, data["data"]["id"]) for name, data in other_events] == [("appointment_status", their_appointment.id)]


@pytest.mark.parametrize("how", ["logout", "password_change", "deactivate"])
def test_ended_sessions_close_open_sockets_and_cannot_reconnect(server_process, how):
    from django.contrib.auth import get_user_model

    staff = factories.staff()
    session = login_as(server_process, staff)
    cookie = session.cookie_header

    def end_session():
        if how == "logout":
            assert session.post("/api/auth/logout").status_code == 204
        elif how == "password_change":
            other = login_as(server_process, staff)  # changed from another device
            response = other.post("/api/auth/password", {"current_password": factories.PASSWORD, "new_password": "a-brand-new-passphrase-7"})
            assert response.status_code == 200, response.text
        else:
            get_user_model().objects.filter(pk=staff.pk).update(is_active=False)

    async def scenario():
        client, _ = await connect(server_process.url, "/workflow", cookie=cookie)
        closed = asyncio.Event()
        client.on("disconnect", lambda *args: closed.set(), namespace="/workflow")
        await asyncio.to_thread(end_session)
        await asyncio.wait_for(closed.wait(), timeout=6)  # the sweep runs every 2 s
        await client.eio.http.close()
        return await refusal(server_process.url, "/workflow", cookie)

    again = asyncio.run(scenario())
    assert again["data"]["code"] == "not_authenticated"


def test_oversize_event_is_refused_and_nothing_changes(server_process):
    staff = factories.staff()
    board = factories.board(members=[staff])
    column = board.columns.first()
    session = login_as(server_process, staff)

    async def scenario():
        client, _ = await connect(server_process.url, "/workflow", cookie=session.cookie_header)
        closed = asyncio.Event()
        client.on("disconnect", lambda *args: closed.set(), namespace="/workflow")
        await client.emit("card_create", {"column_id": column.id, "title": "x" * 200_000}, namespace="/workflow")
        await asyncio.wait_for(closed.wait(), timeout=5)
        await client.eio.http.close()

    asyncio.run(scenario())
    assert requests.get(f"{server_process.url}/healthz", timeout=5).status_code == 200
    assert not Card.objects.filter(board=board).exists()


def test_event_flood_gets_rate_limited_answers(server_process):
    staff = factories.staff()
    board = factories.board(members=[staff])
    session = login_as(server_process, staff)

    async def scenario():
        client, events = await connect(server_process.url, "/workflow", cookie=session.cookie_header)
        answers = await asyncio.gather(
            *(client.call("leave_board", {"board_id": board.id}, namespace="/workflow", timeout=10) for _ in range(120))
        )
        # Without acks the refusals come back as `error` events.
        for _ in range(60):
            await client.emit("leave_board", {"board_id": board.id}, namespace="/workflow")
        await events.wait_for(lambda evs: any(d.get("code") == "rate_limited" for n, d in evs if n == "error"))
        connected = client.connected
        await close(client)
        return answers, connected

    answers, connected = asyncio.run(scenario())
    codes = [answer["error"]["code"] for answer in answers if not answer["ok"]]
    assert 0 < len(codes) < len(answers)
    assert set(codes) == {"rate_limited"}
    assert connected, "a flood is answered, not punished by a dropped connection"


def test_malformed_frames_never_take_the_server_down(server_process):
    """A bounded fuzz run: garbage Engine.IO/Socket.IO frames from an authenticated socket."""
    staff = factories.staff()
    board = factories.board(members=[staff])
    column = board.columns.first()
    attacker = login_as(server_process, staff)
    bystander = login_as(server_process, staff)
    rng = random.Random(1234)
    atoms = ['"', "{", "}", "[", "]", ",", ":", "null", "1e999", "-0", '"\\u0000"', "42", "/workflow", "/nope", "ñ", "\x00", " "]

    def garbage() -> str:
        prefix = rng.choice(["4", "42", "43", "45", "40", "41", "44", "2", "3", "6", "9", "4/workflow,", "42/workflow,", "42/workflow,17", ""])
        body = "".join(rng.choice(atoms) for _ in range(rng.randint(0, 30)))
        if rng.random() < 0.3:
            body = json.dumps([rng.choice(["card_move", "join_board", "x" * 100, 7, None]), rng.choice([{}, [], "s", 10**30, {"card_id": [1]}])])
        return prefix + body

    async def fuzz():
        headers = {"Cookie": attacker.cookie_header, "Origin": server_process.url}
        ws_url = server_process.url.replace("http", "ws") + "/socket.io/?EIO=4&transport=websocket"
        sent = 0
        async with aiohttp.ClientSession() as http:
            for _ in range(20):  # bounded: 20 connections x 30 frames
                try:
                    async with http.ws_connect(ws_url, headers=headers, timeout=aiohttp.ClientWSTimeout(ws_close=2)) as ws:
                        await ws.receive(timeout=2)  # the Engine.IO open packet
                        await ws.send_str("40/workflow,")
                        for _ in range(30):
                            if ws.closed:
                                break
                            if rng.random() < 0.1:
                                await ws.send_bytes(rng.randbytes(rng.randint(1, 64)))
                            else:
                                await ws.send_str(garbage())
                            sent += 1
                except (TimeoutError, aiohttp.ClientError, ConnectionError):
                    continue
        return sent

    async def scenario():
        watcher, events = await connect(server_process.url, "/workflow", cookie=bystander.cookie_header)
        assert (await watcher.call("join_board", {"board_id": board.id}, namespace="/workflow"))["ok"]
        sent = await asyncio.wait_for(fuzz(), timeout=60)
        assert (await asyncio.to_thread(requests.get, f"{server_process.url}/healthz", timeout=5)).status_code == 200
        created = await asyncio.to_thread(bystander.post, "/api/cards", {"column_id": column.id, "title": "Still live"})
        assert created.status_code == 201
        [event] = await events.wait_event("card_update")
        await close(watcher)
        return sent, event

    sent, event = asyncio.run(scenario())
    assert sent > 100
    assert event["data"]["title"] == "Still live"
    assert Appointment.objects.count() == 0


def test_losing_staff_role_or_board_membership_ends_the_live_feed(server_process):
    from django.contrib.auth import get_user_model

    demoted, removed, stays = factories.staff(), factories.staff(), factories.staff()
    board = factories.board(members=[stays, removed, demoted])
    column = board.columns.first()
    sessions = {user.id: login_as(server_process, user) for user in (demoted, removed, stays)}

    async def scenario():
        clients = {}
        for user in (demoted, removed, stays):
            client, events = await connect(server_process.url, "/workflow", cookie=sessions[user.id].cookie_header)
            assert (await client.call("join_board", {"board_id": board.id}, namespace="/workflow"))["ok"]
            clients[user.id] = (client, events)
        closed = asyncio.Event()
        clients[demoted.id][0].on("disconnect", lambda *args: closed.set(), namespace="/workflow")
        await asyncio.to_thread(lambda: board.members.remove(removed))
        await asyncio.to_thread(lambda: get_user_model().objects.filter(pk=demoted.pk).update(is_staff=False))
        await asyncio.wait_for(closed.wait(), timeout=6)
        # The sweep that closed the demoted socket had already taken the removed member out of the room.
        created = await asyncio.to_thread(sessions[stays.id].post, "/api/cards", {"column_id": column.id, "title": "Members only"})
        assert created.status_code == 201
        await clients[stays.id][1].wait_event("card_update")
        removed_events = list(clients[removed.id][1].events)
        for client, _ in clients.values():
            await close(client)
        return removed_events

    # The removed member is told why the board went quiet, and sees nothing after.
    assert asyncio.run(scenario()) == [("stream_closed", {"stream": f"board:{board.id}", "reason": "access_removed"})]
