"""The OpenAPI document at /api/schema/ describes every endpoint the server routes and docs/api.md lists."""
import re
from pathlib import Path

import pytest
from django.urls import URLResolver, get_resolver

pytestmark = pytest.mark.django_db

API_DOC = Path(__file__).resolve().parents[3] / "docs" / "api.md"
HTTP_METHODS = {"get", "post", "put", "patch", "delete"}


def routed_paths() -> set[str]:
    """Every path under /api/ that the URL configuration routes, spelled the OpenAPI way."""
    paths = set()

    def walk(patterns, prefix: str) -> None:
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, route)
            elif route.startswith("api/") and not route.startswith(("api/schema", "api/docs", "^api/")):
                route = re.sub(r"<(?:\w+:)?pk>", "{id}", route)
                paths.add("/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route))

    walk(get_resolver().url_patterns, "")
    return paths


def documented_operations() -> set[tuple[str, str]]:
    """(method, path) of each row of the tables in docs/api.md."""
    rows = re.findall(r"^\|\s*(GET|POST|PATCH|PUT|DELETE)\s*\|\s*`([^`]+)`", API_DOC.read_text(), flags=re.M)
    return {(method.lower(), path.split("?")[0]) for method, path in rows}


@pytest.fixture(scope="module")
def schema(django_db_blocker):
    from rest_framework.test import APIClient

    with django_db_blocker.unblock():
        response = APIClient().get("/api/schema/?format=json")
    assert response.status_code == 200
    return response.json()


def test_schema_is_openapi_3(schema):
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"]


def test_schema_has_every_routed_path(schema):
    assert len(routed_paths()) >= 30
    missing = routed_paths() - set(schema["paths"])
    assert not missing


def test_schema_has_every_documented_operation(schema):
    operations = documented_operations()
    assert len(operations) >= 35  # the parser found the tables
    missing = {(method, path) for method, path in operations if method not in schema["paths"].get(path, {})}
    assert not missing


def test_schema_lists_nothing_the_server_does_not_route(schema):
    assert set(schema["paths"]) <= routed_paths()


def test_every_operation_has_a_success_response(schema):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if method in HTTP_METHODS:
                assert any(code.startswith("2") for code in operation["responses"]), (method, path)


def test_swagger_page_is_served(api):
    assert api.get("/api/docs/").status_code == 200
