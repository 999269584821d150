"""Turning an outbox row into an email, and judging what a failed send means.

Plain functions without database access; notifications.services does the bookkeeping.
"""
import base64
import smtplib
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives

from notifications.models import OutboxEmail

# Retries wait 30 s, 1 min, 2 min, ... up to an hour between attempts; after
# MAX_ATTEMPTS (about three hours of trying) the row is marked failed.
RETRY_BASE = timedelta(seconds=30)
RETRY_CAP = timedelta(hours=1)
MAX_ATTEMPTS = 10


def retry_delay(attempts: int) -> timedelta:
    """How long to wait before the next try, after `attempts` tries so far (exponential backoff)."""
    return min(RETRY_BASE * 2 ** max(attempts - 1, 0), RETRY_CAP)


def encode_attachment(filename: str, content: bytes | str, mimetype: str) -> dict:
    data = content.encode() if isinstance(content, str) else bytes(content)
    return {"filename": filename, "mimetype": mimetype, "content_base64": base64.b64encode(data).decode("ascii")}


def decode_attachment(stored: dict) -> tuple[str, bytes, str]:
    return stored["filename"], base64.b64decode(stored["content_base64"]), stored["mimetype"]


def build_message(row: OutboxEmail, connection) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=row.subject,
        body=row.text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[row.to],
        headers={"Message-ID": row.message_id},
        connection=connection,
    )
    if row.html:
        message.attach_alternative(row.html, "text/html")
    for stored in row.attachments:
        message.attach(*decode_attachment(stored))
    return message


@dataclass(frozen=True)
class Failure:
    permanent: bool  # True: sending the same message again would be refused again
    error: str


def judge(exc: BaseException) -> Failure:
    """Classify a send error the way SMTP codes do: 5xx is final, 4xx and lost connections are not.

    Only refusals of this message (its recipient, its content) are permanent. A 5xx
    for the sender address or the login is the server's configuration, not this
    message: those are retried (up to MAX_ATTEMPTS) so the mail goes out once
    someone fixes the settings.
    """
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in exc.recipients.values()]
        details = "; ".join(f"{rcpt}: {code} {_text(reply)}" for rcpt, (code, reply) in exc.recipients.items())
        return Failure(bool(codes) and all(500 <= code < 600 for code in codes), f"recipient refused: {details}")
    if isinstance(exc, smtplib.SMTPDataError):
        return Failure(500 <= exc.smtp_code < 600, f"message refused: {exc.smtp_code} {_text(exc.smtp_error)}")
    if isinstance(exc, smtplib.SMTPResponseException):
        return Failure(False, f"{type(exc).__name__}: {exc.smtp_code} {_text(exc.smtp_error)}")
    # Connection refused or reset, timeouts, a dropped connection (SMTPServerDisconnected):
    # the server never said 250, so it has not taken the message (RFC 5321 section 6.1).
    return Failure(False, f"{type(exc).__name__}: {exc}")


def _text(reply) -> str:
    return reply.decode(errors="replace") if isinstance(reply, bytes) else str(reply)
