"""Domain errors with stable machine-readable codes, shared by REST and Socket.IO.

Services raise these; `common.api.exception_handler` turns them into JSON for REST and
`realtime.handlers` into error acknowledgements. The codes are listed in docs/protocol.md.
"""
from typing import Any


class DomainError(Exception):
    code = "invalid"
    status = 400
    default_message = "The request could not be processed."

    def __init__(self, message: str | None = None, *, fields: dict | None = None, current: Any = None):
        self.message = message or self.default_message
        self.fields = fields
        self.current = current
        super().__init__(self.message)

    def as_dict(self) -> dict:
        body: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.fields:
            body["fields"] = self.fields
        if self.current is not None:
            body["current"] = self.current
        return body


class InvalidInput(DomainError):
    code = "invalid"
    status = 400
    default_message = "Check the highlighted fields."


class NotAuthenticated(DomainError):
    code = "not_authenticated"
    status = 401
    default_message = "Sign in first."


class InvalidCredentials(DomainError):
    code = "invalid_credentials"
    status = 400
    default_message = "Wrong email or password."


class Forbidden(DomainError):
    code = "forbidden"
    status = 403
    default_message = "You are not allowed to do that."


class CsrfFailed(Forbidden):
    code = "csrf_failed"
    default_message = "CSRF check failed: reload the page and try again."


class NotFound(DomainError):
    code = "not_found"
    status = 404
    default_message = "Not found."


class SlotUnavailable(DomainError):
    code = "slot_unavailable"
    status = 409
    default_message = "That time has just been taken. Pick another slot."


class OutsideBusinessHours(DomainError):
    code = "outside_business_hours"
    status = 400
    default_message = "That time is outside opening hours."


class InvalidTransition(DomainError):
    code = "invalid_transition"
    status = 409
    default_message = "The appointment cannot change to that status."


class Stale(DomainError):
    code = "stale"
    status = 409
    default_message = "Someone else changed this first. Review the current version and try again."


class ResyncRequired(DomainError):
    code = "resync_required"
    status = 410
    default_message = "Those events are no longer kept; load a fresh snapshot."


class RateLimited(DomainError):
    code = "rate_limited"
    status = 429
    default_message = "Too many requests. Slow down and try again shortly."


class ServerError(DomainError):
    code = "server_error"
    status = 500
    default_message = "Something went wrong on our side; nothing was changed."


class UnknownEvent(DomainError):
    code = "unknown_event"
    status = 400
    default_message = "Unknown event."


class BinaryNotSupported(DomainError):
    code = "binary_not_supported"
    status = 400
    default_message = "This server accepts no binary events or attachments."


class OriginNotAllowed(Forbidden):
    code = "origin_not_allowed"
    default_message = "This page's address is not allowed to open live connections to this server."


class TooManyConnections(DomainError):
    code = "too_many_connections"
    status = 429
    default_message = "Too many open connections for this account. Close some tabs and reload."


class CustomerOverlap(DomainError):
    code = "customer_overlap"
    status = 409
    default_message = "The customer already has an appointment at that time."


class TooLateToChange(DomainError):
    code = "too_late_to_change"
    status = 409
    default_message = "It is too close to the appointment to change it online; please call us."


class EmailTaken(DomainError):
    code = "email_taken"
    status = 409
    default_message = "A customer with that email already exists."
