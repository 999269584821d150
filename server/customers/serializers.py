from django.contrib.auth import get_user_model
from rest_framework import serializers

from customers.models import Customer


class CustomerSerializer(serializers.ModelSerializer):
    # "" for a customer booked by phone without an address (their account's email is NULL).
    email = serializers.SerializerMethodField()

    class Meta:
        model = Customer
        fields = ["id", "name", "email", "phone"]

    def get_email(self, customer) -> str:
        return customer.user.email or ""


class UserSerializer(serializers.ModelSerializer):
    name = serializers.SerializerMethodField()
    customer_id = serializers.SerializerMethodField()

    class Meta:
        model = get_user_model()
        # is_superuser: superusers act as owners of every board (workflow.permissions), which the client shows.
        fields = ["id", "email", "name", "is_staff", "is_superuser", "customer_id"]

    def get_name(self, user) -> str:
        customer = getattr(user, "customer", None)
        return customer.name if customer else (user.get_full_name() or user.email or "")

    def get_customer_id(self, user) -> int | None:
        customer = getattr(user, "customer", None)
        return customer.id if customer else None


class StaffMemberSerializer(serializers.ModelSerializer):
    name = serializers.SerializerMethodField()

    class Meta:
        model = get_user_model()
        fields = ["id", "name", "email"]

    def get_name(self, user) -> str:
        return user.get_full_name() or user.email or ""


class RegisterInput(serializers.Serializer):
    name = serializers.CharField(max_length=120)
    email = serializers.EmailField(max_length=254)
    phone = serializers.CharField(max_length=32, required=False, allow_blank=True)
    password = serializers.CharField(max_length=128, write_only=True, trim_whitespace=False)


class LoginInput(serializers.Serializer):
    email = serializers.EmailField(max_length=254)
    password = serializers.CharField(max_length=128, trim_whitespace=False)


class PasswordResetInput(serializers.Serializer):
    email = serializers.EmailField(max_length=254)


class PasswordResetConfirmInput(serializers.Serializer):
    uid = serializers.CharField(max_length=64)
    token = serializers.CharField(max_length=128)
    new_password = serializers.CharField(max_length=128, trim_whitespace=False)


class PasswordChangeInput(serializers.Serializer):
    current_password = serializers.CharField(max_length=128, trim_whitespace=False)
    new_password = serializers.CharField(max_length=128, trim_whitespace=False)


class CustomerSearchQuery(serializers.Serializer):
    q = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")


class WalkInCustomerInput(serializers.Serializer):
    name = serializers.CharField(max_length=120)
    email = serializers.EmailField(required=False, allow_blank=True, default="")
    phone = serializers.CharField(max_length=32, required=False, allow_blank=True, default="")
