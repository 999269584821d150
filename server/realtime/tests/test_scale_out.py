"""Several processes: events from commands and from other server processes reach every client."""
import asyncio
import os
import signal
import time as clock
import uuid
from datetime import time, timedelta

import pytest
import redis
import requests
from django.core.management import call_command

from appointments.hours import business_today
from appointments.models import Appointment
from realtime import emitter
from testing import factories
from testing.board_client import BoardMirror, board_state
from testing.live import ServerProcess, Session
from testing.sockets import close, connect
from workflow.models import Board
from workflow.selectors import board_get_snapshot

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.server_process]

REDIS_URL = os.environ.get("REDIS_TEST_URL", "redis://127.0.0.1:6379/0")
AMQP_URL = os.environ.get("AMQP_TEST_URL", "amqp://guest:guest@127.0.0.1:5672/")


def require_service(url: str) -> None:
    """Under CI the service must be there (.ci/run starts it); elsewhere skip if it is not."""
    try:
        if url.startswith("redis"):
            redis.Redis.from_url(url, socket_connect_timeout=1).ping()
        else:
            import socket
            with socket.create_connection(("127.0.0.1", 5672), timeout=1):
                pass
    except Exception as exc:
        if os.environ.get("CI") == "true":
            raise AssertionError(f"{url} must be reachable under CI") from exc
        pytest.skip(f"{url} not reachable")


@pytest.fixture
def queue_channel():
    return f"frontdesk-test-{uuid.uuid4().hex[:8]}"


def mark_no_show_scene():
    staff = factories.staff()
    yesterday = business_today() - timedelta(days=1)
    missed = factories.appointment(day=yesterday, at=time(10))
    return staff, missed


def run_command_and_expect_event(server, staff):
    session = Session(server).login(staff.email, factories.PASSWORD)

    async def scenario():
        client, events = await connect(server.url, "/appointments", cookie=session.cookie_header)
        await events.wait_event("today_schedule")  # the connect-time snapshot
        await asyncio.to_thread(call_command, "mark_no_shows")
        [changed] = await events.wait_event("schedule_updated")
        await close(client)
        return changed

    return asyncio.run(scenario())


def test_command_event_reaches_clients_without_a_queue(server_process):
    staff, missed = mark_no_show_scene()
    changed = run_command_and_expect_event(server_process, staff)
    assert changed["data"]["id"] == missed.id and changed["data"]["status"] == "no_show"


@pytest.mark.parametrize("queue_url", [REDIS_URL, AMQP_URL], ids=["redis", "rabbitmq"])
def test_command_event_reaches_clients_through_the_queue(server_process, queue_channel, settings, queue_url):
    require_service(queue_url)
    env = {"SOCKETIO_MESSAGE_QUEUE": queue_url, "SOCKETIO_QUEUE_CHANNEL": queue_channel}
    server = ServerProcess(server_process.db_url, env=env).start()
    settings.SOCKETIO_MESSAGE_QUEUE, settings.SOCKETIO_QUEUE_CHANNEL = queue_url, queue_channel
    emitter.reset_external_manager()
    try:
        staff, missed = mark_no_show_scene()
        changed = run_command_and_expect_event(server, staff)
        metrics_text = requests.get(f"{server.url}/metrics", timeout=5).text
    finally:
        emitter.reset_external_manager()
        server.stop()
    assert changed["data"]["id"] == missed.id and changed["data"]["status"] == "no_show"
    assert Appointment.objects.get(pk=missed.pk).status == "no_show"
    # Counted where the queue hands events to this process (the relay's fallback is not):
    # the event came through the queue.
    assert 'socketio_events_delivered_total{event="schedule_updated"}' in metrics_text


