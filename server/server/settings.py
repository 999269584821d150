"""Settings for development and tests; production overrides live in settings_production.py.

Every environment variable the server reads is read here, once (see the table in README.md).
"""
import os
from pathlib import Path

import dj_database_url
import django_stubs_ext

# Django classes the type stubs make generic (admin.ModelAdmin[Stream]) can be written so at run time too.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent  # server/
REPO_DIR = BASE_DIR.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# A development key: settings_production.py refuses to start unless DJANGO_SECRET_KEY is set.
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "dev-only-insecure-key-change-me-0123456789abcdef")
DEBUG = env_bool("DJANGO_DEBUG", True)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")

# Browser origins allowed to open a Socket.IO connection and to make credentialed
# cross-origin requests (next dev on :3000 talks to the API on :8000).
ALLOWED_ORIGINS = env_list(
    "ALLOWED_ORIGINS",
    "http://127.0.0.1:8000,http://localhost:8000,http://127.0.0.1:3000,http://localhost:3000",
)
CSRF_TRUSTED_ORIGINS = ALLOWED_ORIGINS
CORS_ALLOWED_ORIGINS = ALLOWED_ORIGINS
CORS_ALLOW_CREDENTIALS = True
CORS_ALLOW_HEADERS = ["content-type", "x-csrftoken", "idempotency-key"]

# Everyone signs in with their email address (accounts.User).
AUTH_USER_MODEL = "accounts.User"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "corsheaders",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "common",
    "accounts",
    "realtime",
    "customers",
    "appointments",
    "workflow",
    "notifications",
]

MIDDLEWARE = [
    # Outermost: times and counts everything below it, and gives each request its id.
    "common.observability.RequestObservabilityMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "common.csp.ContentSecurityPolicyMiddleware",
    # Serves the Django admin's and the API docs' static files from this process.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "server.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]
ASGI_APPLICATION = "server.asgi.application"

DATABASE_URL = os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=0)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # BEGIN IMMEDIATE takes SQLite's write lock when a transaction starts, so the
        # "is this slot free?" check and the insert are serialised across threads and
        # processes (PostgreSQL uses an exclusion constraint instead).
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    # A file (not memory) so the real server process can share it; one per test run.
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / f"test-db-{os.getpid()}.sqlite3")}
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and (DATABASE_POOL_SIZE := int(os.environ.get("DATABASE_POOL_SIZE", "20"))) > 0:
    # Under ASGI each request runs in a thread of its own, so Django's persistent
    # connections cannot be reused (conn_max_age=0 above) and every request opened a
    # new PostgreSQL connection: about 1 ms of this process's CPU, more of the database
    # server's, and 5 ms of latency. A pool hands each request an open one instead.
    # At most DATABASE_POOL_SIZE per process; a request that finds none free waits up
    # to 10 s for one (the sockets' ORM work holds one, in Django's single sync thread).
    # Each is checked before it is handed out (one round trip), so connections the
    # server dropped (a restart, a failover, an idle timeout) are replaced, not failed on.
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": min(2, DATABASE_POOL_SIZE), "max_size": DATABASE_POOL_SIZE, "timeout": 10,
    }
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
# The business's own zone: "today", opening hours and slots are local to it; storage is UTC.
TIME_ZONE = os.environ.get("BUSINESS_TIME_ZONE", "Europe/London")
# How the business presents itself to customers (GET /api/business).
BUSINESS_NAME = os.environ.get("BUSINESS_NAME", "Front desk")
BUSINESS_CURRENCY = os.environ.get("BUSINESS_CURRENCY", "GBP")  # ISO 4217, for prices
BUSINESS_LOCALE = os.environ.get("BUSINESS_LOCALE", "en-GB")  # BCP 47, for prices and dates
# Customers may cancel or reschedule until this many hours before the start.
CANCELLATION_NOTICE_HOURS = int(os.environ.get("CANCELLATION_NOTICE_HOURS", "24"))
# Reminders go out this many hours before an appointment.
REMINDER_HOURS = int(os.environ.get("REMINDER_HOURS", "24"))
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# Development serves static files straight from the apps; production from
# `collectstatic` output (the Docker image runs it at build time).
WHITENOISE_USE_FINDERS = DEBUG
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Uploaded files (card attachments), through Django's storage API: STORAGES["default"] is
# the local directory MEDIA_ROOT unless configured otherwise (an S3-compatible store is one
# STORAGES entry away, e.g. django-storages). Never served as static files: each download
# goes through a view that checks the board permission (workflow.api.AttachmentFileApi).
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# The largest attachment accepted, in bytes; deploy/nginx*.conf allow this plus form overhead.
ATTACHMENT_MAX_BYTES = int(os.environ.get("ATTACHMENT_MAX_BYTES", str(10 * 1024 * 1024)))

# The built Next.js client (static export) served at "/".
CLIENT_BUILD_DIR = Path(os.environ.get("CLIENT_BUILD_DIR", REPO_DIR / "client" / "out"))

SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = False  # the client reads it to send X-CSRFToken

