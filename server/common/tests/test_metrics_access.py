"""Who may read /metrics on the app port, against the real server process."""
import pytest
import requests

from testing.live import ServerProcess

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.server_process]

TOKEN = "scrape-me-7f3a9c1e5b"


def get_metrics(server: ServerProcess, headers=None) -> requests.Response:
    return requests.get(f"{server.url}/metrics", headers=headers or {}, timeout=5)


def assert_refused(response: requests.Response) -> None:
    assert response.status_code == 403, response.text
    assert response.json()["error"]["code"] == "forbidden"
    assert "socketio_" not in response.text


def assert_metrics(response: requests.Response) -> None:
    assert response.status_code == 200, response.text
    assert response.headers["Content-Type"].startswith("text/plain")
    assert "# TYPE socketio_connects_total counter" in response.text


def test_with_a_token_only_that_bearer_token_reads_metrics(server_process):
    server = ServerProcess(server_process.db_url, env={"METRICS_TOKEN": TOKEN}).start()
    try:
        answers = {
            "none": get_metrics(server),
            "wrong": get_metrics(server, {"Authorization": "Bearer not-the-token"}),
            "prefix": get_metrics(server, {"Authorization": f"Bearer {TOKEN[:-1]}"}),
            "not bearer": get_metrics(server, {"Authorization": f"Basic {TOKEN}"}),
            "not ascii": get_metrics(server, {"Authorization": "Bearer caf\xe9".encode("latin-1")}),
            "right": get_metrics(server, {"Authorization": f"Bearer {TOKEN}"}),
        }
    finally:
        server.stop()
        server.remove_log()
    for name in ("none", "wrong", "prefix", "not bearer", "not ascii"):
        assert_refused(answers[name])
    assert_metrics(answers["right"])


def test_without_a_token_only_direct_loopback_requests_read_metrics(server_process):
    # What nginx (deploy/nginx.conf) adds to every request it passes on.
    for proxied in ({"X-Forwarded-For": "203.0.113.7"}, {"Forwarded": "for=203.0.113.7"}, {"X-Real-IP": "203.0.113.7"}):
        assert_refused(get_metrics(server_process, proxied))
    assert_metrics(get_metrics(server_process))
