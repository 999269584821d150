"""What can be read of a person's notifications: only their own."""
from typing import Any

from accounts.models import User
from django.db import transaction

from common import errors
from notifications.models import Notification
from notifications.serializers import NotificationSerializer
from realtime.publish import stream_current_seq, stream_lock
from realtime.streams import staff_stream

PAGE_SIZE = 20


def notification_get_for_user(user: User, notification_id: int) -> Notification:
    notification = Notification.objects.filter(user=user, pk=notification_id).first()
    if notification is None:
        raise errors.NotFound("No such notification.")
    return notification


def unread_count(user: User) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def notifications_page_for_user(user: User, *, page: int = 1) -> dict[str, Any]:
    """One page of `user`'s notifications, newest first, with how many are unread."""
    offset = (page - 1) * PAGE_SIZE
    rows = list(Notification.objects.filter(user=user).select_related("actor")[offset:offset + PAGE_SIZE + 1])
    return {
        "results": NotificationSerializer(rows[:PAGE_SIZE], many=True).data,
        "page": page,
        "has_more": len(rows) > PAGE_SIZE,
        "unread": unread_count(user),
    }


def notifications_snapshot(user: User) -> dict[str, Any]:
    """The first page and the unread count, exactly as of `seq`.

    The stream is locked while reading: a notification or a read committed meanwhile
    would otherwise be counted in `unread` and arrive again as an event.
    """
    stream = staff_stream(user.id)
    with transaction.atomic():
        stream_lock(stream)
        return {**notifications_page_for_user(user), "seq": stream_current_seq(stream)}
