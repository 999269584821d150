"""REST plumbing shared by every app: the error format, input validation, idempotent writes."""
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from rest_framework import exceptions as drf
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from common import errors
from common.idempotency import MAX_MUTATION_ID_LENGTH, run_idempotent, stored_answer


def error_response(error: errors.DomainError) -> Response:
    return Response({"error": error.as_dict()}, status=error.status)


def exception_handler(exc, context):
    """Every API error becomes {"error": {"code", "message", "fields"?}} with a stable code."""
    if isinstance(exc, errors.DomainError):
        return error_response(exc)
    if isinstance(exc, drf.ParseError):
        # Malformed JSON is bad input like any other: the documented code, not DRF's own.
        return error_response(errors.InvalidInput(f"The request body is not valid JSON: {exc.detail}"))
    if isinstance(exc, drf.ValidationError):
        detail = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        return error_response(errors.InvalidInput(fields=detail))
    if isinstance(exc, drf.NotAuthenticated | drf.AuthenticationFailed):
        return error_response(errors.NotAuthenticated())
    if isinstance(exc, drf.PermissionDenied | DjangoPermissionDenied):
        message = str(getattr(exc, "detail", "")) or None
        if message and message.startswith("CSRF Failed"):
            return error_response(errors.CsrfFailed())
        return error_response(errors.Forbidden())
    if isinstance(exc, drf.NotFound | Http404):
        return error_response(errors.NotFound())
    if isinstance(exc, drf.Throttled):
        response = error_response(errors.RateLimited())
        if exc.wait:
            response["Retry-After"] = str(int(exc.wait) + 1)
        return response
    if isinstance(exc, drf.APIException):
        error = errors.DomainError(str(exc.detail))
        error.code = exc.default_code
        error.status = exc.status_code
        return error_response(error)
    return None  # unexpected: Django's 500 handling (which never leaks details in production)


def validate_input(serializer_class, data, **context) -> dict:
    """Validate `data` with a DRF serializer; raise InvalidInput with field errors.

    REST views and Socket.IO handlers both call this, so a socket event is validated
    exactly like the REST call that does the same thing.
    """
    if not isinstance(data, dict):
        raise errors.InvalidInput("Expected a JSON object.")
    serializer = serializer_class(data=data, context=context)
    if not serializer.is_valid():
        raise errors.InvalidInput(fields=serializer.errors)
    return serializer.validated_data


class _Replay(Exception):
    def __init__(self, body, status: int):
        super().__init__(status)
        self.body, self.status = body, status


def get_or_invalid(model, pk, field: str):
    """The object with id `pk`, None for no id, or a field error naming `field`."""
    if pk is None:
        return None
    obj = model.objects.filter(pk=pk).first()
    if obj is None:
        raise errors.InvalidInput(fields={field: [f"No such {model._meta.verbose_name}."]})
    return obj


class MutationView(APIView):
    """An API operation that changes data; honours the Idempotency-Key header."""

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        # A retry gets the first answer before the view looks anything up: the first
        # attempt may have removed what the lookup needs (a retried DELETE is not a 404).
        key = request.headers.get("Idempotency-Key")
        if (
            request.method not in ("GET", "HEAD", "OPTIONS") and key and len(key) <= MAX_MUTATION_ID_LENGTH
            and request.user.is_authenticated
        ):
            stored = stored_answer(request.user, key)
            if stored:
                raise _Replay(*stored)

    def handle_exception(self, exc):
        if isinstance(exc, _Replay):
            return Response(exc.body, status=exc.status)
        return super().handle_exception(exc)

    def mutate(self, request, fn, *, status: int = 200, serialize=None):
        key = request.headers.get("Idempotency-Key")

        def run():
            result = fn()
            return serialize(result) if serialize else result

        body, status_code = run_idempotent(user=request.user, mutation_id=key, status=status, fn=run)
        return Response(body, status=status_code)


def enforce_csrf(request) -> None:
    """CSRF for views that anonymous users may POST to (login, registration).

    DRF checks CSRF only for requests that are already session-authenticated; a login
    form must be protected too, or another site could log a victim into its account.
    """
    from rest_framework.authentication import SessionAuthentication

    SessionAuthentication().enforce_csrf(request)


class IsStaff(BasePermission):
    """Staff only: the one staff check of every staff view, run before anything else
    the view does (including replaying an idempotent answer, see MutationView)."""

    def has_permission(self, request, view) -> bool:
        if not (request.user and request.user.is_authenticated):
            raise errors.NotAuthenticated()
        if not request.user.is_staff:
            raise errors.Forbidden("Staff only.")
        return True
