"""Rate limits keyed on what is being attacked rather than on who is asking."""
import hashlib

from accounts.models import normalise_email
from rest_framework.throttling import SimpleRateThrottle


class LoginAccountThrottle(SimpleRateThrottle):
    """Sign-in attempts per account (THROTTLE_LOGIN_ACCOUNT), from whatever addresses.

    The per-address limit ("login" scope) stops one machine; this one stops many machines
    guessing one account's password. Every attempt counts, not just failures: a failure is
    only known after the slow password hash, so counting failures would let a burst of
    parallel guesses through before the first one was recorded.
    """

    scope = "login_account"

    def get_cache_key(self, request, view):
        email = request.data.get("email") if isinstance(request.data, dict) else None
        if not isinstance(email, str) or not email.strip():
            return None  # nothing to sign in to: the view answers "invalid"
        # Normalised like the sign-in itself, so " Alex@X.test" counts against alex@x.test;
        # hashed to keep cache keys short and free of odd characters.
        ident = hashlib.sha256(normalise_email(email).encode()).hexdigest()
        return self.cache_format % {"scope": self.scope, "ident": ident}
