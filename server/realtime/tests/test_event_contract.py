"""The event contract cannot drift: server handlers, declared payloads, docs/events.json,
docs/protocol.md and the client's generated types agree, and every published event
keeps its declared shape (checked in every test by realtime.contract).

(The client's TypeScript event map is checked against docs/events.json by its own test.)
"""
import json
import re
from pathlib import Path

import pytest
from django.db import transaction

from realtime import registry
from realtime.contract import ContractBroken
from realtime.schemas import CLIENT_TO_SERVER, SERVER_TO_CLIENT, event_names
from realtime.server import register_namespaces, sio

REPO = Path(__file__).resolve().parents[3]
CONNECTION_EVENTS = {"connect", "disconnect", "*"}


def test_docs_events_json_is_the_servers_export():
    assert json.loads((REPO / "docs" / "events.json").read_text()) == event_names()


def test_every_client_event_has_a_handler_and_nothing_else_does():
    register_namespaces(sio)
    for namespace, events in CLIENT_TO_SERVER.items():
        handled = set(sio.handlers[namespace]) - CONNECTION_EVENTS
        assert handled == set(events), namespace


def test_protocol_document_names_every_event():
    protocol = (REPO / "docs" / "protocol.md").read_text()
    named = set(re.findall(r"`([a-z_]+)`", protocol))
    everything = {e for events in SERVER_TO_CLIENT.values() for e in events} | {
        e for events in CLIENT_TO_SERVER.values() for e in events
    } | {"error"}
    assert everything <= named, everything - named


def test_every_server_event_declares_its_payload_and_nothing_else_does():
    listed = {e for events in SERVER_TO_CLIENT.values() for e in events}
    assert set(registry.event_payloads()) == listed


@pytest.mark.django_db
def test_an_event_that_drifts_from_its_payload_is_refused_before_it_is_stored():
    from realtime.models import StreamEvent
    from realtime.publish import publish
    from testing import factories
    from workflow.serializers import card_data

    board = factories.board(members=[factories.staff()])
    card = card_data(factories.card(board.columns.first(), title="Fine"))
    stored = StreamEvent.objects.count()
    for bad in ({**card, "title": None}, {k: v for k, v in card.items() if k != "version"}, {**card, "label_ids": ["x"]}):
        with pytest.raises(ContractBroken), transaction.atomic():
            publish(stream=f"board:{board.id}", event="card_update", op="updated", data=bad)
    with pytest.raises(ContractBroken, match="no declared payload"), transaction.atomic():
        publish(stream=f"board:{board.id}", event="card_teleported", op="updated", data=card)
    assert StreamEvent.objects.count() == stored


def test_the_client_types_carry_every_payload():
    generated = (REPO / "client" / "lib" / "api-schema.ts").read_text()
    block = generated[generated.index("EventPayloads: {"):]
    block = block[: block.index("};")]
    assert set(re.findall(r"^\s+(\w+): ", block, flags=re.M)) == set(registry.event_payloads())
