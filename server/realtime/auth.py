"""Authenticating a Socket.IO connection from the Django session cookie."""
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.auth import get_user, get_user_model
from django.contrib.sessions.backends.db import SessionStore
from django.http import HttpRequest, parse_cookie

if TYPE_CHECKING:  # the user model is settings.AUTH_USER_MODEL, reached through get_user_model()
    from accounts.models import User


def session_key_from_environ(environ: dict[str, Any]) -> str | None:
    try:
        cookies = parse_cookie(environ.get("HTTP_COOKIE", ""))
    except Exception:  # a malformed header is simply no session
        return None
    key = cookies.get(settings.SESSION_COOKIE_NAME)
    return key if key and len(key) <= 64 else None


def user_for_session(session_key: str | None) -> "User | None":
    """The active user of a valid session, or None.

    django.contrib.auth.get_user also checks the session's password hash, so a
    session from before a password change is no longer valid.
    """
    if not session_key:
        return None
    request = HttpRequest()
    request.session = SessionStore(session_key)
    user = get_user(request)
    if not isinstance(user, get_user_model()) or not user.is_active:  # else AnonymousUser: no valid session
        return None
    return user
