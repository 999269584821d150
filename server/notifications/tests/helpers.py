"""Helpers for the outbox tests: waiting on a condition, and `send_outbox` worker processes."""
import os
import subprocess
import sys
import time

from django.conf import settings

from testing.live import SERVER_DIR, database_url
from testing.smtp import SmtpServer


def wait_until(condition, timeout: float = 10.0, message: str = "condition"):
    """Poll `condition` (bounded) until it returns something truthy, and return that."""
    deadline = time.monotonic() + timeout
    while not (result := condition()):
        if time.monotonic() > deadline:
            raise AssertionError(f"{message} not met within {timeout}s")
        time.sleep(0.02)  # polling state another thread or process changes
    return result


def smtp_env(smtp: SmtpServer) -> dict:
    """Environment variables pointing a server or worker process at `smtp`."""
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": smtp.host,
        "EMAIL_PORT": str(smtp.port),
        "EMAIL_TIMEOUT": "5",
    }


def send_outbox(*args: str, smtp: SmtpServer) -> subprocess.Popen:
    """`manage.py send_outbox ARGS` as a process of its own, on the test database."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url(settings.DATABASES["default"]),
        "DJANGO_SETTINGS_MODULE": "server.settings",
        **smtp_env(smtp),
    }
    return subprocess.Popen(
        [sys.executable, "manage.py", "send_outbox", *args], cwd=SERVER_DIR, env=env,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
