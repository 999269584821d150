"""A page whose live connection keeps failing learns whether its address is the cause."""
import pytest
from django.test import override_settings
from rest_framework.test import APIClient

from testing.rest import error_of


@override_settings(ALLOWED_ORIGINS=["https://desk.example.com"])
@pytest.mark.django_db
@pytest.mark.parametrize("origin", ["https://desk.example.com", "https://desk.example.com/"])
def test_an_allowed_origin_is_told_so(origin):
    assert APIClient().get("/api/realtime/origin", {"origin": origin}).status_code == 204


@override_settings(ALLOWED_ORIGINS=["https://desk.example.com"])
@pytest.mark.django_db
@pytest.mark.parametrize("query", [{"origin": "https://evil.example"}, {"origin": "http://desk.example.com"}, {}, {"origin": "x" * 5000}])
def test_any_other_origin_gets_a_refusal_that_names_the_fix(query):
    error = error_of(APIClient().get("/api/realtime/origin", query), 403, "origin_not_allowed")
    assert "ALLOWED_ORIGINS" in error["message"]
