"""Several processes: events from commands and from other server processes reach every client."""
import asyncio
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
from testing.board_client import BoardMirror, board_state, web_client_backoff
from testing.live import ServerProcess, Session, start_together
from testing.services import AMQP_URL, REDIS_URL, redis_address, redis_url_via, require_service
from testing.sockets import close, connect
from testing.tcp_proxy import TcpProxy
from workflow.models import Board
from workflow.selectors import board_get_snapshot

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.server_process]

# Recovery bounds a user (or an operator) relies on, in seconds.
# After a process is killed and restarted: the client is back and caught up this soon
# after the process answers again (its backoff is capped at 2 s)...
CLIENT_BACK_AFTER_PROCESS = 5.0
# ...and this soon after the kill, restart included.
CONVERGED_AFTER_KILL = 10.0
# How long the Redis outage lasts, and how soon after Redis is back every process must be
# listening to the queue again. python-socketio's own listener waits 1, 2, 4, 8... s
# between attempts (up to a minute): after this outage it came back 7 s late.
REDIS_OUTAGE = 8.0
QUEUE_BACK_AFTER_REDIS = 3.0


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
        assert (await client.call("watch_dashboard", {}, namespace="/appointments"))["ok"]
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


def stored(board_id: int) -> dict:
    return board_get_snapshot(Board.objects.get(pk=board_id))


def wait_for_readiness(server: ServerProcess, status: str, timeout: float) -> dict:
    """Poll /readyz until it says `status`; its body then."""
    deadline = clock.monotonic() + timeout
    while True:
        body = requests.get(f"{server.url}/readyz", timeout=5).json()
        if body["status"] == status:
            return body
        if clock.monotonic() > deadline:
            raise AssertionError(f"/readyz of {server.url} still says {body} after {timeout} s")
        clock.sleep(0.05)  # polling for the condition, not waiting out a race


def wait_for_subscribers(channel: str, count: int, timeout: float) -> float:
    """Seconds until `count` processes listen on `channel`, as Redis itself counts them."""
    started = clock.monotonic()
    admin = redis.Redis.from_url(REDIS_URL)
    while True:
        [(_, listening)] = admin.pubsub_numsub(channel)
        if listening == count:
            return clock.monotonic() - started
        if clock.monotonic() - started > timeout:
            raise AssertionError(f"{listening} of {count} processes listen on {channel} after {timeout} s")
        clock.sleep(0.02)  # polling for the condition, not waiting out a race


