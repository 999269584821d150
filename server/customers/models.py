from django.conf import settings
from django.db import models


class Customer(models.Model):
    """A person who books appointments; their login is an accounts.User (signing in by email)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="customer")
    name = models.CharField(max_length=120)
    phone = models.CharField(max_length=32, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def email(self) -> str | None:  # None for a walk-in known by phone only
        return self.user.email
