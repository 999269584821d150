"""The appointment as an RFC 5545 calendar file, read back with a small parser of the format."""
from datetime import UTC, datetime, time

import pytest

from appointments.ics import appointment_ics, escape_text, fold_line
from appointments.models import Appointment
from appointments.tests.ical import parse, physical_lines, the_event, unfold
from testing import factories

pytestmark = pytest.mark.django_db

Status = Appointment.Status


@pytest.fixture
def site(settings):
    settings.SITE_URL = "https://book.example.com:8443"
    settings.BUSINESS_NAME = "Salon Rouge"
    settings.TIME_ZONE = "Europe/London"
    return settings


# --- The calendar ------------------------------------------------------------------------------


def test_a_publish_calendar_with_one_event_of_the_appointment_in_utc(site):
    day = datetime(2031, 7, 8).date()  # summer: 10:00 in London is 09:00 UTC
    appointment = factories.appointment(
        service_=factories.service("Haircut", minutes=45), resource_=factories.resource("Chair 1"), day=day, at=time(10),
    )

    ics = appointment_ics(appointment, now=datetime(2031, 7, 1, 12, 30, 5, tzinfo=UTC))

    calendar = parse(ics)
    assert calendar["VCALENDAR"]["VERSION"] == "2.0"
    assert calendar["VCALENDAR"]["METHOD"] == "PUBLISH"
    assert calendar["VCALENDAR"]["PRODID"]
    event = the_event(ics)
    assert event["UID"] == f"appointment-{appointment.pk}@book.example.com"
    assert event["DTSTAMP"] == "20310701T123005Z"
    assert event["DTSTART"] == "20310708T090000Z"
    assert event["DTEND"] == "20310708T094500Z"
    assert event["SUMMARY"] == "Haircut at Salon Rouge"
    assert "Chair 1" in event["DESCRIPTION"]
    assert "https://book.example.com:8443/my-appointments/" in event["DESCRIPTION"]
    assert event["URL"] == "https://book.example.com:8443/my-appointments/"
    assert event["STATUS"] == "TENTATIVE"
    assert event["SEQUENCE"] == "1"
    assert "LOCATION" not in event


def test_the_uid_stays_and_the_sequence_follows_the_version_so_calendars_update_the_event(site):
    appointment = factories.appointment()
    first = the_event(appointment_ics(appointment))

    appointment.start, appointment.end = appointment.start.replace(hour=14), appointment.end.replace(hour=14)
    appointment.version = 4
    moved = the_event(appointment_ics(appointment))

    assert moved["UID"] == first["UID"]
    assert int(moved["SEQUENCE"]) > int(first["SEQUENCE"])
    assert moved["SEQUENCE"] == "4"
    assert moved["DTSTART"] != first["DTSTART"]


@pytest.mark.parametrize(("status", "expected"), [
    (Status.PENDING, "TENTATIVE"),
    (Status.CONFIRMED, "CONFIRMED"),
    (Status.CANCELLED, "CANCELLED"),
    (Status.COMPLETED, "CONFIRMED"),
    (Status.NO_SHOW, "CONFIRMED"),
])
def test_the_event_status_follows_the_appointment(site, status, expected):
    appointment = factories.appointment(status=status)
    assert the_event(appointment_ics(appointment))["STATUS"] == expected


def test_commas_semicolons_backslashes_and_newlines_in_text_survive_the_round_trip(site):
    site.BUSINESS_NAME = "Cut, Dry; & Co \\ Ltd\nLondon"
    site.BUSINESS_ADDRESS = "1 High St, Flat 2; Town\r\nUK"
    appointment = factories.appointment(
        service_=factories.service("Wash, cut; blow-dry \\ style"), resource_=factories.resource("Sam, senior"),
    )

    ics = appointment_ics(appointment)

    event = the_event(ics)
    assert event["SUMMARY"] == "Wash, cut; blow-dry \\ style at Cut, Dry; & Co \\ Ltd\nLondon"
    assert event["LOCATION"] == "1 High St, Flat 2; Town\nUK"
    assert "Sam, senior" in event["DESCRIPTION"]
    [raw] = [line for line in unfold(ics) if line.startswith("SUMMARY:")]
    assert raw == "SUMMARY:Wash\\, cut\\; blow-dry \\\\ style at Cut\\, Dry\\; & Co \\\\ Ltd\\nLondon"


def test_escape_text_drops_control_characters_that_text_values_may_not_hold():
    assert escape_text("a\x00b\x07c\td\x7f") == "abc\td"
    assert escape_text("one\rtwo\r\nthree") == "one\\ntwo\\nthree"


def test_long_lines_are_folded_at_75_octets_without_splitting_a_character(site):
    name = "Coupe « spéciale » ✂ avec brushing et soin profond " * 4
    appointment = factories.appointment(service_=factories.service(name.strip()))

    ics = appointment_ics(appointment)

    lines = physical_lines(ics)
    assert any(line.startswith(" ") for line in lines), "nothing was folded"
    for line in lines:
        encoded = line.encode("utf-8")
        assert len(encoded) <= 75, (len(encoded), line)
        encoded.decode("utf-8")  # each physical line on its own is whole characters
    assert the_event(ics)["SUMMARY"] == f"{name.strip()} at Salon Rouge"


@pytest.mark.parametrize("text", ["", "a" * 75, "a" * 76, "é" * 38, "✂" * 100, "a" + "€" * 40])
def test_fold_line_keeps_every_piece_within_75_octets_and_unfolds_to_the_original(text):
    folded = fold_line(text)
    pieces = folded.split("\r\n")
    assert all(len(piece.encode()) <= 75 for piece in pieces)
    assert all(piece.startswith(" ") for piece in pieces[1:])
    assert pieces[0] + "".join(piece[1:] for piece in pieces[1:]) == text
    if len(text.encode()) <= 75:
        assert folded == text
