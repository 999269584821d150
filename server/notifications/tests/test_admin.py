"""The outbox in the Django admin: see what the product sent, and send failed or uncertain emails again."""
import pytest
from django.utils import timezone

from notifications.models import OutboxEmail
from notifications.services import email_enqueue, send_due
from testing import factories

pytestmark = pytest.mark.django_db

CHANGELIST = "/django-admin/notifications/outboxemail/"


def queue(subject: str, status: str = "pending", text: str = "Hello.") -> OutboxEmail:
    row = email_enqueue(to="casey@example.test", subject=subject, text=text)
    OutboxEmail.objects.filter(pk=row.pk).update(status=status)
    return row


def test_the_list_shows_each_email_with_its_status(admin_client):
    queue("Reset your front desk password", status="sent")
    queue("Your front desk account", status="failed")

    page = admin_client.get(CHANGELIST).content.decode()

    for text in ("Reset your front desk password", "Your front desk account", "casey@example.test", "Sent", "Failed"):
        assert text in page


def test_an_email_can_be_read_in_full_but_not_edited(admin_client):
    row = queue("Your booking is confirmed", text="See you on Tuesday at 10:00.\nBring your card.")
    page = admin_client.get(f"{CHANGELIST}{row.pk}/change/").content.decode()

    assert "See you on Tuesday at 10:00.<br>Bring your card." in page
    assert row.message_id.strip("<>") in page
    assert 'name="_save"' not in page  # read-only
    assert admin_client.get(f"{CHANGELIST}add/").status_code == 403


def test_send_again_requeues_failed_and_uncertain_emails_only(admin_client, smtp_settings):
    failed = queue("Failed one", status="failed")
    uncertain = queue("Uncertain one", status="uncertain")
    sent = queue("Sent one", status="sent")
    OutboxEmail.objects.filter(pk=failed.pk).update(attempts=10, last_error="550 no such user")

    response = admin_client.post(
        CHANGELIST, {"action": "send_again", "_selected_action": [failed.pk, uncertain.pk, sent.pk]}, follow=True
    )

    page = response.content.decode()
    assert "2 email(s) queued to be sent again." in page and "1 skipped" in page
    for row in (failed, uncertain, sent):
        row.refresh_from_db()
    assert (failed.status, failed.attempts, uncertain.status, sent.status) == ("pending", 0, "pending", "sent")
    assert failed.next_attempt_at <= timezone.now()
    # The worker sends them; the repeat of the uncertain one keeps its Message-ID, so a
    # receiver that did get it the first time can tell.
    assert send_due().sent == 2
    assert sorted(m["Message-ID"] for m in smtp_settings.messages()) == sorted([failed.message_id, uncertain.message_id])


def test_staff_who_may_only_view_the_outbox_cannot_send_again(client):
    from django.contrib.auth.models import Permission

    row = queue("Failed one", status="failed")
    viewer = factories.staff()
    viewer.user_permissions.add(Permission.objects.get(codename="view_outboxemail"))
    client.force_login(viewer)

    assert "Failed one" in client.get(CHANGELIST).content.decode()
    client.post(CHANGELIST, {"action": "send_again", "_selected_action": [row.pk]})

    row.refresh_from_db()
    assert row.status == "failed"
