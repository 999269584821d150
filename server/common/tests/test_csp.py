"""Every HTML answer carries a Content-Security-Policy that forbids inline script it was not served with."""
import re

import pytest

from common.csp import inline_hashes

INLINE_SCRIPT = "(globalThis.TURBOPACK ||= []).push({otherChunks: []});"


def directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {name: sources for name, *sources in (part.split() for part in header.split(";"))}


def assert_strict(policy: dict[str, list[str]]) -> None:
    assert "'unsafe-inline'" not in policy["script-src"]
    assert "'unsafe-eval'" not in policy["script-src"]
    assert policy["script-src"][0] == "'self'"
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]
    assert "'self'" in policy["connect-src"]


@pytest.fixture
def client_build(settings, tmp_path):
    """A built client as Next.js exports it: one inline script, the rest from files."""
    (tmp_path / "index.html").write_text(
        f'<!DOCTYPE html><html><head><script>{INLINE_SCRIPT}</script><script src="/_next/a.js" defer=""></script>'
        '</head><body><h1>Front desk</h1><script id="__NEXT_DATA__" type="application/json">{}</script></body></html>'
    )
    settings.CLIENT_BUILD_DIR = tmp_path
    return tmp_path


def test_client_page_allows_only_its_own_inline_script(client, client_build):
    response = client.get("/")
    policy = directives(response)
    assert_strict(policy)
    (script_hash,) = inline_hashes(f"<script>{INLINE_SCRIPT}</script>")[0]
    assert policy["script-src"] == ["'self'", script_hash]  # not the JSON data block
    assert policy["connect-src"] == ["'self'", "ws://testserver"]
    assert policy["img-src"] == ["'self'", "data:", "blob:"]


def test_client_404_page_has_the_policy_too(client, client_build):
    (client_build / "404.html").write_text("<!DOCTYPE html><h1>Not found</h1>")
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert directives(response)["script-src"] == ["'self'"]


def test_websocket_source_follows_the_scheme(client, client_build):
    response = client.get("/", secure=True)
    assert directives(response)["connect-src"] == ["'self'", "wss://testserver"]


def test_api_docs_allow_exactly_the_inline_script_and_style_on_the_page(client, db):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    policy = directives(response)
    assert_strict(policy)
    html = response.content.decode()
    body = re.search(r"<script>(.*?)</script>", html, re.DOTALL).group(1)
    assert "SwaggerUIBundle" in body
    scripts, styles = inline_hashes(html)
    assert policy["script-src"] == ["'self'", *scripts] and len(scripts) == 1
    assert policy["style-src"] == ["'self'", *styles] and len(styles) == 1


@pytest.mark.parametrize("path", ["/django-admin/login/", "/django-admin/"])
def test_django_admin_allows_no_inline_script(client, admin_user, path):
    if path != "/django-admin/login/":
        client.force_login(admin_user)
    response = client.get(path)
    assert response.status_code == 200
    policy = directives(response)
    assert_strict(policy)
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]


def test_json_answers_are_left_alone(api, db):
    response = api.get("/api/auth/me")
    assert "Content-Security-Policy" not in response


def test_hashes_match_what_the_browser_hashes():
    # The browser hashes the text after turning CRLF into LF; a script with src or a JSON
    # data block needs no hash.
    scripts, styles = inline_hashes(
        '<script>a\r\nb</script><script src="x.js">ignored</script>'
        '<script type="application/json">{}</script><STYLE>p{}</STYLE>'
    )
    assert scripts == inline_hashes("<script>a\nb</script>")[0] == ["'sha256-fhj3NzEbLcOy8mndeDlrA1HxT7Zu+oefdoyyMYGIPHg='"]
    assert len(styles) == 1
