"""Operational endpoints and the built web client."""
import hmac
import ipaddress
import mimetypes
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.http import Http404, HttpResponse, JsonResponse
from django.views.decorators.http import require_GET

from common import errors
from realtime import queue as message_queue


def _database_up() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return True
    except Exception:  # any failure means "not reachable" to a health check
        return False


@require_GET
def healthz(request):
    """Liveness: the app answers and its database is up."""
    if not _database_up():
        return JsonResponse({"status": "unavailable", "database": "down"}, status=503)
    return JsonResponse({"status": "ok"})


@require_GET
def readyz(request):
    """Readiness: the database is reachable, and the message queue when one is configured.

    Without the database nothing works: 503 "unavailable". Without the queue the process
    still serves its own clients, and events from other processes still reach them
    through the event store (realtime.relay), only slower: 200 "degraded", so a load
    balancer keeps it while an operator is told.
    """
    database = _database_up()
    body = {"status": "ready" if database else "unavailable", "database": "up" if database else "down"}
    if settings.SOCKETIO_MESSAGE_QUEUE:
        body["message_queue"] = message_queue.state(settings.SOCKETIO_MESSAGE_QUEUE)
        if database and body["message_queue"] != "up":
            body["status"] = "degraded"
    return JsonResponse(body, status=200 if database else 503)


# Headers a proxy adds: with any of them the request came through one, however local the peer.
PROXY_HEADERS = ("X-Forwarded-For", "Forwarded", "X-Real-IP")


def _is_loopback(address: str | None) -> bool:
    try:
        ip = ipaddress.ip_address(address or "")
    except ValueError:
        return False
    return (getattr(ip, "ipv4_mapped", None) or ip).is_loopback


def _may_read_metrics(request) -> bool:
    """With METRICS_TOKEN: that bearer token. Without: a process on this host, not via a proxy."""
    if settings.METRICS_TOKEN:
        scheme, _, supplied = request.headers.get("Authorization", "").partition(" ")
        # Bytes: compare_digest refuses non-ASCII str, and the header is the visitor's.
        return scheme.lower() == "bearer" and hmac.compare_digest(
            supplied.strip().encode(), settings.METRICS_TOKEN.encode()
        )
    return _is_loopback(request.META.get("REMOTE_ADDR")) and not any(h in request.headers for h in PROXY_HEADERS)


@require_GET
def metrics(request):
    """Prometheus metrics, for the operator only (see METRICS_TOKEN in settings)."""
    if not _may_read_metrics(request):
        error = errors.Forbidden("Metrics need the METRICS_TOKEN bearer token, or a direct request from this host.")
        return JsonResponse({"error": error.as_dict()}, status=error.status)
    from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

    import realtime.metrics  # noqa: F401  (registers the real-time metrics)

    return HttpResponse(generate_latest(), content_type=CONTENT_TYPE_LATEST)


def api_not_found(request):
    return JsonResponse({"error": {"code": "not_found", "message": "No such API endpoint."}}, status=404)


def _client_file(path: str) -> Path | None:
    root = settings.CLIENT_BUILD_DIR.resolve()
    candidates = [path, f"{path}.html", f"{path}/index.html"] if path else ["index.html"]
    for candidate in candidates:
        try:
            file = (root / candidate).resolve()
            if file.is_relative_to(root) and file.is_file():
                return file
        except (ValueError, OSError):
            # The path is the visitor's: for a NUL byte (ValueError) or a name too long
            # (OSError) the OS raises instead of saying "no such file". Either way: none.
            continue
    return None


@require_GET
def client_app(request, path: str):
    """Serve the Next.js static export: /book -> book.html, /_next/... as files."""
    if not settings.CLIENT_BUILD_DIR.is_dir():
        return HttpResponse(
            "The web client is not built yet. Run `make run` (or `cd client && npm ci && npm run build`).",
            content_type="text/plain",
            status=503,
        )
    file = _client_file(path.strip("/"))
    if file is None:
        file = _client_file("404")
        if file is None:
            raise Http404("No such page")
        return HttpResponse(file.read_bytes(), status=404, content_type="text/html")
    content_type, _ = mimetypes.guess_type(file.name)
    # Small files read whole: a file-streaming response blocks a worker under ASGI.
    response = HttpResponse(file.read_bytes(), content_type=content_type or "application/octet-stream")
    if "/_next/static/" in f"/{path}":
        response["Cache-Control"] = "public, max-age=31536000, immutable"
    return response
