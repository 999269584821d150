"""What an operator sees of each request: a request id, metrics by route, one log line.

- Every request gets an id: the caller's `X-Request-ID` when it is a sane token, else a
  new one. It is sent back in the answer's `X-Request-ID`, put on every log line of
  the request, and stored in the envelope of every event the request causes.
- `/metrics` gets request counts by method, route template and status class, latency
  and database-time histograms by route: route templates (`api/cards/<int:pk>/move`),
  never raw paths, so the number of series is bounded.
- With `LOG_FORMAT=json` every log line is one JSON object.
"""
import json
import logging
import re
import time
import uuid
from contextvars import ContextVar

from django.db import connection
from prometheus_client import Counter, Histogram

logger = logging.getLogger("frontdesk.requests")

current_request_id: ContextVar[str | None] = ContextVar("current_request_id", default=None)
_SANE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")

_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)
requests_total = Counter("http_requests_total", "HTTP requests answered", ["method", "route", "status"])
request_seconds = Histogram("http_request_duration_seconds", "Time to answer an HTTP request", ["method", "route"], buckets=_BUCKETS)
request_db_seconds = Histogram("http_request_db_seconds", "Database time within an HTTP request", ["route"], buckets=_BUCKETS)

METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}


def new_request_id(supplied: str | None = None) -> str:
    return supplied if supplied and _SANE_REQUEST_ID.match(supplied) else uuid.uuid4().hex


def route_label(match) -> str:
    """The route template (`api/cards/<int:pk>/move`); a catch-all regex goes by its URL name."""
    if match is None:
        return "unmatched"
    if match.route and not match.route.startswith("^"):
        return match.route
    return match.url_name or match.route or "matched"


class _DatabaseTimer:
    """Adds up the time spent in queries (connection.execute_wrapper)."""

    def __init__(self):
        self.seconds = 0.0

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - started


class RequestObservabilityMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = new_request_id(request.headers.get("X-Request-ID"))
        token = current_request_id.set(request_id)
        timer = _DatabaseTimer()
        started = time.perf_counter()
        try:
            with connection.execute_wrapper(timer):
                response = self.get_response(request)
        finally:
            current_request_id.reset(token)
        elapsed = time.perf_counter() - started
        route = route_label(getattr(request, "resolver_match", None))
        method = request.method if request.method in METHODS else "other"
        requests_total.labels(method, route, f"{response.status_code // 100}xx").inc()
        request_seconds.labels(method, route).observe(elapsed)
        request_db_seconds.labels(route).observe(timer.seconds)
        response["X-Request-ID"] = request_id
        user = getattr(request, "user", None)
        logger.info(
            "%s %s %s %.1f ms", method, route, response.status_code, elapsed * 1000,
            extra={
                "request_id": request_id, "route": route, "status": response.status_code,
                "duration_ms": round(elapsed * 1000, 1), "db_ms": round(timer.seconds * 1000, 1),
                "user_id": user.id if user is not None and user.is_authenticated else None,
            },
        )
        return response


# Attributes a log record may carry (`extra=`) that the JSON lines include.
LOGGED_FIELDS = (
    "request_id", "user_id", "route", "status", "duration_ms", "db_ms", "namespace", "event", "stream", "seq", "sid",
)


class JsonFormatter(logging.Formatter):
    converter = staticmethod(time.gmtime)  # the "Z" in the time stamp means it

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S") + f".{int(record.msecs):03d}Z",
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request_id = getattr(record, "request_id", None) or current_request_id.get()
        if request_id:
            line["request_id"] = request_id
        for field in LOGGED_FIELDS:
            value = getattr(record, field, None)
            if value is not None and field not in line:
                line[field] = value
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, default=str)
