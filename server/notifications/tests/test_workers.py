"""`send_outbox` worker processes sharing one outbox: each email once, even when one is killed."""
import re

import pytest

from notifications.models import OutboxEmail
from notifications.services import email_enqueue
from notifications.tests.helpers import send_outbox, wait_until

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]


def finish(process, timeout: float = 60) -> str:
    output, _ = process.communicate(timeout=timeout)
    assert process.returncode == 0, output
    return output


def test_two_workers_over_the_same_emails_deliver_each_exactly_once(smtp):
    rows = [email_enqueue(to=f"guest{n}@example.test", subject=f"Reminder {n}", text="See you tomorrow.") for n in range(20)]
    # Each worker's first message is held until both are in the middle of a hand-off:
    # then they certainly run side by side, contending for the rest.
    smtp.set_mode("hold")
    workers = [send_outbox(smtp=smtp), send_outbox(smtp=smtp)]
    try:
        smtp.wait_for_messages(2, timeout=30)
    finally:
        smtp.release()
    outputs = [finish(worker) for worker in workers]

    sent_by_worker = [int(re.search(r"outbox: sent=(\d+)", output).group(1)) for output in outputs]
    assert sum(sent_by_worker) == 20 and min(sent_by_worker) >= 1, outputs
    delivered = [message["Message-ID"] for message in smtp.messages()]
    assert sorted(delivered) == sorted(row.message_id for row in rows)  # all of them, none twice
    assert set(OutboxEmail.objects.values_list("status", flat=True)) == {"sent"}


def test_a_worker_killed_during_the_hand_off_leaves_the_email_uncertain_and_it_is_not_sent_again(smtp):
    row = email_enqueue(to="casey@example.test", subject="Reminder: tomorrow at 10:00", text="See you.")
    # The server takes the message, then keeps its 250 back until released.
    smtp.set_mode("hold")
    first = send_outbox("--lease-seconds", "1", smtp=smtp)
    smtp.wait_for_messages(1, timeout=30)
    first.kill()  # SIGKILL: after the server has the message, before the worker could mark it
    first.communicate(timeout=10)
    smtp.release()
    smtp.set_mode("accept")
    row.refresh_from_db()
    assert row.status == "sending" and row.handoff_started_at is not None

    restarted = send_outbox("--loop", "--poll-seconds", "0.2", smtp=smtp)
    try:
        wait_until(lambda: OutboxEmail.objects.get(pk=row.pk).status == "uncertain", timeout=20,
                   message="the restarted worker marks the email uncertain")
    finally:
        restarted.terminate()  # SIGTERM: it finishes its round, then exits
    finish(restarted)

    assert [message["Message-ID"] for message in smtp.messages()] == [row.message_id]
    row.refresh_from_db()
    assert row.status == "uncertain" and row.sent_at is None
    assert "may or may not have been delivered" in row.last_error
