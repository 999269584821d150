"""Delivery guarantees against the real server process (docs/protocol.md).

Every test ends by comparing each client's state with a fresh read of the database.
"""
import asyncio

import pytest
from django.core.management import call_command

from realtime.models import StreamEvent
from realtime.publish import stream_current_seq
from realtime.streams import board_stream
from testing import factories
from testing.board_client import BoardMirror, board_state
from testing.live import Session
from testing.sockets import close, connect
from workflow.models import Board, Card
from workflow.selectors import board_get_snapshot

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.server_process]


def database_state(board_id: int) -> dict:
    return board_state(board_get_snapshot(Board.objects.get(pk=board_id)))


def current_seq(board_id: int) -> int:
    return stream_current_seq(board_stream(board_id))


@pytest.fixture
def scene(server_process):
    alice, bob = factories.staff(), factories.staff()
    board = factories.board(members=[alice, bob])
    return {
        "board": board,
        "columns": list(board.columns.order_by("position").values_list("id", flat=True)),
        "alice": Session(server_process).login(alice.email, factories.PASSWORD),
        "bob": Session(server_process).login(bob.email, factories.PASSWORD),
    }


def every_mutation(scene):
    """One of each kind of change, through the REST API, as (name, callable) pairs."""
    s, board_id = scene["alice"], scene["board"].id
    todo, doing, done = scene["columns"]
    ids = {}

    def keep(name, response, status=(200, 201, 204)):
        assert response.status_code in status, response.text
        if response.status_code != 204:
            ids[name] = response.json()["id"]

    return [
        ("board_update", lambda: keep("board", s.patch(f"/api/boards/{board_id}", {"name": "Renamed"}))),
        ("label_create", lambda: keep("label", s.post(f"/api/boards/{board_id}/labels", {"name": "Hot", "color": "#aa0000"}))),
        ("label_update", lambda: keep("label", s.patch(f"/api/labels/{ids['label']}", {"color": "#00aa00"}))),
        ("column_create", lambda: keep("column", s.post(f"/api/boards/{board_id}/columns", {"name": "Review", "wip_limit": 2}))),
        ("column_update", lambda: keep("column", s.patch(f"/api/columns/{ids['column']}", {"wip_limit": 4}))),
        ("column_move", lambda: keep("column", s.post(f"/api/columns/{ids['column']}/move", {"index": 0}))),
        ("card_create", lambda: keep("card", s.post("/api/cards", {"column_id": todo, "title": "Replace bulb"}))),
        ("card_create_2", lambda: keep("card2", s.post("/api/cards", {"column_id": todo, "title": "Mop"}))),
        ("card_update", lambda: keep("card", s.patch(f"/api/cards/{ids['card']}", {"description": "Back room", "label_ids": [ids["label"]], "due_date": "2030-01-02"}))),
        ("card_move_between", lambda: keep("card", s.post(f"/api/cards/{ids['card']}/move", {"column_id": doing, "index": 0}))),
        ("card_move_within", lambda: keep("card2", s.post(f"/api/cards/{ids['card2']}/move", {"column_id": todo, "index": 0}))),
        ("comment_create", lambda: keep("comment", s.post(f"/api/cards/{ids['card']}/comments", {"text": "Bought one"}))),
        ("comment_update", lambda: keep("comment", s.patch(f"/api/comments/{ids['comment']}", {"text": "Bought two"}))),
        ("comment_delete", lambda: keep("x", s.delete(f"/api/comments/{ids['comment']}"))),
        ("label_delete", lambda: keep("x", s.delete(f"/api/labels/{ids['label']}"))),
        ("card_archive", lambda: keep("card2", s.post(f"/api/cards/{ids['card2']}/archive"))),
        ("column_archive", lambda: keep("column", s.post(f"/api/columns/{done}/archive"))),
    ]


def test_snapshot_plus_events_equals_fresh_snapshot_for_every_mutation(server_process, scene):
    board_id = scene["board"].id
    mutations = every_mutation(scene)

    async def scenario():
        mirror = await BoardMirror(server_process.url, scene["bob"].cookie_header, board_id).connect()
        for name, mutate in mutations:
            before = await asyncio.to_thread(current_seq, board_id)
            await asyncio.to_thread(mutate)
            after = await asyncio.to_thread(current_seq, board_id)
            assert after > before, f"{name} published no event"
            await mirror.wait_seq(after)
            assert mirror.state == await asyncio.to_thread(database_state, board_id), name
        await mirror.close()
        return mirror

    mirror = asyncio.run(scenario())
    assert mirror.applied == list(range(mirror.applied[0], mirror.applied[-1] + 1))


