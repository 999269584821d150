"""The people who sign in: staff and customers alike, identified by their email address."""
from typing import ClassVar

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.utils import timezone


def normalise_email(email: str | None) -> str | None:
    """One spelling per address: the whole address in lower case, no surrounding spaces.

    (Strictly the part before @ may be case-sensitive; no mail provider people use treats
    it so, and one account per address matters more.)
    """
    return email.strip().lower() if email else None


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str | None, password: str | None = None, **fields):
        user = self.model(email=normalise_email(email), **fields)
        user.set_password(password)  # None gives an unusable password: the user claims it by a reset
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields):
        fields.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **fields)

    def get_by_natural_key(self, email):
        email = normalise_email(email)
        if email is None:  # accounts without an address cannot sign in
            raise self.model.DoesNotExist
        return self.get(email=email)


class User(AbstractBaseUser, PermissionsMixin):
    """Signs in with email and password.

    The email is empty (NULL) only for a customer staff booked in person or by phone
    without one; such an account has no usable password and cannot sign in until
    staff add an address and the customer sets a password through a reset.
    """

    email = models.EmailField(unique=True, null=True, blank=True)
    first_name = models.CharField(max_length=150, blank=True)
    last_name = models.CharField(max_length=150, blank=True)
    is_staff = models.BooleanField(default=False, help_text="May use the staff pages and the Django admin.")
    is_active = models.BooleanField(default=True, help_text="Unticked instead of deleting the account.")
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        ordering = ["email", "id"]

    def __str__(self) -> str:
        return self.email or self.get_full_name() or f"user {self.pk}"

    def clean(self):
        super().clean()
        self.email = normalise_email(self.email)

    def get_full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def get_short_name(self) -> str:
        return self.first_name