def test_two_processes_share_events_through_redis_and_recover_from_a_redis_outage(server_process, queue_channel):
    require_service(REDIS_URL)
    # The processes reach Redis through a relay the test can cut: an outage for them,
    # while the machine's Redis serves everyone else as before.
    redis_relay = TcpProxy(*redis_address()).start()
    env = {"SOCKETIO_MESSAGE_QUEUE": redis_url_via(redis_relay.port), "SOCKETIO_QUEUE_CHANNEL": queue_channel}
    first, second = ServerProcess(server_process.db_url, env=env), ServerProcess(server_process.db_url, env=env)
    alice, bob = factories.staff(), factories.staff()
    board = factories.board(members=[alice, bob])
    todo, doing, _ = board.columns.order_by("position")

    def move(i: int):
        response = writer.post(f"/api/cards/{card_id}/move", {"column_id": doing.id if i % 2 else todo.id, "index": 0})
        assert response.status_code == 200, response.text
        return response.json()

    def delivered_on_second() -> float:
        return second.metric('socketio_events_delivered_total{event="card_move"}')

    async def scenario():
        on_first = await BoardMirror(first.url, reader.cookie_header, board.id).connect()
        on_second = await BoardMirror(second.url, reader.cookie_header, board.id).connect()
        # A change made through process A is seen live by a client on process B.
        await asyncio.to_thread(move, 1)
        snapshot = await asyncio.to_thread(stored, board.id)
        await asyncio.gather(on_first.caught_up(snapshot), on_second.caught_up(snapshot))
        for server in (first, second):
            assert (await asyncio.to_thread(wait_for_readiness, server, "ready", 5))["message_queue"] == "up"

        # Redis goes away: connections reset, new ones refused. Changes keep being made.
        down_at = clock.monotonic()
        await asyncio.to_thread(redis_relay.outage)
        await asyncio.to_thread(wait_for_subscribers, queue_channel, 0, 5)
        for server in (first, second):
            body = await asyncio.to_thread(wait_for_readiness, server, "degraded", 5)
            assert body == {"status": "degraded", "database": "up", "message_queue": "down"}
        for i in range(2, 12):
            await asyncio.to_thread(move, i)
        changed_at = clock.monotonic()
        snapshot = await asyncio.to_thread(stored, board.id)
        # Meanwhile events take the store relay (realtime.relay), a poll or two behind.
        await asyncio.gather(on_first.caught_up(snapshot, timeout=10), on_second.caught_up(snapshot, timeout=10))
        converged_during = clock.monotonic() - changed_at

        # The outage lasts REDIS_OUTAGE seconds in all: its length is the scenario.
        await asyncio.sleep(max(0.0, down_at + REDIS_OUTAGE - clock.monotonic()))
        await asyncio.to_thread(redis_relay.restore)
        queue_back = await asyncio.to_thread(wait_for_subscribers, queue_channel, 2, QUEUE_BACK_AFTER_REDIS + 10)
        for server in (first, second):
            # Ready again only once this process's listener is back (realtime.queue.state).
            await asyncio.to_thread(wait_for_readiness, server, "ready", 5)

        # And the queue carries events again: B hands out A's next change itself.
        delivered_before = await asyncio.to_thread(delivered_on_second)
        await asyncio.to_thread(move, 12)
        snapshot = await asyncio.to_thread(stored, board.id)
        await asyncio.gather(on_first.caught_up(snapshot), on_second.caught_up(snapshot))
        delivered_after = await asyncio.to_thread(delivered_on_second)
        states = [on_first.state, on_second.state]
        await asyncio.gather(on_first.close(), on_second.close())
        return states, converged_during, queue_back, delivered_after - delivered_before

    try:
        start_together(first, second)
        writer = Session(first).login(alice.email, factories.PASSWORD)
        reader = Session(second).login(bob.email, factories.PASSWORD)
        card_id = writer.post("/api/cards", {"column_id": todo.id, "title": "Across processes"}).json()["id"]
        states, converged_during, queue_back, delivered = asyncio.run(scenario())
    finally:
        for server in (first, second):
            server.stop()
            server.remove_log()
        redis_relay.stop()
    print(
        f"\nRedis outage of {REDIS_OUTAGE:.0f} s: clients converged {converged_during:.2f} s after the last change"
        f" (store relay); both processes listening to the queue again {queue_back:.2f} s after Redis was back"
    )
    fresh = board_state(stored(board.id))
    assert states == [fresh, fresh]
    assert queue_back < QUEUE_BACK_AFTER_REDIS
    # Counted only where the queue hands an event over (the store relay's are not):
    # process B received A's last change through Redis again.
    assert delivered >= 1


def test_clients_of_a_killed_process_are_back_soon_after_it_restarts(server_process):
    """SIGKILL (no goodbye to anyone), then a supervisor's restart on the same address."""
    staff = factories.staff()
    board = factories.board(members=[staff])
    todo, doing, _ = board.columns.order_by("position")
    server = ServerProcess(server_process.db_url)
    # Changes keep coming through another process while this one is gone.
    writer = Session(server_process).login(staff.email, factories.PASSWORD)
    card_id = writer.post("/api/cards", {"column_id": todo.id, "title": "Still moving"}).json()["id"]

    def move(i: int):
        response = writer.post(f"/api/cards/{card_id}/move", {"column_id": doing.id if i % 2 else todo.id, "index": 0})
        assert response.status_code == 200, response.text

    async def scenario():
        # The web client's own reconnect backoff: what a user waits.
        mirror = await BoardMirror(server.url, cookie, board.id, backoff=web_client_backoff()).connect()
        killed_at = clock.monotonic()
        await asyncio.to_thread(server.kill)
        for i in range(1, 6):
            await asyncio.to_thread(move, i)
        await asyncio.to_thread(server.start)
        ready_at = clock.monotonic()
        await mirror.caught_up(await asyncio.to_thread(stored, board.id), timeout=CONVERGED_AFTER_KILL)
        converged_at = clock.monotonic()
        joins = mirror.joins
        await mirror.close()
        return ready_at - killed_at, converged_at - ready_at, converged_at - killed_at, joins

    try:
        server.start()
        cookie = Session(server).login(staff.email, factories.PASSWORD).cookie_header
        restart, client_back, total, joins = asyncio.run(scenario())
    finally:
        server.stop()
        server.remove_log()
    print(
        f"\nkilled process: answering again after {restart:.2f} s, its client caught up {client_back:.2f} s later"
        f" ({total:.2f} s after the kill)"
    )
    assert joins >= 2, "the client came back by itself"
    assert client_back < CLIENT_BACK_AFTER_PROCESS
    assert total < CONVERGED_AFTER_KILL


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