def test_reconnecting_client_gets_exactly_the_missed_events(server_process, scene):
    board_id = scene["board"].id
    todo, doing, _ = scene["columns"]
    card_id = scene["alice"].post("/api/cards", {"column_id": todo, "title": "Bounce me"}).json()["id"]

    async def scenario():
        mirror = await BoardMirror(server_process.url, scene["bob"].cookie_header, board_id, reconnection=False).connect()
        await mirror.disconnect()
        start = mirror.seq
        for i in range(25):
            target = doing if i % 2 == 0 else todo
            response = await asyncio.to_thread(scene["alice"].post, f"/api/cards/{card_id}/move", {"column_id": target, "index": 0})
            assert response.status_code == 200
        await mirror.reconnect()
        await mirror.close()
        return mirror, start

    mirror, start = asyncio.run(scenario())
    assert mirror.applied == list(range(start + 1, start + 26)), "exactly the 25 missed events, in order"
    assert mirror.resyncs == 0
    assert mirror.state == database_state(board_id)


def test_client_whose_missed_events_are_gone_gets_a_resync_snapshot(server_process, scene):
    board_id = scene["board"].id
    todo = scene["columns"][0]

    def lose_history():
        # Board streams are kept (their events are the cards' history, so prune_events
        # leaves them), but a history can still be gone: a store pruned before that, a
        # restored backup. The client must then start again from a snapshot.
        call_command("prune_events", hours=0)
        StreamEvent.objects.filter(stream=board_stream(board_id)).delete()

    async def scenario():
        mirror = await BoardMirror(server_process.url, scene["bob"].cookie_header, board_id, reconnection=False).connect()
        await mirror.disconnect()
        for i in range(3):
            await asyncio.to_thread(scene["alice"].post, "/api/cards", {"column_id": todo, "title": f"Card {i}"})
        await asyncio.to_thread(lose_history)
        await mirror.reconnect()
        await mirror.close()
        return mirror

    mirror = asyncio.run(scenario())
    assert mirror.resyncs == 1
    assert mirror.state == database_state(board_id)
    assert {card["title"] for card in mirror.state["cards"].values()} >= {"Card 0", "Card 1", "Card 2"}


def test_retried_mutation_with_the_same_id_is_applied_once(server_process, scene):
    board_id = scene["board"].id
    todo = scene["columns"][0]
    headers = {"Idempotency-Key": "create-card-1"}
    first = scene["alice"].post("/api/cards", {"column_id": todo, "title": "Only once"}, headers=headers)
    again = scene["alice"].post("/api/cards", {"column_id": todo, "title": "Only once"}, headers=headers)
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json()
    assert Card.objects.filter(board_id=board_id, title="Only once").count() == 1

    async def scenario():
        mirror = await BoardMirror(server_process.url, scene["bob"].cookie_header, board_id).connect()
        payload = {"column_id": todo, "title": "Socket once", "mutation_id": "tab-7:1"}
        answers = await asyncio.gather(*(mirror.client.call("card_create", payload, namespace="/workflow") for _ in range(3)))
        await mirror.wait_seq(await asyncio.to_thread(current_seq, board_id))
        await mirror.close()
        return answers, mirror

    answers, mirror = asyncio.run(scenario())
    assert all(answer["ok"] for answer in answers)
    assert len({answer["data"]["id"] for answer in answers}) == 1
    assert Card.objects.filter(board_id=board_id, title="Socket once").count() == 1
    assert mirror.state == database_state(board_id)


def test_concurrent_conflicting_moves_and_edits_converge(server_process, scene):
    board_id = scene["board"].id
    todo, doing, done = scene["columns"]
    card = scene["alice"].post("/api/cards", {"column_id": todo, "title": "Contested"}).json()

    async def scenario():
        a = await BoardMirror(server_process.url, scene["alice"].cookie_header, board_id).connect()
        b = await BoardMirror(server_process.url, scene["bob"].cookie_header, board_id).connect()
        version = card["version"]
        move_a = a.client.call("card_move", {"card_id": card["id"], "column_id": doing, "index": 0, "expected_version": version}, namespace="/workflow")
        move_b = b.client.call("card_move", {"card_id": card["id"], "column_id": done, "index": 0, "expected_version": version}, namespace="/workflow")
        answers = await asyncio.gather(move_a, move_b)
        # Edits of different fields from the same old version merge; the same field conflicts.
        edits = await asyncio.gather(
            a.client.call("card_update", {"card_id": card["id"], "title": "Contested!", "expected_version": version}, namespace="/workflow"),
            b.client.call("card_update", {"card_id": card["id"], "description": "Both wanted it", "expected_version": version}, namespace="/workflow"),
        )
        seq = await asyncio.to_thread(current_seq, board_id)
        await a.wait_seq(seq)
        await b.wait_seq(seq)
        await a.close()
        await b.close()
        return answers, edits, a, b

    answers, edits, a, b = asyncio.run(scenario())
    assert sorted(answer["ok"] for answer in answers) == [False, True], answers
    refused = next(answer for answer in answers if not answer["ok"])
    assert refused["error"]["code"] == "stale"
    assert refused["error"]["current"]["column_id"] in (doing, done)
    assert all(edit["ok"] for edit in edits), edits
    fresh = database_state(board_id)
    assert a.state == b.state == fresh
    assert fresh["cards"][card["id"]]["title"] == "Contested!"
    assert fresh["cards"][card["id"]]["description"] == "Both wanted it"


