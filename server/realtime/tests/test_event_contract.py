"""The event list cannot drift: server handlers, docs/events.json, docs/protocol.md and publishers agree.

(The client's TypeScript event map is checked against docs/events.json by its own test.)
"""
import json
import re
from pathlib import Path

import pytest

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


@pytest.mark.django_db
def test_services_publish_exactly_the_listed_events():
    from appointments.selectors import dashboard_values

    # Services publish; so do the service modules an app splits off (workflow/checklists.py).
    source = "\n".join(path.read_text() for path in (REPO / "server").glob("*/*.py"))
    published = set(re.findall(r'event="([a-z_]+)"', source)) | set(re.findall(r'_publish\([^,]+, "([a-z_]+)"', source))
    published |= set(dashboard_values())  # appointments publish each dashboard value under its own name
    listed = {e for events in SERVER_TO_CLIENT.values() for e in events}
    assert published and published <= listed, published - listed
    assert listed <= published, listed - published
