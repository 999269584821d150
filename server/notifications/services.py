"""The outbox: an email is queued with the change that causes it and sent after the commit.

Why: a change that rolls back sends nothing, one that commits cannot lose its email
(the row commits with it), and no request waits for the mail server, so a slow or
unreachable one can neither slow the answers down nor tell an attacker by timing
whether an email was sent.

Sending is at most once, as far as SMTP allows. A worker claims a row with a
conditional UPDATE (pending -> sending), so two workers never send the same row, and
records the moment it begins handing the message to the mail server. A claim expires
after a lease: a row claimed by a worker that died before the hand-off is sent again;
one whose hand-off had begun is marked `uncertain` instead and left to a person (the
Django admin's "Send again"). SMTP has no way to ask a server whether it accepted a
message earlier: the only proof is its 250 reply, which the dead worker may or may not
have received. Resending could mail the customer twice (two password-reset links, two
reminders); not resending could lose it. That choice needs someone who can ask.
"""
import logging
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.utils import make_msgid, parseaddr

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import F, Min, QuerySet
from django.utils import timezone

from notifications import wakeup
from notifications.delivery import MAX_ATTEMPTS, build_message, encode_attachment, judge, retry_delay
from notifications.models import OutboxEmail

logger = logging.getLogger(__name__)

Status = OutboxEmail.Status
# How long a claim holds. It must outlast a slow hand-off (each SMTP step may take up
# to EMAIL_TIMEOUT), or a live worker's row would be taken over as if it had died.
LEASE = timedelta(minutes=5)
BATCH = 50

UNCERTAIN_ERROR = (
    "The worker sending this email stopped after it began handing it to the mail server and before "
    "the answer was recorded, so it may or may not have been delivered. It is not resent automatically: "
    "check with the recipient, then use the admin action \"Send again\" if it did not arrive."
)


def email_enqueue(
    *, to: str, subject: str, text: str, html: str | None = None,
    attachments: Iterable[tuple[str, bytes | str, str]] = (), dedupe_key: str | None = None,
) -> OutboxEmail:
    """Queue one email in the caller's transaction; the worker sends it after the commit.

    `attachments` are (filename, content, mimetype), e.g. ("visit.ics", ics_text, "text/calendar").
    With a `dedupe_key` that was queued before, nothing new is queued and the earlier
    row is returned: "the reminder for appointment 7" goes out once however often asked.
    The row's `queued` attribute tells which: True when this call queued it.
    """
    try:
        validate_email(to)
    except ValidationError as exc:
        raise ValueError(f"not an email address: {to!r}") from exc
    if "\n" in subject or "\r" in subject:
        raise ValueError("an email subject is one line")  # a newline would inject headers
    row = OutboxEmail(
        to=to, subject=subject, text=text, html=html or "",
        attachments=[encode_attachment(*attachment) for attachment in attachments],
        message_id=make_msgid(domain=_message_id_domain()), dedupe_key=dedupe_key, next_attempt_at=timezone.now(),
    )
    if dedupe_key is None:
        row.save()
    else:
        try:
            with transaction.atomic():  # a savepoint: a duplicate must not spoil the caller's transaction
                row.save()
        except IntegrityError:
            earlier = OutboxEmail.objects.get(dedupe_key=dedupe_key)
            earlier.queued = False
            return earlier
    row.queued = True
    transaction.on_commit(wakeup.nudge)
    return row


def email_withdraw(*, dedupe_key_prefix: str) -> int:
    """Take back queued emails not yet being sent, by the start of their dedupe key, in the
    caller's transaction: a reminder queued for 10:00 must not go out once the appointment
    moved to 11:00. Emails a worker has claimed or sent are left alone. Returns how many.

    A worker claims a row with a conditional UPDATE on status=pending, so the claim and
    this DELETE exclude each other: one finds the row as the other left it.
    """
    if not dedupe_key_prefix:
        raise ValueError("a dedupe key prefix is required")  # an empty prefix would match every keyed email
    count, _ = OutboxEmail.objects.filter(status=Status.PENDING, dedupe_key__startswith=dedupe_key_prefix).delete()
    return count


def email_send_again(ids: Iterable[int]) -> int:
    """Queue failed or uncertain emails again, with a fresh set of attempts. Returns how many."""
    count = OutboxEmail.objects.filter(pk__in=list(ids), status__in=[Status.FAILED, Status.UNCERTAIN]).update(
        status=Status.PENDING, attempts=0, next_attempt_at=timezone.now(),
        claim_token=None, claimed_until=None, handoff_started_at=None,
    )
    if count:
        transaction.on_commit(wakeup.nudge)
    return count


@dataclass
class SendReport:
    sent: int = 0
    retrying: int = 0
    failed: int = 0
    uncertain: int = 0

    def __str__(self) -> str:
        return f"sent={self.sent} retrying={self.retrying} failed={self.failed} uncertain={self.uncertain}"

    def __bool__(self) -> bool:
        return bool(self.sent or self.retrying or self.failed or self.uncertain)


def send_due(limit: int = BATCH, *, lease: timedelta = LEASE) -> SendReport:
    """The worker step: settle expired claims, then send up to `limit` due emails, one at a time.

    Call it outside a transaction: each mark must be committed before the next step,
    above all the hand-off mark before the message leaves. Safe to run in any number
    of threads and processes at once.
    """
    report = SendReport(uncertain=_settle_expired_claims())
    connection = _Connection()
    try:
        for pk in _due_ids(limit):
            token = _claim(pk, lease)
            if token is None:
                continue  # another worker claimed it first
            outcome = _deliver(pk, token, connection)
            if outcome:
                setattr(report, outcome, getattr(report, outcome) + 1)
    finally:
        connection.close()
    return report


