"""What can happen to a customer or a login. Views and handlers call these."""
import logging
from urllib.parse import urlencode

from accounts.models import User, normalise_email
from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest

from common import errors
from customers.models import Customer
from notifications.services import email_enqueue

logger = logging.getLogger(__name__)


@transaction.atomic
def customer_register(*, name: str, email: str, phone: str = "", password: str) -> Customer | None:
    """Create a customer and their login, or do nothing visible if the email is taken.

    The answer is the same either way so registration cannot be used to learn who is
    a customer; the owner of an existing address gets an email saying so instead.
    """
    address = normalise_email(email)
    User = get_user_model()
    candidate = User(email=address, first_name=name[:150])
    try:
        password_validation.validate_password(password, user=candidate)
    except ValidationError as exc:
        raise errors.InvalidInput(fields={"password": list(exc.messages)}) from exc
    try:
        with transaction.atomic():
            user = User.objects.create_user(address, password=password, first_name=name[:150])
            return Customer.objects.create(user=user, name=name.strip(), phone=phone.strip())
    except IntegrityError:  # the email is taken (perhaps by a registration a moment ago)
        if address is not None:  # only an address can be taken
            _send_already_registered(address)
        return None


@transaction.atomic
def customer_create_walk_in(*, name: str, email: str = "", phone: str = "") -> Customer:
    """A customer staff add for someone on the phone or at the desk: no password.

    With an email they can claim the account later through "forgot password"; without
    one the account has no address and nobody can sign in with it.
    """
    address, phone = normalise_email(email), phone.strip()
    if not address and not phone:
        raise errors.InvalidInput(fields={"email": ["Give an email or a phone number."], "phone": ["Give an email or a phone number."]})
    User = get_user_model()
    if address:
        existing = Customer.objects.select_related("user").filter(user__email=address).first()
        if existing is not None or User.objects.filter(email=address).exists():
            from customers.serializers import CustomerSerializer

            raise errors.EmailTaken(current=CustomerSerializer(existing).data if existing else None)
    user = User.objects.create_user(address, first_name=name.strip()[:150])  # no password: unusable
    return Customer.objects.create(user=user, name=name.strip(), phone=phone)


# Pages of the web client that emails link to (client/pages/*.tsx; trailingSlash export).
SIGN_IN_PAGE = "/login/"
FORGOT_PASSWORD_PAGE = "/forgot-password/"
RESET_PASSWORD_PAGE = "/reset-password/"  # reads `uid` and `token` from the query string


def _send_already_registered(email: str) -> None:
    # Queued, not sent: the request must not wait for the mail server, or its timing
    # would tell who has an account (notifications.services).
    email_enqueue(
        to=email,
        subject="Your front desk account",
        text="Someone tried to register with this email address, which already has an account. "
        f"If it was you, sign in or reset your password:\n\n{settings.SITE_URL}{SIGN_IN_PAGE}\n"
        f"{settings.SITE_URL}{FORGOT_PASSWORD_PAGE}\n",
    )


def user_authenticate(*, email: str, password: str) -> User:
    from django.contrib.auth import authenticate

    user = authenticate(email=normalise_email(email), password=password)
    if user is None or not user.is_active:
        raise errors.InvalidCredentials()
    return user



def user_logout(request: HttpRequest) -> None:
    """End the session. Open sockets of this session are closed by the session sweep
    (realtime.sessions), which also catches password changes and deactivations."""
    from django.contrib.auth import logout

    logout(request)


def user_password_reset_request(*, email: str) -> None:
    """Email a reset link if the address belongs to an active user; say nothing either way."""
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    user = get_user_model().objects.filter(email=normalise_email(email), is_active=True).first()
    if user is None or not user.email:  # an account made in the admin may have no address
        return
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    link = f"{settings.SITE_URL}{RESET_PASSWORD_PAGE}?{urlencode({'uid': uid, 'token': token})}"
    email_enqueue(  # queued, not sent: same timing as for an unknown address
        to=user.email,
        subject="Reset your front desk password",
        text=f"Open this link to choose a new password:\n\n{link}\n\nIf you did not ask for this, ignore this email.",
    )


def user_password_reset_confirm(*, uid: str, token: str, new_password: str) -> None:
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.http import urlsafe_base64_decode

    try:
        user = get_user_model().objects.get(pk=int(urlsafe_base64_decode(uid).decode()))
    except (ValueError, TypeError, OverflowError, get_user_model().DoesNotExist):
        user = None
    if user is None or not default_token_generator.check_token(user, token):
        raise errors.InvalidInput("This reset link is invalid or has expired.", fields={"token": ["Invalid or expired."]})
    _set_password(user, new_password)


def user_password_change(*, user: User, current_password: str, new_password: str) -> None:
    """Change a password. Every other session of the user ends (and its sockets close)."""
    if not user.check_password(current_password):
        raise errors.InvalidInput(fields={"current_password": ["That is not your current password."]})
    _set_password(user, new_password)


def _set_password(user: User, new_password: str) -> None:
    try:
        password_validation.validate_password(new_password, user=user)
    except ValidationError as exc:
        raise errors.InvalidInput(fields={"new_password": list(exc.messages)}) from exc
    user.set_password(new_password)
    user.save(update_fields=["password"])
