"""Adjustments to the generated OpenAPI schema (drf-spectacular postprocessing hooks)."""


def answers_have_every_field(result, generator, request, public):
    """Mark every field of an answer (not of a request body) as always present.

    drf-spectacular calls a field with a model default optional, which is true of what
    a client sends but not of what the server answers: every answer carries every
    field. Without this the client's generated types would make it check for fields
    that are always there.
    """
    for name, component in result.get("components", {}).get("schemas", {}).items():
        if name.endswith("Request") or component.get("type") != "object" or "properties" not in component:
            continue
        component["required"] = sorted(component["properties"])
    return result


def error_catalogue(result, generator, request, public):
    """Add the error body every failed request answers with, and its codes as an enum.

    The codes come from common.errors, the one catalogue, so the client's generated
    `ErrorCode` union grows when a new error class is added.
    """
    from common.errors import DomainError

    codes, pending = set(), [DomainError]
    while pending:
        error = pending.pop()
        codes.add(error.code)
        pending += error.__subclasses__()
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas["ErrorCode"] = {"type": "string", "enum": sorted(codes)}
    schemas["ApiError"] = {
        "type": "object",
        "properties": {
            "code": {"$ref": "#/components/schemas/ErrorCode"},
            "message": {"type": "string"},
            "fields": {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}},
            "current": {"description": "The object as it is now, with `stale`."},
        },
        "required": ["code", "message"],
    }
    return result