def next_due_at() -> datetime | None:
    """When the worker next has something to do: a pending row falls due, or a claim expires."""
    due = OutboxEmail.objects.filter(status=Status.PENDING).aggregate(at=Min("next_attempt_at"))["at"]
    expiry = OutboxEmail.objects.filter(status=Status.SENDING).aggregate(at=Min("claimed_until"))["at"]
    return min((at for at in (due, expiry) if at is not None), default=None)


def _message_id_domain() -> str:
    return parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "localhost"


def _due_ids(limit: int) -> list[int]:
    due = OutboxEmail.objects.filter(status=Status.PENDING, next_attempt_at__lte=timezone.now())
    return list(due.order_by("next_attempt_at", "id").values_list("id", flat=True)[:limit])


def _claim(pk: int, lease: timedelta) -> uuid.UUID | None:
    """Take the row if it is still pending. One UPDATE, so of two workers exactly one wins:
    PostgreSQL makes the second wait for the first's row lock and re-check the WHERE
    clause; SQLite runs one writer at a time."""
    token, now = uuid.uuid4(), timezone.now()
    claimed = OutboxEmail.objects.filter(pk=pk, status=Status.PENDING, next_attempt_at__lte=now).update(
        status=Status.SENDING, claim_token=token, claimed_until=now + lease, handoff_started_at=None,
        attempts=F("attempts") + 1,
    )
    return token if claimed else None


def _deliver(pk: int, token: uuid.UUID, connection: "_Connection") -> str | None:
    row = OutboxEmail.objects.get(pk=pk)
    try:
        backend = connection.open()  # connecting and logging in deliver nothing yet
        message = build_message(row, backend)
        if not _mine(pk, token).filter(status=Status.SENDING).update(handoff_started_at=timezone.now()):
            return None  # our claim expired and another worker has the row now
        if backend.send_messages([message]) != 1:
            raise RuntimeError("the email backend did not send the message")
    except Exception as exc:
        connection.discard()  # its state is unknown after an error
        return _record_failure(row, token, exc)
    # Not inside the try: if this mark fails the server may well have the message, so
    # the row must stay "handed off" (and become uncertain), never go back to pending.
    _mine(pk, token).update(status=Status.SENT, sent_at=timezone.now(), last_error="")
    logger.info("email %s sent to %s: %s", pk, row.to, row.subject)
    return "sent"


def _mine(pk: int, token: uuid.UUID) -> QuerySet[OutboxEmail]:
    """The row while this worker's claim on it stands. A claim that expired during a slow
    hand-off (the row marked uncertain, token kept) still lets its worker record the answer."""
    return OutboxEmail.objects.filter(pk=pk, claim_token=token, status__in=[Status.SENDING, Status.UNCERTAIN])


def _record_failure(row: OutboxEmail, token: uuid.UUID, exc: Exception) -> str | None:
    failure = judge(exc)
    attempts = row.attempts  # read after the claim, so it counts this attempt
    released = {"claim_token": None, "claimed_until": None, "handoff_started_at": None}
    if failure.permanent or attempts >= MAX_ATTEMPTS:
        error = failure.error if failure.permanent else f"{failure.error} (gave up after {attempts} attempts)"
        changed = _mine(row.pk, token).update(status=Status.FAILED, last_error=error, **released)
        logger.warning("email %s to %s failed: %s", row.pk, row.to, error)
        return "failed" if changed else None
    retry_at = timezone.now() + retry_delay(attempts)
    changed = _mine(row.pk, token).update(
        status=Status.PENDING, next_attempt_at=retry_at, last_error=failure.error, **released
    )
    logger.warning("email %s to %s not sent (%s); retrying at %s", row.pk, row.to, failure.error, retry_at)
    return "retrying" if changed else None


def _settle_expired_claims() -> int:
    """Claims whose worker stopped: retry the rows never handed off, set the others aside."""
    now = timezone.now()
    expired = OutboxEmail.objects.filter(status=Status.SENDING, claimed_until__lt=now)
    # The token stays: should the worker be alive after all, it can still record the answer.
    uncertain = expired.filter(handoff_started_at__isnull=False).update(status=Status.UNCERTAIN, last_error=UNCERTAIN_ERROR)
    if uncertain:
        logger.warning("%s email(s) marked uncertain: their worker stopped during the hand-off", uncertain)
    never_sent = expired.filter(handoff_started_at__isnull=True)
    released = {"claim_token": None, "claimed_until": None}
    never_sent.filter(attempts__gte=MAX_ATTEMPTS).update(
        status=Status.FAILED, last_error=f"its worker stopped before sending it, {MAX_ATTEMPTS} times", **released
    )
    never_sent.update(status=Status.PENDING, next_attempt_at=now, **released)
    return uncertain


class _Connection:
    """One mail server connection for a batch, opened when first needed, dropped after an error."""

    def __init__(self) -> None:
        self._backend: BaseEmailBackend | None = None

    def open(self) -> BaseEmailBackend:
        if self._backend is None:
            backend = get_connection(fail_silently=False)
            backend.open()
            self._backend = backend
        return self._backend

    def discard(self) -> None:
        backend, self._backend = self._backend, None
        if backend is not None:
            try:
                backend.close()
            except Exception:  # the connection is already broken; nothing to tidy
                pass

    close = discard