# How many reverse proxies in front of the app append to X-Forwarded-For (nginx: 1). With 0
# clients connect directly, so X-Forwarded-For is their own claim: ignored, or anyone could
# dodge the per-address rate limits by sending a new one each time (see `manage.py serve`).
TRUSTED_PROXIES = int(os.environ.get("TRUSTED_PROXIES") or "0")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "common.api.exception_handler",
    "DEFAULT_THROTTLE_RATES": {
        "login": os.environ.get("THROTTLE_LOGIN", "10/min"),
        # Per account, from any number of addresses: caps a botnet at 480 guesses a day at one
        # password, far above anyone's typos. Someone can keep an account's sign-in blocked by
        # spending 20 tries an hour on it; any per-account limit allows that, a higher one
        # only shortens the wait once they stop.
        "login_account": os.environ.get("THROTTLE_LOGIN_ACCOUNT", "20/hour"),
        "register": os.environ.get("THROTTLE_REGISTER", "10/min"),
        "booking": os.environ.get("THROTTLE_BOOKING", "30/min"),
    },
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "NUM_PROXIES": TRUSTED_PROXIES,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Front desk API",
    "DESCRIPTION": "Customers, appointments and workflow boards. Real-time events: docs/protocol.md.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI from the sidecar package, not a CDN: the docs work offline.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # OpenAPI 3.1: its schemas are JSON Schema, so the tests validate event payloads with them as they are.
    "OAS_VERSION": "3.1.0",
    "POSTPROCESSING_HOOKS": [
        "realtime.contract.payloads_component",
        "drf_spectacular.hooks.postprocess_schema_enums",
        "common.schema.answers_have_every_field",
        "common.schema.error_catalogue",
    ],
}

# Real-time delivery.
# Events older than this are pruned by `manage.py prune_events`; a client asking to
# resume from before the oldest kept event gets a full snapshot instead (a resync).
EVENT_RETENTION_HOURS = int(os.environ.get("EVENT_RETENTION_HOURS", "72"))
# Validate every published event's data against its declared payload (realtime.contract).
# On in the tests, where a drifted event should fail loudly; off in production.
EVENT_CONTRACT_CHECK = os.environ.get("EVENT_CONTRACT_CHECK", "") in ("1", "true")
# Unset: one process, no queue. redis://... or amqp://...: python-socketio's own managers.
SOCKETIO_MESSAGE_QUEUE = os.environ.get("SOCKETIO_MESSAGE_QUEUE", "")
# The queue's channel: deployments sharing one Redis or RabbitMQ use different channels.
SOCKETIO_QUEUE_CHANNEL = os.environ.get("SOCKETIO_QUEUE_CHANNEL", "frontdesk")
# Socket.IO packets larger than this are refused (the library default is 1 MB).
SOCKETIO_MAX_MESSAGE_BYTES = int(os.environ.get("SOCKETIO_MAX_MESSAGE_BYTES", str(64 * 1024)))
# Per-connection budget of client events: a burst of this many, refilled per second.
SOCKETIO_EVENTS_PER_SECOND = float(os.environ.get("SOCKETIO_EVENTS_PER_SECOND", "20"))
SOCKETIO_EVENT_BURST = int(os.environ.get("SOCKETIO_EVENT_BURST", "40"))
# Open sockets one user may hold in one process (each namespace counts): a front desk
# with a dozen tabs needs a few dozen; one cookie holding hundreds is an attack.
SOCKETIO_MAX_SOCKETS_PER_USER = int(os.environ.get("SOCKETIO_MAX_SOCKETS_PER_USER", "50"))
# Events a websocket client may fall behind (packets waiting because its network does not
# take them) before it is disconnected; it reconnects and replays from its last seq.
SOCKETIO_MAX_QUEUED_PACKETS = int(os.environ.get("SOCKETIO_MAX_QUEUED_PACKETS", "1000"))
# Seconds between Engine.IO pings of each connection (python-socketio's default, 25).
SOCKETIO_PING_INTERVAL = float(os.environ.get("SOCKETIO_PING_INTERVAL", "25"))

# Set: GET /metrics needs `Authorization: Bearer <token>`. Unset: only direct loopback
# requests (no proxy headers) may read it.
METRICS_TOKEN = os.environ.get("METRICS_TOKEN", "")

# Booking grid: slots start every SLOT_MINUTES inside opening hours.
SLOT_MINUTES = int(os.environ.get("SLOT_MINUTES", "30"))

# Email. Every email goes through the outbox (notifications app): queued in the same
# transaction as the change that causes it, sent after the commit by a worker.
# The console backend (the default) prints each email in the server's output.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)  # STARTTLS, usually port 587
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)  # TLS from the first byte, usually port 465
# Seconds per SMTP socket operation: without it a mail server that stops answering
# holds the outbox worker forever (Django's default is no timeout).
EMAIL_TIMEOUT = float(os.environ.get("EMAIL_TIMEOUT", "30"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "frontdesk@localhost")
# inline: the ASGI server process sends the outbox in a thread of its own.
# off: it does not; run `manage.py send_outbox --loop` as a separate process instead.
EMAIL_WORKER = os.environ.get("EMAIL_WORKER", "inline").strip().lower()
if EMAIL_WORKER not in {"inline", "off"}:
    raise ValueError(f"EMAIL_WORKER must be inline or off, not {EMAIL_WORKER!r}")
# Where people reach the web client: links in emails are absolute and start with it.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO").upper()
# `plain` for people, `json` (one object per line, with request ids) for log collectors.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "plain")
if LOG_FORMAT not in {"plain", "json"}:
    raise ValueError(f"LOG_FORMAT must be plain or json, not {LOG_FORMAT!r}")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "common.observability.JsonFormatter"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