def test_two_processes_share_events_through_redis_and_survive_a_redis_restart(server_process, queue_channel):
    require_service(REDIS_URL)
    env = {"SOCKETIO_MESSAGE_QUEUE": REDIS_URL, "SOCKETIO_QUEUE_CHANNEL": queue_channel}
    first = ServerProcess(server_process.db_url, env=env).start()
    second = ServerProcess(server_process.db_url, env=env).start()
    alice, bob = factories.staff(), factories.staff()
    board = factories.board(members=[alice, bob])
    todo, doing, _ = board.columns.order_by("position")
    writer = Session(first).login(alice.email, factories.PASSWORD)
    reader = Session(second).login(bob.email, factories.PASSWORD)
    card_id = writer.post("/api/cards", {"column_id": todo.id, "title": "Across processes"}).json()["id"]

    def move(i: int):
        response = writer.post(f"/api/cards/{card_id}/move", {"column_id": doing.id if i % 2 else todo.id, "index": 0})
        assert response.status_code == 200, response.text
        return response.json()

    def kill_queue_connections():
        """Drop every Redis connection but ours: what a Redis restart does to the servers."""
        admin = redis.Redis.from_url(REDIS_URL)
        killed = admin.client_kill_filter(_type="pubsub") + admin.client_kill_filter(_type="normal", skipme=True)
        assert killed >= 2

    async def scenario():
        on_first = await BoardMirror(first.url, reader.cookie_header, board.id).connect()
        on_second = await BoardMirror(second.url, reader.cookie_header, board.id).connect()
        # A change made through process A is seen live by a client on process B.
        moved = await asyncio.to_thread(move, 1)
        for mirror in (on_first, on_second):
            await mirror.wait_seq(await asyncio.to_thread(lambda: board_get_snapshot(Board.objects.get(pk=board.id))["seq"]))
            assert mirror.state["cards"][card_id]["version"] == moved["version"]
        # The queue drops its connections mid-stream; changes keep being made.
        await asyncio.to_thread(kill_queue_connections)
        for i in range(2, 12):
            await asyncio.to_thread(move, i)
        seq = await asyncio.to_thread(lambda: board_get_snapshot(Board.objects.get(pk=board.id))["seq"])
        for mirror in (on_first, on_second):
            await mirror.wait_seq(seq, timeout=20)
        states = [on_first.state, on_second.state]
        for mirror in (on_first, on_second):
            await mirror.close()
        return states

    try:
        states = asyncio.run(scenario())
        metrics_text = requests.get(f"{second.url}/metrics", timeout=5).text
    finally:
        first.stop()
        second.stop()
    fresh = board_state(board_get_snapshot(Board.objects.get(pk=board.id)))
    assert states == [fresh, fresh]
    # Process B delivered events it did not emit itself: they came through the queue.
    assert 'socketio_events_delivered_total{event="card_move"}' in metrics_text


def test_metrics_move_with_traffic(server_process):
    staff = factories.staff()
    board = factories.board(members=[staff])
    session = Session(server_process).login(staff.email, factories.PASSWORD)

    def value(text: str, name: str) -> float:
        for line in text.splitlines():
            if line.rsplit(" ", 1)[0] == name:
                return float(line.rsplit(" ", 1)[1])
        return 0.0

    def sample(*names):
        text = requests.get(f"{server_process.url}/metrics", timeout=5).text
        return {name: value(text, name) for name in names}

    names = (
        'socketio_connects_total{namespace="/workflow"}',
        'socketio_connected_clients{namespace="/workflow"}',
        'socketio_events_emitted_total{event="card_update"}',
        'socketio_events_delivered_total{event="card_update"}',
        'socketio_handler_errors_total{code="invalid",event="card_move"}',
        'socketio_refusals_total{namespace="/workflow",reason="not_authenticated"}',
        "socketio_emit_latency_seconds_count",
    )
    before = sample(*names)

    async def scenario():
        client, events = await connect(server_process.url, "/workflow", cookie=session.cookie_header)
        assert (await client.call("join_board", {"board_id": board.id}, namespace="/workflow"))["ok"]
        during = await asyncio.to_thread(sample, 'socketio_connected_clients{namespace="/workflow"}')
        created = await asyncio.to_thread(
            session.post, "/api/cards", {"column_id": await asyncio.to_thread(lambda: board.columns.first().id), "title": "Count me"}
        )
        assert created.status_code == 201
        await events.wait_event("card_update")
        await client.call("card_move", {"card_id": "nope"}, namespace="/workflow")
        await close(client)
        try:
            await connect(server_process.url, "/workflow")
        except Exception:
            pass
        return during

    during = asyncio.run(scenario())
    after = sample(*names)
    assert during['socketio_connected_clients{namespace="/workflow"}'] >= before['socketio_connected_clients{namespace="/workflow"}'] + 1
    for name in names:
        if "connected_clients" not in name:
            assert after[name] > before[name], name
    ready = requests.get(f"{server_process.url}/readyz", timeout=5)
    assert ready.status_code == 200 and ready.json()["database"] == "up"


def test_sigterm_stops_the_server_promptly_and_clients_reconnect_elsewhere(server_process):
    staff = factories.staff()
    board = factories.board(members=[staff])
    server = ServerProcess(server_process.db_url).start()
    session_cookie = Session(server).login(staff.email, factories.PASSWORD).cookie_header

    async def scenario():
        mirror = await BoardMirror(server.url, session_cookie, board.id).connect()
        started = clock.monotonic()
        code = await asyncio.to_thread(server.stop, signal.SIGTERM, 15)
        stopped_after = clock.monotonic() - started
        log = server.output()
        await asyncio.to_thread(server.start)  # "elsewhere": a fresh process on the same address
        await mirror.synced(timeout=20)
        joins = mirror.joins
        await mirror.close()
        return code, stopped_after, log, joins

    try:
        code, stopped_after, log, joins = asyncio.run(scenario())
    finally:
        server.stop()
    # uvicorn shuts down gracefully, then re-raises SIGTERM so the exit status names it.
    assert code in (0, -signal.SIGTERM)
    assert "Application shutdown complete" in log
    assert stopped_after < 10, "shutdown is bounded (timeout_graceful_shutdown=5)"
    assert joins >= 2, "the client reconnected by itself"
