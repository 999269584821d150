"""The real server, started as its own process on a loopback port, for end-to-end tests."""
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import requests

SERVER_DIR = Path(__file__).resolve().parent.parent
STARTUP_TIMEOUT = 30.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url(settings_db: Mapping[str, Any]) -> str:
    """The URL of the database the test process uses, for the server process to share."""
    engine = settings_db["ENGINE"]
    if engine.endswith("sqlite3"):
        return f"sqlite:///{settings_db['NAME']}"
    user = settings_db.get("USER") or "postgres"
    host = settings_db.get("HOST") or "127.0.0.1"
    port = settings_db.get("PORT") or 5432
    return f"postgres://{user}@{host}:{port}/{settings_db['NAME']}"


class ServerProcess:
    def __init__(self, db_url: str, env: dict | None = None, port: int | None = None, asgi_server: str = "uvicorn"):
        self.db_url = db_url
        self.extra_env = env or {}
        self.port = port or free_port()
        self.asgi_server = asgi_server
        self.process: subprocess.Popen | None = None
        self.log = tempfile.NamedTemporaryFile(prefix="frontdesk-server-", suffix=".log", delete=False)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> "ServerProcess":
        from django.conf import settings

        env = {
            **os.environ,
            "DATABASE_URL": self.db_url,
            "DJANGO_SETTINGS_MODULE": "server.settings",
            "ALLOWED_ORIGINS": self.url,
            # Tests log in far more often than people do; throttling has its own tests.
            "THROTTLE_LOGIN": "10000/min",
            "THROTTLE_LOGIN_ACCOUNT": "10000/min",
            "THROTTLE_REGISTER": "10000/min",
            "THROTTLE_BOOKING": "10000/min",
            # Reached directly, not through a proxy; /metrics open to loopback scrapes.
            "TRUSTED_PROXIES": "0",
            "METRICS_TOKEN": "",
            # Server processes share the test database: their outbox worker would race the
            # workers the mail tests start. A test that wants it passes EMAIL_WORKER=inline.
            "EMAIL_WORKER": "off",
            # Uploads land where this test process finds them (conftest: a temporary directory).
            "MEDIA_ROOT": str(settings.MEDIA_ROOT),
            # Every event this process publishes is checked against its declared payload.
            "EVENT_CONTRACT_CHECK": "1",
            **self.extra_env,
        }
        self.process = subprocess.Popen(
            [sys.executable, "manage.py", "serve", "--host", "127.0.0.1", "--port", str(self.port), "--server", self.asgi_server],
            cwd=SERVER_DIR, env=env, stdout=self.log, stderr=subprocess.STDOUT,
        )
        self.wait_ready()
        return self

    def wait_ready(self) -> None:
        deadline = time.monotonic() + STARTUP_TIMEOUT
        assert self.process is not None, "start() first"
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited with {self.process.returncode}:\n{self.output()}")
            try:
                if requests.get(f"{self.url}/healthz", timeout=1).status_code == 200:
                    return
            except requests.ConnectionError:
                pass
            time.sleep(0.05)  # polling for readiness, not waiting out a race
        raise RuntimeError(f"server did not become ready:\n{self.output()}")

    def metric(self, name: str) -> float:
        """One sample from /metrics, e.g. 'socketio_connected_clients{namespace="/workflow"}' (0 when absent)."""
        text = requests.get(f"{self.url}/metrics", timeout=5).text
        for line in text.splitlines():
            if line.rsplit(" ", 1)[0] == name:
                return float(line.rsplit(" ", 1)[1])
        return 0.0

    def output(self) -> str:
        self.log.flush()
        return Path(self.log.name).read_text(errors="replace")[-5000:]

    def remove_log(self) -> None:
        Path(self.log.name).unlink(missing_ok=True)

    def stop(self, sig=signal.SIGTERM, timeout: float = 10) -> int | None:
        if self.process is None or self.process.poll() is not None:
            return self.process.returncode if self.process else None
        self.process.send_signal(sig)
        try:
            return self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            return self.process.wait(timeout=timeout)

    def kill(self) -> None:
        self.stop(signal.SIGKILL)

    def restart(self) -> "ServerProcess":
        self.stop()
        return self.start()


def start_together(*processes: ServerProcess) -> tuple[ServerProcess, ...]:
    """Start several server processes side by side (most of a start is waiting on imports)."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max(1, len(processes))) as pool:
        list(pool.map(ServerProcess.start, processes))
    return processes


class Session:
    """A logged-in browser-like HTTP session against the server process."""

    def __init__(self, server: ServerProcess):
        self.server = server
        self.http = requests.Session()
        self.http.get(f"{server.url}/api/auth/csrf", timeout=5)

    def login(self, email: str, password: str) -> "Session":
        response = self.post("/api/auth/login", {"email": email, "password": password})
        assert response.status_code == 200, response.text
        return self

    @property
    def cookie_header(self) -> str:
        return "; ".join(f"{name}={value}" for name, value in self.http.cookies.items())

    def _headers(self, extra=None):
        headers = {"X-CSRFToken": self.http.cookies.get("csrftoken", ""), "Origin": self.server.url}
        headers.update(extra or {})
        return headers

    def get(self, path: str, **kwargs):
        return self.http.get(f"{self.server.url}{path}", timeout=10, **kwargs)

    def post(self, path: str, body=None, headers=None):
        return self.http.post(f"{self.server.url}{path}", json=body, headers=self._headers(headers), timeout=10)

    def patch(self, path: str, body=None, headers=None):
        return self.http.patch(f"{self.server.url}{path}", json=body, headers=self._headers(headers), timeout=10)

    def delete(self, path: str, headers=None):
        return self.http.delete(f"{self.server.url}{path}", headers=self._headers(headers), timeout=10)


def login_as(server: ServerProcess, user, password: str | None = None) -> Session:
    """A session of `user` (made by testing.factories) against the server process."""
    from testing import factories

    return Session(server).login(user.email, password or factories.PASSWORD)
