import pytest
from rest_framework.test import APIClient

from testing import factories
from testing.smtp import SmtpServer


@pytest.fixture(autouse=True, scope="session")
def _media_root(tmp_path_factory):
    """Uploaded files of the whole run (this process and server_process) go to a temporary
    directory, never to server/media."""
    from django.test import override_settings

    with override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")):
        yield


@pytest.fixture(autouse=True, scope="session")
def _event_contract_checked():
    """Every event published in the tests is checked against its declared payload
    (realtime.contract): one that drifts fails the test that published it."""
    from django.test import override_settings

    with override_settings(EVENT_CONTRACT_CHECK=True):
        yield


@pytest.fixture(autouse=True)
def _fresh_throttles():
    """Throttle counters live in the cache: each test starts with a clean slate."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def api():
    """An anonymous REST client (CSRF is tested on its own in common/tests/test_csrf.py)."""
    return APIClient(enforce_csrf_checks=False)


@pytest.fixture
def staff_user(db):
    return factories.staff()


@pytest.fixture
def staff_api(staff_user):
    client = APIClient()
    client.force_authenticate(staff_user)
    client.user = staff_user
    return client


@pytest.fixture
def customer_obj(db):
    return factories.customer()


@pytest.fixture
def customer_api(customer_obj):
    client = APIClient()
    client.force_authenticate(customer_obj.user)
    client.user = customer_obj.user
    return client


@pytest.fixture(scope="session")
def server_process(django_db_setup, django_db_blocker):
    """The real ASGI server as a separate process, sharing the test database.

    Tests that use it must commit their data: mark them django_db(transaction=True).
    """
    from django.conf import settings

    from testing.live import ServerProcess, database_url

    process = ServerProcess(database_url(settings.DATABASES["default"])).start()
    yield process
    process.stop()
    process.remove_log()


@pytest.fixture
def smtp():
    """A real SMTP server process (testing.smtp) that accepts everything until told otherwise."""
    with SmtpServer() as server:
        yield server


@pytest.fixture
def smtp_settings(settings, smtp):
    """Django in this process sends through `smtp` (pytest-django's default is the locmem backend)."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = smtp.host, smtp.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5
    return smtp
