"""A new business day reaches connected dashboards: appointments_day_rollover."""
from datetime import timedelta

import pytest
from django.db import transaction

from appointments.hours import business_today
from appointments.services import appointments_day_rollover
from realtime.models import StreamEvent
from realtime.publish import publish
from realtime.streams import APPOINTMENTS_STREAM
from testing import factories


def dashboard_events():
    return list(StreamEvent.objects.filter(stream=APPOINTMENTS_STREAM).order_by("seq").values_list("event", "envelope"))


@pytest.mark.django_db
def test_after_midnight_the_new_days_values_are_published_once():
    factories.appointment(day=business_today())
    yesterday = (business_today() - timedelta(days=1)).isoformat()
    with transaction.atomic():
        publish(stream=APPOINTMENTS_STREAM, event="today_schedule", op="updated", data={"date": yesterday, "opens": None, "closes": None, "lanes": []})

    assert appointments_day_rollover() is True
    published = dashboard_events()[1:]
    assert [event for event, _ in published] == ["pending_count", "today_appointments", "today_schedule"]
    assert {envelope["data"]["date"] for _, envelope in published} == {business_today().isoformat()}
    assert len(published[1][1]["data"]["appointments"]) == 1

    # Another process (or the next tick) finds the day already announced.
    assert appointments_day_rollover() is False
    assert len(dashboard_events()) == 4
