"""Abusing the Socket.IO and Engine.IO protocols against the real server process.

Each test is a hole an outside attack run found (README: Security): the client sends
something the protocol allows but our product never does, and the server must answer
it at once, hold no memory for it, and keep its own view of who is connected.
"""
import asyncio
import json

import aiohttp
import pytest
import requests

from testing import factories
from testing.live import ServerProcess, login_as
from testing.sockets import close, connect, raw_socket, refusal

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.server_process]

RESERVED = ("connect", "disconnect", "connect_error", "disconnecting", "newListener", "removeListener", "*")
SWEEP_BOUND = 6.0  # the session sweep runs every 2 s


def polling_url(server, sid: str | None = None) -> str:
    return f"{server.url}/socket.io/?EIO=4&transport=polling" + (f"&sid={sid}" if sid else "")


def open_polling(server, cookie: str | None = None) -> str:
    """An Engine.IO session over long-polling; returns its sid."""
    headers = {"Cookie": cookie} if cookie else {}
    answer = requests.get(polling_url(server), headers=headers, timeout=5)
    assert answer.status_code == 200, answer.text
    return json.loads(answer.text[1:])["sid"]


async def gauge_settles(server, name: str, value: float) -> float:
    """Poll /metrics (bounded) until `name` reads `value`; return the last reading."""
    deadline = asyncio.get_running_loop().time() + SWEEP_BOUND
    reading = await asyncio.to_thread(server.metric, name)
    while reading != value and asyncio.get_running_loop().time() < deadline:
        await asyncio.sleep(0.2)  # polling a gauge, not waiting out a race
        reading = await asyncio.to_thread(server.metric, name)
    return reading


def test_reserved_event_names_are_unknown_and_the_socket_still_closes_on_logout(server_process):
    staff = factories.staff()
    board = factories.board(members=[staff])
    session = login_as(server_process, staff)

    async def scenario():
        clients = {}
        closed = {}
        for namespace in ("/workflow", "/appointments"):
            client, _ = await connect(server_process.url, namespace, cookie=session.cookie_header)
            closed[namespace] = asyncio.Event()
            client.on("disconnect", lambda *args, ns=namespace: closed[ns].set(), namespace=namespace)
            clients[namespace] = client
        assert (await clients["/workflow"].call("join_board", {"board_id": board.id}, namespace="/workflow"))["ok"]
        answers = {}
        for namespace, client in clients.items():
            for name in RESERVED:
                answers[(namespace, name)] = await client.call(name, {}, namespace=namespace, timeout=5)
            await client.emit("disconnect", namespace=namespace)  # no ack asked: must change nothing either
        still_joined = await clients["/workflow"].call("leave_board", {"board_id": board.id}, namespace="/workflow")
        logged_out = await asyncio.to_thread(session.post, "/api/auth/logout")
        assert logged_out.status_code in (200, 204)
        await asyncio.wait_for(asyncio.gather(*(event.wait() for event in closed.values())), timeout=SWEEP_BOUND)
        for client in clients.values():
            await client.eio.http.close()
        return answers, still_joined

    answers, still_joined = asyncio.run(scenario())
    for key, answer in answers.items():
        assert answer["ok"] is False and answer["error"]["code"] == "unknown_event", key
    assert still_joined["ok"], "the socket was still registered and served after the reserved events"


def test_non_string_and_empty_event_names_are_unknown_events(server_process):
    staff = factories.staff()
    session = login_as(server_process, staff)

    async def scenario():
        async with raw_socket(server_process.url, "/workflow", session.cookie_header) as ws:
            replies = []
            for ack_id, body in enumerate(("[]", "[{}]", "[7]", '"x"', "true", "[null]"), start=1):
                await ws.send_str(f"42/workflow,{ack_id}{body}")
                replies.append((await ws.receive(timeout=5)).data)
            return replies

    replies = asyncio.run(scenario())
    for ack_id, reply in enumerate(replies, start=1):
        assert reply.startswith(f"43/workflow,{ack_id}["), reply
        assert json.loads(reply[len(f"43/workflow,{ack_id}"):])[0]["error"]["code"] == "unknown_event"


