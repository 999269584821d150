"""Operational endpoints and the built web client."""
import mimetypes
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.views.decorators.http import require_GET


@require_GET
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:  # the database is down: not healthy, and say so plainly
        return JsonResponse({"status": "unavailable", "database": "down"}, status=503)
    return JsonResponse({"status": "ok"})


def api_not_found(request):
    return JsonResponse({"error": {"code": "not_found", "message": "No such API endpoint."}}, status=404)


def _client_file(path: str) -> Path | None:
    root = settings.CLIENT_BUILD_DIR.resolve()
    candidates = [path, f"{path}.html", f"{path}/index.html"] if path else ["index.html"]
    for candidate in candidates:
        file = (root / candidate).resolve()
        if file.is_relative_to(root) and file.is_file():
            return file
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
    response = FileResponse(open(file, "rb"), content_type=content_type or "application/octet-stream")
    if "/_next/static/" in f"/{path}":
        response["Cache-Control"] = "public, max-age=31536000, immutable"
    return response
