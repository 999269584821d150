"""The real server process: it sends its own outbox, and never makes a request wait for the mail server."""
import re
import time
from contextlib import contextmanager
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings

from notifications.models import OutboxEmail
from notifications.tests.helpers import smtp_env
from testing import factories
from testing.live import ServerProcess, Session, database_url
from testing.smtp import silent_smtp_server

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.server_process, pytest.mark.postgres]

NEW_PASSWORD = "quiet-heron-lantern-81"


@contextmanager
def server_process(**env):
    # EMAIL_WORKER=inline: the worker thread `make run` starts (this session's other
    # servers run without it: see conftest.py).
    server = ServerProcess(database_url(settings.DATABASES["default"]), env={"EMAIL_WORKER": "inline", **env}).start()
    try:
        yield server
    finally:
        server.stop()
        server.remove_log()


def timed(call, *args):
    started = time.monotonic()
    response = call(*args)
    return response, time.monotonic() - started


def test_the_server_sends_the_reset_email_itself_with_a_link_that_works(smtp):
    factories.customer(email="casey@example.test")

    with server_process(**smtp_env(smtp), SITE_URL="https://frontdesk.example") as server:
        session = Session(server)
        assert session.post("/api/auth/password-reset", {"email": "casey@example.test"}).status_code == 200
        [message] = smtp.wait_for_messages(1)
        link = re.search(r"\S+/reset-password/\?\S+", message.get_body(("plain",)).get_content()).group(0)
        assert link.startswith("https://frontdesk.example/reset-password/?")
        query = parse_qs(urlsplit(link).query)
        confirm = {"uid": query["uid"][0], "token": query["token"][0], "new_password": NEW_PASSWORD}
        assert session.post("/api/auth/password-reset/confirm", confirm).status_code == 200
        Session(server).login("casey@example.test", NEW_PASSWORD)

    assert message["To"] == "casey@example.test"


def test_a_hanging_mail_server_cannot_reveal_by_timing_that_an_email_has_an_account():
    """The attack: time the reset request. With the mail sent inside the request a known
    address waited for the mail server (here: a minute); queued, both answer at once."""
    factories.customer(email="casey@example.test")

    with silent_smtp_server() as (host, port), server_process(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend", EMAIL_HOST=host, EMAIL_PORT=str(port),
        EMAIL_TIMEOUT="60",
    ) as server:
        session = Session(server)
        # The known address first: the server's worker is then stuck on the silent mail
        # server while the second request is answered.
        known, known_seconds = timed(session.post, "/api/auth/password-reset", {"email": "casey@example.test"})
        unknown, unknown_seconds = timed(session.post, "/api/auth/password-reset", {"email": "nobody@example.test"})

    assert known.status_code == unknown.status_code == 200
    assert known.json() == unknown.json()
    assert known_seconds < 5 and unknown_seconds < 5, (known_seconds, unknown_seconds)
    assert list(OutboxEmail.objects.values_list("to", flat=True)) == ["casey@example.test"]
