"""Login, registration and booking are rate limited per client; login also per account (settings THROTTLE_*)."""
import pytest
from rest_framework.test import APIClient

from testing import factories
from testing.live import ServerProcess, Session


@pytest.mark.django_db
def test_login_attempts_are_throttled():
    user = factories.user()
    client = APIClient()
    answers = [client.post("/api/auth/login", {"email": user.email, "password": "wrong"}, format="json") for _ in range(12)]
    assert [a.status_code for a in answers[:10]] == [400] * 10
    assert answers[10].status_code == 429
    assert answers[10].json()["error"]["code"] == "rate_limited"
    assert "Retry-After" in answers[10]


@pytest.mark.django_db
def test_registrations_are_throttled():
    client = APIClient()
    statuses = [
        client.post("/api/auth/register", {"name": "N", "email": f"n{i}@example.test", "phone": "", "password": "a-long-passphrase-1"}, format="json").status_code
        for i in range(11)
    ]
    assert statuses[:10] == [201] * 10 and statuses[10] == 429


def _wrong_login(session, email: str, headers=None):
    return session.post("/api/auth/login", {"email": email, "password": "wrong"}, headers=headers)


@pytest.mark.server_process
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("asgi_server", ["uvicorn", "granian"])
def test_a_new_x_forwarded_for_does_not_reset_the_login_limit(server_process, asgi_server):
    """Reached directly, the client's own X-Forwarded-For is not its address."""
    user = factories.user()
    server = ServerProcess(server_process.db_url, env={"THROTTLE_LOGIN": "5/min"}, asgi_server=asgi_server).start()
    try:
        session = Session(server)
        assert [_wrong_login(session, user.email).status_code for _ in range(5)] == [400] * 5
        spoofed = [_wrong_login(session, user.email, {"X-Forwarded-For": f"203.0.113.{n}"}) for n in range(1, 31)]
        right = session.post(
            "/api/auth/login", {"email": user.email, "password": factories.PASSWORD}, headers={"X-Forwarded-For": "203.0.113.99"}
        )
    finally:
        server.stop()
        server.remove_log()
    assert [a.status_code for a in spoofed] == [429] * 30
    assert spoofed[-1].json()["error"]["code"] == "rate_limited"
    assert right.status_code == 429


@pytest.mark.server_process
@pytest.mark.django_db(transaction=True)
def test_behind_one_proxy_the_limit_follows_the_address_the_proxy_appends(server_process):
    """TRUSTED_PROXIES=1: this test plays nginx, appending the peer to what the client sent."""
    user = factories.user()
    server = ServerProcess(server_process.db_url, env={"THROTTLE_LOGIN": "5/min", "TRUSTED_PROXIES": "1"}).start()
    try:
        session = Session(server)
        attacker = [_wrong_login(session, user.email, {"X-Forwarded-For": f"203.0.113.{n}, 198.51.100.7"}) for n in range(8)]
        someone_else = _wrong_login(session, user.email, {"X-Forwarded-For": "198.51.100.8"})
    finally:
        server.stop()
        server.remove_log()
    assert [a.status_code for a in attacker] == [400] * 5 + [429] * 3
    assert someone_else.status_code == 400


@pytest.mark.server_process
@pytest.mark.django_db(transaction=True)
def test_login_attempts_are_limited_per_account(server_process):
    """Many addresses guessing one password: here the per-address limit is out of reach."""
    victim, other = factories.user(), factories.user()
    server = ServerProcess(server_process.db_url, env={"THROTTLE_LOGIN": "10000/min", "THROTTLE_LOGIN_ACCOUNT": "5/min"}).start()
    try:
        session = Session(server)
        first = [_wrong_login(session, victim.email).status_code for _ in range(5)]
        limited = _wrong_login(session, victim.email)
        # The same account however the address is written.
        respelled = _wrong_login(session, f"  {victim.email.upper()} ")
        right = session.post("/api/auth/login", {"email": victim.email, "password": factories.PASSWORD})
        other_account = Session(server).post("/api/auth/login", {"email": other.email, "password": factories.PASSWORD})
    finally:
        server.stop()
        server.remove_log()
    assert first == [400] * 5
    assert limited.status_code == 429
    assert limited.json()["error"]["code"] == "rate_limited"
    assert "Retry-After" in limited.headers
    assert respelled.status_code == 429
    assert right.status_code == 429
    assert other_account.status_code == 200, other_account.text
