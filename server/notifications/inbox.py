"""A person's notification list: what can happen to it.

`notify` adds a line: stored, published on the person's own stream (`staff:<id>`, live
in every tab they have open) and, unless they turned it off, queued as an email through
the outbox. Call it inside the transaction of the change that causes it (workflow.notices
does), so the notification, its event and its email commit with that change or not at all.

This module knows no domain app: a notification says what it is about by its `url` (where
the app opens it) and its `dedupe_key`.
"""
import logging

from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from common.actor import display_name
from notifications.models import Notification, NotificationPreference
from notifications.serializers import notification_data
from notifications.services import email_enqueue
from realtime.publish import publish, stream_lock
from realtime.streams import staff_stream

logger = logging.getLogger(__name__)

TEXT_MAX = 300  # Notification.text


@transaction.atomic
def notify(*, user, kind: str, text: str, url: str, actor=None, dedupe_key: str | None = None) -> Notification | None:
    """Add a notification to `user`'s list; None when `dedupe_key` was notified before."""
    notification = Notification(user=user, kind=kind, text=_one_line(text), url=url, actor=actor, dedupe_key=dedupe_key)
    if dedupe_key is None:
        notification.save()
    else:
        try:
            with transaction.atomic():  # a savepoint: a repeat must not spoil the caller's transaction
                notification.save()
        except IntegrityError:
            return None
    _publish_notification(notification, "created")
    if wants_email(user):
        _email(notification)
    return notification


@transaction.atomic
def notification_read(*, notification: Notification) -> Notification:
    """Mark one notification read; reading it again changes nothing and publishes nothing."""
    stream_lock(staff_stream(notification.user_id))  # one writer per person: a read is published once
    notification = Notification.objects.select_related("actor").get(pk=notification.pk)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
        _publish_notification(notification, "read")
    return notification


@transaction.atomic
def notifications_read_all(*, user) -> int:
    """Mark every unread notification of `user` read, each with its own event. Returns how many."""
    stream_lock(staff_stream(user.id))
    unread = list(Notification.objects.filter(user=user, read_at__isnull=True).select_related("actor").order_by("created_at", "id"))
    now = timezone.now()
    Notification.objects.filter(pk__in=[n.pk for n in unread]).update(read_at=now)
    for notification in unread:
        notification.read_at = now
        _publish_notification(notification, "read")
    return len(unread)


def wants_email(user) -> bool:
    """No preference saved means the default: email on."""
    return NotificationPreference.objects.filter(user=user).values_list("email", flat=True).first() is not False


@transaction.atomic
def preferences_set(*, user, email: bool) -> dict:
    NotificationPreference.objects.update_or_create(user=user, defaults={"email": email})
    return {"email": email}


def _publish_notification(notification: Notification, op: str) -> None:
    publish(stream=staff_stream(notification.user_id), event="notification", op=op, data=notification_data(notification))


def absolute_url(url: str) -> str:
    return f"{settings.SITE_URL}{url}" if url.startswith("/") else url


def _email(notification: Notification) -> None:
    user = notification.user
    to = (user.email or "").strip()
    if not to or not user.is_active:
        return
    try:
        context = {
            "name": display_name(user),
            "text": notification.text,
            "link": absolute_url(notification.url),
            "settings_link": absolute_url("/boards"),
            "business_name": getattr(settings, "BUSINESS_NAME", "") or "Front desk",
            "subject": notification.text,
        }
        text = render_to_string("notifications/email/notification.txt", context)
        html = render_to_string("notifications/email/notification.html", context)
    except Exception:  # a bug in a template: the change itself must still commit
        logger.exception("could not build the email of notification %s", notification.pk)
        return
    try:
        email_enqueue(to=to, subject=notification.text, text=text, html=html, dedupe_key=f"notification:{notification.pk}")
    except ValueError:  # an address email_enqueue refuses (checked before it writes anything)
        logger.warning("no email for notification %s: invalid address %r", notification.pk, to)


def _one_line(text: str) -> str:
    """Notifications quote titles people typed: no newline may reach a list line or a subject."""
    text = " ".join(text.split())
    return text if len(text) <= TEXT_MAX else text[: TEXT_MAX - 1] + "…"
