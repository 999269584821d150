"""Authenticating a Socket.IO connection from the Django session cookie."""
from types import SimpleNamespace

from django.conf import settings
from django.contrib.auth import get_user
from django.contrib.sessions.backends.db import SessionStore
from django.http import parse_cookie


def session_key_from_environ(environ: dict) -> str | None:
    try:
        cookies = parse_cookie(environ.get("HTTP_COOKIE", ""))
    except Exception:  # a malformed header is simply no session
        return None
    key = cookies.get(settings.SESSION_COOKIE_NAME)
    return key if key and len(key) <= 64 else None


def user_for_session(session_key: str | None):
    """The active user of a valid session, or None.

    django.contrib.auth.get_user also checks the session's password hash, so a
    session from before a password change is no longer valid.
    """
    if not session_key:
        return None
    request = SimpleNamespace(session=SessionStore(session_key))
    user = get_user(request)
    if not user.is_authenticated or not user.is_active:
        return None
    return user
