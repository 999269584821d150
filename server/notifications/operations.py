"""What a person asks of their notification list: looked up as their own, done, answered."""
from notifications import inbox, selectors
from notifications.serializers import notification_data


def notification_read_for_user(*, user, notification_id: int) -> dict:
    notification = selectors.notification_get_for_user(user, notification_id)
    return notification_data(inbox.notification_read(notification=notification))


def notifications_read_all_for_user(*, user) -> dict:
    marked = inbox.notifications_read_all(user=user)
    return {"marked": marked, "unread": selectors.unread_count(user)}


def preferences_for_user(*, user) -> dict:
    return {"email": inbox.wants_email(user)}


def preferences_update_for_user(*, user, email: bool) -> dict:
    return inbox.preferences_set(user=user, email=email)
