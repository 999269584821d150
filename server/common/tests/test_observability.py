"""What an operator sees: request ids end to end, REST metrics by route, JSON log lines,
a degraded queue told apart from a dead database. Against the real server process."""
import asyncio
import json

import pytest
import requests

from testing import factories
from testing.live import ServerProcess, Session, database_url
from testing.sockets import close, connect

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.server_process]


def test_a_request_id_goes_from_the_rest_call_to_its_answer_and_its_events(server_process):
    staff = factories.staff()
    board = factories.board(members=[staff])
    session = Session(server_process).login(staff.email, factories.PASSWORD)
    column_id = board.columns.first().id

    async def scenario():
        client, events = await connect(server_process.url, "/workflow", cookie=session.cookie_header)
        assert (await client.call("join_board", {"board_id": board.id}, namespace="/workflow"))["ok"]
        created = await asyncio.to_thread(
            session.post, "/api/cards", {"column_id": column_id, "title": "Traced"}, {"X-Request-ID": "desk-42"}
        )
        [event] = await events.wait_event("card_update")
        await close(client)
        return created, event

    created, event = asyncio.run(scenario())
    assert created.status_code == 201 and created.headers["X-Request-ID"] == "desk-42"
    assert event["request_id"] == "desk-42"
    # A header that is not a sane token is replaced, never echoed.
    answer = requests.get(f"{server_process.url}/healthz", headers={"X-Request-ID": "<script>"}, timeout=5)
    assert answer.headers["X-Request-ID"] != "<script>" and len(answer.headers["X-Request-ID"]) == 32


def test_rest_requests_are_counted_by_route_template_not_raw_path(server_process):
    staff = factories.staff()
    board = factories.board(members=[staff])
    session = Session(server_process).login(staff.email, factories.PASSWORD)
    counted = 'http_requests_total{method="GET",route="api/boards/<int:pk>",status="2xx"}'
    before = server_process.metric(counted)
    for _ in range(3):
        assert session.get(f"/api/boards/{board.id}").status_code == 200
    assert session.get("/api/no-such-thing").status_code == 404

    text = requests.get(f"{server_process.url}/metrics", timeout=5).text
    assert server_process.metric(counted) == before + 3
    assert server_process.metric('http_request_duration_seconds_count{method="GET",route="api/boards/<int:pk>"}') >= 3
    assert 'route="api-not-found",status="4xx"' in text
    assert f"api/boards/{board.id}" not in text, "a raw path became a label"


def test_json_logs_are_one_object_per_line_with_the_request(django_db_setup, settings):
    server = ServerProcess(database_url(settings.DATABASES["default"]), env={"LOG_FORMAT": "json"}).start()
    try:
        requests.get(f"{server.url}/api/services", headers={"X-Request-ID": "log-7"}, timeout=5)
        server.stop()
        lines = [line for line in server.output().splitlines() if line.strip()]
    finally:
        server.stop()
        server.remove_log()
    records = [json.loads(line) for line in lines]  # every line parses
    [request] = [r for r in records if r.get("request_id") == "log-7" and r["logger"] == "frontdesk.requests"]
    assert (request["route"], request["status"]) == ("api/services", 200)
    assert request["duration_ms"] >= 0


def test_a_dead_queue_is_degraded_and_a_dead_database_unavailable(django_db_setup, settings):
    dead_queue = {"SOCKETIO_MESSAGE_QUEUE": "redis://127.0.0.1:9/0"}  # nothing listens on port 9
    server = ServerProcess(database_url(settings.DATABASES["default"]), env=dead_queue).start()
    try:
        ready = requests.get(f"{server.url}/readyz", timeout=10)
        gauge = server.metric("socketio_message_queue_up")
    finally:
        server.stop()
        server.remove_log()
    assert ready.status_code == 200
    assert ready.json() == {"status": "degraded", "database": "up", "message_queue": "down"}
    assert gauge == 0
