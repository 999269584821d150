"""Status changes of an appointment: which are allowed, and that refused ones change nothing."""
from datetime import time, timedelta

import pytest

from appointments import services
from appointments.models import Appointment
from common import errors
from testing import factories

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

Status = Appointment.Status
ACTIONS = {
    Status.CONFIRMED: services.appointment_confirm,
    Status.CANCELLED: services.appointment_cancel,
    Status.COMPLETED: services.appointment_complete,
    Status.NO_SHOW: services.appointment_mark_no_show,
}
ALLOWED = [
    (Status.PENDING, Status.CONFIRMED),
    (Status.PENDING, Status.CANCELLED),
    (Status.PENDING, Status.COMPLETED),
    (Status.PENDING, Status.NO_SHOW),
    (Status.CONFIRMED, Status.CANCELLED),
    (Status.CONFIRMED, Status.COMPLETED),
    (Status.CONFIRMED, Status.NO_SHOW),
]
REFUSED = [
    (start, to)
    for start in Status
    for to in ACTIONS
    if (start, to) not in ALLOWED
]


@pytest.mark.parametrize("start, to", ALLOWED)
def test_allowed_transition_changes_the_status(start, to):
    appointment = factories.appointment(status=start)
    result = ACTIONS[to](appointment=appointment)
    assert result.status == to
    assert Appointment.objects.get(pk=appointment.pk).status == to


@pytest.mark.parametrize("start, to", REFUSED)
def test_invalid_transition_is_refused_and_changes_nothing(start, to):
    appointment = factories.appointment(status=start)
    before = Appointment.objects.get(pk=appointment.pk)
    with pytest.raises(errors.InvalidTransition):
        ACTIONS[to](appointment=appointment)
    after = Appointment.objects.get(pk=appointment.pk)
    assert (after.status, after.updated_at) == (before.status, before.updated_at)


def test_transition_uses_the_stored_status_not_a_stale_copy():
    appointment = factories.appointment(status=Status.PENDING)
    stale_copy = Appointment.objects.get(pk=appointment.pk)
    services.appointment_cancel(appointment=appointment)
    with pytest.raises(errors.InvalidTransition):
        services.appointment_confirm(appointment=stale_copy)
    assert Appointment.objects.get(pk=appointment.pk).status == Status.CANCELLED


def test_pending_appointments_long_over_become_no_shows():
    factories.open_every_day()
    yesterday = factories.future_day(-1)
    forgotten = factories.appointment(day=yesterday, at=time(10), status=Status.PENDING)
    attended = factories.appointment(day=yesterday, at=time(11), status=Status.CONFIRMED)
    upcoming = factories.appointment(day=factories.future_day(1), at=time(10), status=Status.PENDING)

    assert services.appointments_mark_past_no_shows(grace=timedelta(hours=1)) == 1

    statuses = dict(Appointment.objects.values_list("id", "status"))
    assert statuses == {forgotten.id: Status.NO_SHOW, attended.id: Status.CONFIRMED, upcoming.id: Status.PENDING}
