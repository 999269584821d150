"""What can happen to a customer or a login. Views and handlers call these."""
import logging

from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction

from common import errors
from customers.models import Customer

logger = logging.getLogger(__name__)


def _normalise_email(email: str) -> str:
    return email.strip().lower()


@transaction.atomic
def customer_register(*, name: str, email: str, phone: str = "", password: str) -> Customer | None:
    """Create a customer and their login, or do nothing visible if the email is taken.

    The answer is the same either way so registration cannot be used to learn who is
    a customer; the owner of an existing address gets an email saying so instead.
    """
    email = _normalise_email(email)
    User = get_user_model()
    candidate = User(username=email, email=email, first_name=name[:150])
    try:
        password_validation.validate_password(password, user=candidate)
    except ValidationError as exc:
        raise errors.InvalidInput(fields={"password": list(exc.messages)}) from exc
    if User.objects.filter(username=email).exists():
        transaction.on_commit(lambda: _send_already_registered(email))
        return None
    user = User.objects.create_user(username=email, email=email, password=password, first_name=name[:150])
    return Customer.objects.create(user=user, name=name.strip(), phone=phone.strip())


def _send_already_registered(email: str) -> None:
    send_mail(
        "Your front desk account",
        "Someone tried to register with this email address, which already has an account. "
        "If it was you, sign in or reset your password.",
        None,
        [email],
        fail_silently=True,
    )


def user_authenticate(*, email: str, password: str):
    from django.contrib.auth import authenticate

    user = authenticate(username=_normalise_email(email), password=password)
    if user is None or not user.is_active:
        raise errors.InvalidCredentials()
    return user



def user_logout(request) -> None:
    """End the session. Open sockets of this session are closed by the session sweep
    (realtime.sessions), which also catches password changes and deactivations."""
    from django.contrib.auth import logout

    logout(request)