def test_dropped_event_is_detected_and_repaired(server_process, scene):
    from testing.ws_proxy import DroppingProxy

    board_id = scene["board"].id
    todo, doing, _ = scene["columns"]
    card_id = scene["alice"].post("/api/cards", {"column_id": todo, "title": "Lossy"}).json()["id"]

    async def scenario():
        proxy = await DroppingProxy(server_process.url).start()
        mirror = await BoardMirror(proxy.url, scene["bob"].cookie_header, board_id).connect()
        proxy.drop_next('"card_move"')
        for target in (doing, todo):
            response = await asyncio.to_thread(scene["alice"].post, f"/api/cards/{card_id}/move", {"column_id": target, "index": 0})
            assert response.status_code == 200
        await mirror.wait_seq(await asyncio.to_thread(current_seq, board_id))
        await mirror.close()
        await proxy.stop()
        return mirror, proxy

    mirror, proxy = asyncio.run(scenario())
    assert len(proxy.dropped) == 1, "the proxy really removed one event"
    assert mirror.gap_repairs == 1
    assert mirror.applied == list(range(mirror.applied[0], mirror.applied[-1] + 1))
    assert mirror.state == database_state(board_id)


def test_clients_converge_after_the_server_is_killed_and_restarted(scene, server_process):
    """SIGKILL mid-stream: clients reconnect by themselves; no committed change is missing."""
    import threading
    import time

    import requests

    from testing.live import ServerProcess

    board_id = scene["board"].id
    todo, doing, _ = scene["columns"]
    server = ServerProcess(server_process.db_url).start()  # our own process: this test kills it
    writer = Session(server)
    writer.http.cookies.update(scene["alice"].http.cookies)
    card_id = writer.post("/api/cards", {"column_id": todo, "title": "Survivor"}).json()["id"]
    committed: list[int] = []
    progress = threading.Condition()
    stop_writing = threading.Event()

    def write_changes():
        """Move the card back and forth through REST; count only acknowledged changes."""
        deadline = time.monotonic() + 60  # bounded in time; normally stopped long before
        i = 0
        while not stop_writing.is_set() and time.monotonic() < deadline:
            i += 1
            try:
                response = writer.post(f"/api/cards/{card_id}/move", {"column_id": doing if i % 2 == 0 else todo, "index": 0})
            except requests.ConnectionError:
                stop_writing.wait(0.05)  # the server is down: this change was not made; retry with a pause like a client would
                continue
            if response.status_code == 200:
                with progress:
                    committed.append(response.json()["version"])
                    progress.notify_all()

    def wait_for_commits(count: int) -> None:
        with progress:
            assert progress.wait_for(lambda: len(committed) >= count, timeout=30), len(committed)

    async def scenario():
        mirrors = [await BoardMirror(server.url, scene["bob"].cookie_header, board_id).connect() for _ in range(2)]
        thread = threading.Thread(target=write_changes)
        thread.start()
        try:
            await asyncio.to_thread(wait_for_commits, 5)
            await asyncio.to_thread(server.kill)
            before_restart = len(committed)
            await asyncio.to_thread(server.start)
            await asyncio.to_thread(wait_for_commits, before_restart + 5)
        finally:
            stop_writing.set()
            await asyncio.to_thread(thread.join, 30)
        seq = await asyncio.to_thread(current_seq, board_id)
        for mirror in mirrors:
            await mirror.wait_seq(seq, timeout=20)
        for mirror in mirrors:
            await mirror.close()
        return mirrors

    try:
        mirrors = asyncio.run(scenario())
    finally:
        server.stop()
    fresh = database_state(board_id)
    for mirror in mirrors:
        assert mirror.joins >= 2, "the client re-joined after the restart by itself"
        assert mirror.state == fresh
        assert mirror.state["cards"][card_id]["version"] == max(committed)


BURSTS = 10


def test_a_burst_of_rest_changes_arrives_in_sequence(server_process, scene):
    """Each REST request commits in its own thread; the events still go out in seq order."""
    board_id, todo = scene["board"].id, scene["columns"][0]
    writers = [Session(server_process).login(user.email, factories.PASSWORD) for user in scene["board"].members.all()] * 15

    async def scenario():
        watcher, events = await connect(server_process.url, "/workflow", cookie=scene["alice"].cookie_header)
        assert (await watcher.call("join_board", {"board_id": board_id}, namespace="/workflow"))["ok"]
        # Enough concurrent commits that their after-commit callbacks do race (30 threads, 10 times).
        for burst in range(BURSTS):
            await asyncio.gather(*(
                asyncio.to_thread(writer.post, "/api/cards", {"column_id": todo, "title": f"Burst {burst}.{n}"})
                for n, writer in enumerate(writers)
            ))
        total = BURSTS * len(writers)
        await events.wait_for(lambda evs: len([e for e in evs if e[0] == "card_update"]) >= total, timeout=15)
        await close(watcher)
        return [data["seq"] for name, data in events.events if name == "card_update"]

    seqs = asyncio.run(scenario())
    assert seqs == sorted(seqs), f"out of order: {seqs}"
    assert seqs == list(range(seqs[0], seqs[0] + len(seqs)))
