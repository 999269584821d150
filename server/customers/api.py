"""Accounts API: registration, login, logout, the current user."""
from django.contrib.auth import get_user_model, login, update_session_auth_hash
from django.http import JsonResponse
from django.middleware.csrf import get_token
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from common.api import IsStaff, MutationView, enforce_csrf, validate_input
from customers import selectors, services
from customers.serializers import (
    CustomerSearchQuery,
    CustomerSerializer,
    LoginInput,
    PasswordChangeInput,
    PasswordResetConfirmInput,
    PasswordResetInput,
    RegisterInput,
    StaffMemberSerializer,
    UserSerializer,
    WalkInCustomerInput,
)
from customers.throttles import LoginAccountThrottle

DetailSerializer = inline_serializer("Detail", {"detail": serializers.CharField()})


class CsrfApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(responses=inline_serializer("CsrfToken", {"csrf_token": serializers.CharField()}))
    def get(self, request):
        return Response({"csrf_token": get_token(request)})


class RegisterApi(APIView):
    permission_classes = [AllowAny]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "register"

    @extend_schema(request=RegisterInput, responses={201: DetailSerializer})
    def post(self, request):
        enforce_csrf(request)
        data = validate_input(RegisterInput, request.data)
        services.customer_register(**data)
        return Response(
            {"detail": "Thanks. If this email is new, your account is ready: sign in with it now."},
            status=201,
        )


class LoginApi(APIView):
    permission_classes = [AllowAny]
    # Per address and per account: many addresses guessing one password are stopped too.
    throttle_classes = [ScopedRateThrottle, LoginAccountThrottle]
    throttle_scope = "login"

    @extend_schema(request=LoginInput, responses=UserSerializer)
    def post(self, request):
        enforce_csrf(request)
        data = validate_input(LoginInput, request.data)
        user = services.user_authenticate(**data)
        login(request, user)
        return Response(UserSerializer(user).data)


class LogoutApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(request=None, responses={204: None})
    def post(self, request):
        if request.user.is_authenticated:
            services.user_logout(request)
        return Response(status=204)


class MeApi(APIView):
    """Who is signed in: the user, or null. Being signed out is an answer, not an error:
    every page asks, and a 401 would be logged by the browser as a failed request."""

    permission_classes = [AllowAny]

    @extend_schema(responses=UserSerializer(allow_null=True))
    def get(self, request):
        if not request.user.is_authenticated:
            return JsonResponse(None, safe=False)  # DRF would render None as an empty body
        return Response(UserSerializer(request.user).data)


class StaffListApi(APIView):
    permission_classes = [IsStaff]

    @extend_schema(responses=StaffMemberSerializer(many=True))
    def get(self, request):
        staff = get_user_model().objects.filter(is_staff=True, is_active=True).order_by("first_name", "email")
        return Response(StaffMemberSerializer(staff, many=True).data)


class PasswordResetApi(APIView):
    permission_classes = [AllowAny]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "login"

    @extend_schema(request=PasswordResetInput, responses=DetailSerializer)
    def post(self, request):
        enforce_csrf(request)
        data = validate_input(PasswordResetInput, request.data)
        services.user_password_reset_request(**data)
        return Response({"detail": "If an account uses this email, we have sent it a link to reset the password."})


class PasswordResetConfirmApi(APIView):
    permission_classes = [AllowAny]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "login"

    @extend_schema(request=PasswordResetConfirmInput, responses=DetailSerializer)
    def post(self, request):
        enforce_csrf(request)
        data = validate_input(PasswordResetConfirmInput, request.data)
        services.user_password_reset_confirm(**data)
        return Response({"detail": "Your password has been changed. Sign in with the new one."})


class PasswordChangeApi(APIView):
    @extend_schema(request=PasswordChangeInput, responses=DetailSerializer)
    def post(self, request):
        data = validate_input(PasswordChangeInput, request.data)
        services.user_password_change(user=request.user, **data)
        update_session_auth_hash(request, request.user)  # this session stays signed in
        return Response({"detail": "Password changed. Other sessions have been signed out."})


class CustomerListApi(MutationView):
    """Staff find a customer as they type, or add one who phones or walks in."""

    permission_classes = [IsStaff]

    @extend_schema(parameters=[CustomerSearchQuery], responses=CustomerSerializer(many=True))
    def get(self, request):
        query = validate_input(CustomerSearchQuery, request.query_params.dict())
        return Response(CustomerSerializer(selectors.customer_search(query["q"]), many=True).data)

    @extend_schema(request=WalkInCustomerInput, responses={201: CustomerSerializer})
    def post(self, request):
        data = validate_input(WalkInCustomerInput, request.data)
        return self.mutate(
            request, lambda: services.customer_create_walk_in(**data), status=201, serialize=lambda c: CustomerSerializer(c).data
        )
