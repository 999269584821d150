"""The check that every published envelope keeps the event contract.

Each event's `data` has a schema, derived from the serializer its app registered
(realtime.registry.event_payload) and published in the OpenAPI document as
`EventPayloads`; the client's event types are generated from the same document. With
EVENT_CONTRACT_CHECK on (every test run), `publish` validates each envelope against it
before storing it, so an event that drifts from its declared shape fails the test
that caused it instead of surprising a client.
"""
import functools
from typing import Any

from drf_spectacular.generators import SchemaGenerator
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012
from rest_framework.request import Request

from realtime import registry

DOCUMENT_URI = "urn:frontdesk:openapi"


class ContractBroken(AssertionError):
    """An envelope whose data does not match its event's declared payload."""


@functools.cache
def _validators() -> dict[str, Draft202012Validator]:
    document = SchemaGenerator().get_schema(request=None, public=True)
    schemas = Registry().with_resource(DOCUMENT_URI, Resource.from_contents(document, default_specification=DRAFT202012))
    return {
        event: Draft202012Validator(
            {"$ref": f"{DOCUMENT_URI}#/components/schemas/EventPayloads/properties/{event}"}, registry=schemas
        )
        for event in registry.event_payloads()
    }


def check_envelope(envelope: dict[str, Any]) -> None:
    validator = _validators().get(envelope["event"])
    if validator is None:
        raise ContractBroken(f"event {envelope['event']!r} has no declared payload (realtime.registry.event_payload)")
    problems = sorted(validator.iter_errors(envelope["data"]), key=lambda error: list(error.path))
    if problems:
        where = "/".join(str(part) for part in problems[0].path) or "(data)"
        raise ContractBroken(f"{envelope['event']}/{envelope['op']}: {where}: {problems[0].message}")


def payloads_component(result: dict[str, Any], generator: SchemaGenerator, request: Request | None, public: bool) -> dict[str, Any]:
    """drf-spectacular postprocessing hook: `EventPayloads`, one property per event.

    Each is the component of its registered serializer (or either of two, when the
    `deleted` op carries a smaller shape). Components only events use are added too.
    """
    from drf_spectacular.openapi import AutoSchema
    from drf_spectacular.plumbing import ResolvedComponent
    from rest_framework.views import APIView

    # The resolver views use, outside any view: event payloads belong to no endpoint.
    resolver, view = AutoSchema(), APIView()
    view.request = None  # type: ignore[assignment]  # no request: event payloads belong to no endpoint
    resolver.registry, resolver.method, resolver.path, resolver.view = generator.registry, "GET", "/", view
    properties = {}
    for event, (serializer, deleted) in sorted(registry.event_payloads().items()):
        refs = [resolver.resolve_serializer(shape(), "response").ref for shape in (serializer, deleted) if shape is not None]
        properties[event] = refs[0] if len(refs) == 1 else {"anyOf": refs}
    # Into the generator's registry, from which drf-spectacular's later hooks rebuild
    # the components (a component only added to `result` would be dropped).
    generator.registry.register_on_missing(
        ResolvedComponent(
            name="EventPayloads",
            type=ResolvedComponent.SCHEMA,
            object="EventPayloads",
            schema={"type": "object", "properties": properties, "required": sorted(properties)},
        )
    )
    result.setdefault("components", {})["schemas"] = generator.registry.build({}).get("schemas", {})
    return result
