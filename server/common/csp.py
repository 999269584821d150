"""Content-Security-Policy on every HTML answer: the built client, the API docs and the Django admin.

Django 5.2 has no CSP support of its own (6.0 adds it), hence this middleware. The policy
allows scripts and styles from this origin only; an inline <script> or <style> runs only on
the pages listed in INLINE_TRUSTED_URL_NAMES, and only the ones the page was served with
(allowed by hash). No page gets 'unsafe-inline' or 'unsafe-eval'.
"""
import base64
import hashlib
import re

from django.conf import settings
from django.core.exceptions import DisallowedHost

HEADER = "Content-Security-Policy"

# Pages whose inline <script> and <style> blocks are ours, allowed by hash (computed per
# answer, as the docs page's script holds a per-request CSRF token):
# - "client": the Next.js static export. Turbopack's chunk list is an inline script, and no
#   build option moves it to a file; the files are build output, with no request data in them.
# - "api-docs": drf-spectacular's Swagger UI page, one inline script and one <style> from its
#   template; its only request data, the schema URL, is written through `escapejs`.
# Anywhere else (the Django admin, DRF's browsable API, error pages) an inline script could
# only have been injected, so none is allowed. (The browsable API loses the one <style> it
# inlines, Pygments' colours for code in endpoint descriptions.)
INLINE_TRUSTED_URL_NAMES = {"client", "api-docs"}

_INLINE_BLOCK = re.compile(r"<(script|style)\b([^>]*)>(.*?)</\1\s*>", re.IGNORECASE | re.DOTALL)
# A script with src, or a data block such as Next.js's __NEXT_DATA__ JSON, never runs inline.
_NOT_RUN_INLINE = re.compile(r"\ssrc\s*=|\stype\s*=\s*[\"']?application/json", re.IGNORECASE)


def _hash(text: str) -> str:
    # The browser hashes the element's text after HTML's newline normalisation.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def inline_hashes(html: str) -> tuple[list[str], list[str]]:
    """Hash sources for the inline scripts and styles of `html`."""
    scripts, styles = [], []
    for tag, attributes, body in _INLINE_BLOCK.findall(html):
        if tag.lower() == "style":
            styles.append(_hash(body))
        elif not _NOT_RUN_INLINE.search(attributes):
            scripts.append(_hash(body))
    return sorted(set(scripts)), sorted(set(styles))


def _websocket_origin(request) -> str | None:
    """Socket.IO's ws:/wss: origin. Chromium's 'self' covers it already (CSP3); older
    browsers' 'self' does not match websockets."""
    try:
        host = request.get_host()
    except DisallowedHost:
        return None
    return f"{'wss' if request.is_secure() else 'ws'}://{host}"


def policy(request, script_hashes=(), style_hashes=()) -> str:
    directives = {
        "default-src": ["'self'"],
        "script-src": ["'self'", *script_hashes],
        # The client's prerendered HTML has no style attributes, and React sets its style
        # props through the CSSOM, which CSP does not restrict: no 'unsafe-inline' needed.
        "style-src": ["'self'", *style_hashes],
        "img-src": ["'self'", "data:", "blob:"],
        "connect-src": ["'self'", _websocket_origin(request)],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
    return "; ".join(f"{name} {' '.join(s for s in sources if s)}" for name, sources in directives.items())


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if HEADER in response or not response.get("Content-Type", "").startswith("text/html"):
            return response
        # Django's DEBUG error page needs its inline script and style; it never reaches users.
        if settings.DEBUG and response.status_code >= 500:
            return response
        scripts, styles = [], []
        match = getattr(request, "resolver_match", None)
        if match and match.url_name in INLINE_TRUSTED_URL_NAMES and not response.streaming:
            scripts, styles = inline_hashes(response.content.decode(response.charset, "replace"))
        response[HEADER] = policy(request, scripts, styles)
        return response