def test_oversize_polling_post_is_answered_at_once_and_ends_the_session(server_process):
    # No cookie, no Origin: anyone on the network can do this.
    sids = [open_polling(server_process) for _ in range(20)]
    for sid in sids:
        answer = requests.post(polling_url(server_process, sid), data=b"4" + b"x" * 70_000, timeout=5)
        assert answer.status_code == 413
    # The session is gone, not left waiting for a GET that never comes.
    assert requests.get(polling_url(server_process, sids[0]), timeout=5).status_code == 400
    # A message within the limit still goes through on a fresh session.
    sid = open_polling(server_process)
    assert requests.post(polling_url(server_process, sid), data=b"40/customer,", timeout=5).status_code == 200
    assert requests.get(f"{server_process.url}/healthz", timeout=5).status_code == 200


def test_binary_events_are_refused_and_their_attachments_never_buffered(server_process):
    customer = factories.customer()
    session = login_as(server_process, customer.user)

    async def scenario():
        async with raw_socket(server_process.url, "/customer", session.cookie_header) as ws:
            # A binary event announcing an absurd number of attachments, then many of them.
            await ws.send_str('459999999999-/customer,["resume",{"_placeholder":true,"num":0}]')
            refusal = (await ws.receive(timeout=5)).data
            for _ in range(50):
                await ws.send_bytes(b"\0" * 60_000)
            # The socket still speaks the protocol: an ordinary event is answered (were the
            # attachments being collected, this text frame would be taken as one more).
            await ws.send_str('42/customer,1["resume",{"after":0}]')
            reply = (await ws.receive(timeout=5)).data
            return refusal, reply

    refusal, reply = asyncio.run(scenario())
    assert refusal.startswith('42/customer,["error"'), refusal
    assert json.loads(refusal[len("42/customer,"):])[1]["code"] == "binary_not_supported"
    assert reply.startswith("43/customer,1["), reply
    assert json.loads(reply[len("43/customer,1"):])[0]["ok"] is True


def test_connect_racing_close_leaves_no_phantom_connection(server_process):
    customer = factories.customer()
    session = login_as(server_process, customer.user)
    gauge = 'socketio_connected_clients{namespace="/customer"}'

    async def race(http: aiohttp.ClientSession):
        sid = await asyncio.to_thread(open_polling, server_process, session.cookie_header)
        url = polling_url(server_process, sid)
        headers = {"Cookie": session.cookie_header, "Origin": server_process.url}

        async def post(body: str):
            async with http.post(url, data=body, headers=headers) as answer:
                await answer.read()

        await asyncio.gather(post("40/customer,"), post("1"), return_exceptions=True)

    async def scenario():
        before = await asyncio.to_thread(server_process.metric, gauge)
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=10)) as http:
            await asyncio.gather(*(race(http) for _ in range(40)))
        return before, await gauge_settles(server_process, gauge, before)

    before, after = asyncio.run(scenario())
    assert after == before, f"{after - before:.0f} closed connections are still counted as open"


def test_sockets_per_user_are_capped_with_a_clear_refusal(django_db_setup, settings):
    from testing.live import database_url

    server = ServerProcess(database_url(settings.DATABASES["default"]), env={"SOCKETIO_MAX_SOCKETS_PER_USER": "3"}).start()
    try:
        greedy, other = factories.staff(), factories.staff()
        greedy_session, other_session = login_as(server, greedy), login_as(server, other)

        async def scenario():
            held = [(await connect(server.url, "/workflow", cookie=greedy_session.cookie_header))[0] for _ in range(3)]
            refused = await refusal(server.url, "/appointments", greedy_session.cookie_header)
            others, _ = await connect(server.url, "/workflow", cookie=other_session.cookie_header)
            await close(held.pop())
            again, _ = await connect(server.url, "/appointments", cookie=greedy_session.cookie_header)
            for client in (*held, others, again):
                await close(client)
            return refused

        refused = asyncio.run(scenario())
    finally:
        server.stop()
        server.remove_log()
    assert refused["data"]["code"] == "too_many_connections"
    assert "tabs" in refused["message"]

