"""Your notifications arrive live on your own stream (`staff:<id>` on /workflow), against the real server."""
import asyncio

import pytest

from testing import factories
from testing.live import login_as
from testing.sockets import close, connect

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.server_process]

NAMESPACE = "/workflow"


def test_a_mention_reaches_the_mentioned_person_live_and_no_one_else(server_process):
    alex = factories.staff(first_name="Alex", last_name="Morgan")
    sam = factories.staff(first_name="Sam", last_name="Smith")
    board = factories.board(members=[alex, sam])
    card = factories.card(board.columns.first(), title="Fix the chair")
    alex_session, sam_session = login_as(server_process, alex), login_as(server_process, sam)

    async def scenario():
        sam_socket, sam_events = await connect(server_process.url, NAMESPACE, cookie=sam_session.cookie_header)
        alex_socket, alex_events = await connect(server_process.url, NAMESPACE, cookie=alex_session.cookie_header)
        joined = await sam_socket.call("join_notifications", {}, namespace=NAMESPACE)
        assert (await alex_socket.call("join_notifications", {}, namespace=NAMESPACE))["ok"]
        assert joined["ok"], joined
        snapshot = joined["data"]["snapshot"]
        assert (snapshot["results"], snapshot["unread"]) == ([], 0)

        posted = await asyncio.to_thread(alex_session.post, f"/api/cards/{card.id}/comments", {"text": "@Sam Smith can you?"})
        assert posted.status_code == 201, posted.text
        [created] = await sam_events.wait_event("notification")
        assert (created["stream"], created["seq"], created["op"]) == (f"staff:{sam.id}", snapshot["seq"] + 1, "created")
        assert created["data"]["text"] == "Alex Morgan mentioned you on “Fix the chair”"
        assert created["data"]["actor"] == {"id": alex.id, "name": "Alex Morgan"}
        assert created["data"]["url"] == f"/board?id={board.id}&card={card.id}"

        read = await asyncio.to_thread(sam_session.post, f"/api/notifications/{created['data']['id']}/read")
        assert read.status_code == 200, read.text
        events = await sam_events.wait_event("notification", 2)
        assert (events[1]["op"], events[1]["seq"], events[1]["data"]["read_at"]) == ("read", created["seq"] + 1, read.json()["read_at"])

        # Missed events come back on a re-join with `after`; someone else's stream is not yours to read.
        replay = await sam_socket.call("join_notifications", {"after": snapshot["seq"]}, namespace=NAMESPACE)
        peek = await alex_socket.call("fetch_events", {"stream": f"staff:{sam.id}", "after": 0}, namespace=NAMESPACE)
        gap = await sam_socket.call("fetch_events", {"stream": f"staff:{sam.id}", "after": snapshot["seq"]}, namespace=NAMESPACE)
        await close(sam_socket)
        await close(alex_socket)
        return replay, peek, gap, alex_events.named("notification")

    replay, peek, gap, alex_saw = asyncio.run(scenario())
    assert [e["op"] for e in replay["data"]["events"]] == ["created", "read"]
    assert (peek["ok"], peek["error"]["code"]) == (False, "not_found")
    assert [e["op"] for e in gap["data"]["events"]] == ["created", "read"]
    assert alex_saw == []
