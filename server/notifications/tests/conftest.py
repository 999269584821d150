import pytest

from testing.smtp import SmtpServer


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
