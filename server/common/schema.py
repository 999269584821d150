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
