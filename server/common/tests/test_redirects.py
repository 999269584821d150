"""The server's own `next` redirect (the Django admin's login) stays on this site.

A guard, not a regression test: Django checks `next` with url_has_allowed_host_and_scheme,
which drops tabs and newlines as browsers do. The web client's check is in client/lib/auth.ts.
"""
from urllib.parse import urlsplit

import pytest

HOSTILE = [
    "/\t/evil.example",
    "/\n/evil.example",
    "/\r/evil.example",
    "//evil.example",
    "///evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "/.//evil.example",
    "https://evil.example/",
    "javascript:alert(1)",
]


def read_as_a_browser(location: str):
    """What a browser makes of a Location header: tabs/newlines dropped, "\\" read as "/"."""
    cleaned = location.translate({ord(c): None for c in "\t\n\r"}).strip().replace("\\", "/")
    return urlsplit(cleaned)


@pytest.mark.parametrize("next_url", HOSTILE)
def test_admin_login_does_not_follow_next_off_site(client, admin_user, next_url):
    response = client.post(
        "/django-admin/login/",
        {"username": admin_user.email, "password": "password", "next": next_url},
    )
    assert response.status_code == 302
    target = read_as_a_browser(response["Location"])
    assert target.scheme == "" and target.netloc == "", response["Location"]
    assert target.path.startswith("/") and not target.path.startswith("//"), response["Location"]


def test_admin_login_follows_a_path_on_this_site(client, admin_user):
    response = client.post(
        "/django-admin/login/",
        {"username": admin_user.email, "password": "password", "next": "/django-admin/auth/user/"},
    )
    assert response["Location"] == "/django-admin/auth/user/"
