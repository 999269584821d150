"""Hostile request paths against the real server: refused (4xx), never an error (5xx)."""
import http.client

import pytest

from testing.live import ServerProcess

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.server_process]

LONG = "a" * 5000
PREFIXES = ["/", "/api/", "/api/auth/", "/django-admin/", "/django-admin/login/", "/static/", "/static/admin/", "/_next/static/"]
# Sent exactly as written (http.client neither normalises nor re-encodes a path).
TAILS = [
    # NUL and other control characters, alone and inside names.
    "%00", "%00.html", "index.html%00", "x%00/..", "%01", "%07", "%08", "%0a", "%0d%0aSet-Cookie:%20a=b", "%1b[31m", "%1f", "%7f",
    # Unicode that is not a file name: lone surrogates, non-characters, invalid UTF-8.
    "%ed%a0%80", "%ef%bf%bf", "%ff", "%c0%ae%c0%ae/", "%e2%80%8b",
    # Length: one name over NAME_MAX, a path over PATH_MAX, very deep.
    "a" * 300, LONG, "a/" * 2000, "%2e" * 1000,
    # Dot segments, plain and encoded, and encoded slashes and backslashes.
    "..", "../../../etc/passwd", "%2e%2e/%2e%2e/etc/passwd", "..%2f..%2f..%2fetc%2fpasswd", "%2e%2e%2f%2e%2e%2fserver%2fsettings.py",
    "..%5c..%5cwindows%5cwin.ini", "%2f", "%2f%2f%2fetc%2fpasswd", "/etc/passwd", "//", ".%00./",
    # Broken percent-encoding.
    "%", "%zz", "%%00", "%u0000",
]
PATHS = [prefix + tail for prefix in PREFIXES for tail in TAILS] + [
    "/metrics%00", "/healthz%00", "/readyz/%00", "/socket.io/%00", "/socket.io/?EIO=4&transport=polling&sid=%00",
    "/?next=%00", "/django-admin/login/?next=%00", "/api/availability?date=%00", "/api/auth/csrf?%00=%00",
]


@pytest.fixture(scope="module", params=["uvicorn", "granian"])
def server(request, server_process, tmp_path_factory):
    """A server with a (tiny) built client, so every path reaches the file lookup."""
    build = tmp_path_factory.mktemp("client-out")
    (build / "index.html").write_text("<h1>home</h1>")
    (build / "404.html").write_text("<h1>not found</h1>")
    (build / "_next" / "static").mkdir(parents=True)
    (build / "_next" / "static" / "app.js").write_text("0")
    process = ServerProcess(server_process.db_url, env={"CLIENT_BUILD_DIR": str(build)}, asgi_server=request.param).start()
    yield process
    process.stop()
    process.remove_log()


def status_of(server: ServerProcess, path: str) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    try:
        connection.request("GET", path)
        return connection.getresponse().status
    finally:
        connection.close()


def test_no_hostile_path_is_a_server_error(server):
    assert status_of(server, "/") == 200 and status_of(server, "/_next/static/app.js") == 200
    errors = {f"{path[:60]} ({len(path)})": status for path in PATHS if (status := status_of(server, path)) >= 500}
    assert errors == {}, f"{errors}\n{server.output()}"
    assert server.process.poll() is None
