"""How the import reads one service from another system: times, rules, status, validity."""

import uuid
from datetime import date, time, timedelta

import pytest
from sqlalchemy import select

from tarjotin.catalogue.lifecycle import ARCHIVED, PUBLISHED, SUBMITTED
from tarjotin.extensions import db
from tarjotin.models import Activity
from tarjotin.opendata import hsds_import
from tarjotin.opendata.hsds_services import parse_clock
from tarjotin.opendata.profile import VOCABULARY
from tests.factories import make_step

ORGANIZATION = "6f1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a00"
SERVICE = "6f1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a01"


def service_file(schedules=(), placed=True, **service):
    """A small HSDS file from another system: one organisation and one service."""
    attributes = []
    if placed:
        attributes.append(
            {
                "id": str(uuid.uuid4()),
                "link_id": SERVICE,
                "link_entity": "service",
                "taxonomy_term_id": VOCABULARY["step"].term_id("step-1"),
            }
        )
    return {
        "organization": [{"id": ORGANIZATION, "name": "Kerhot ry", "description": ""}],
        "service": [
            {"id": SERVICE, "organization_id": ORGANIZATION, "name": "Kerho", "status": "active"}
            | service
        ],
        "schedule": [
            {"id": str(uuid.uuid4()), "service_id": SERVICE, **schedule} for schedule in schedules
        ],
        "attribute": attributes,
    }


def imported(data):
    report = hsds_import.import_data(db.session, data)
    assert report.accepted, report.summary()
    return report, db.session.scalar(select(Activity).filter_by(uid=SERVICE))


@pytest.fixture
def step(app):
    return make_step(1)


WEEKLY = {"freq": "WEEKLY", "byday": "MO,WE", "opens_at": "10:00", "closes_at": "12:00"}


def test_a_placed_active_service_with_weekly_times_is_published(step):
    report, activity = imported(service_file([WEEKLY]))
    assert report.review == []
    assert (activity.status, activity.step) == (PUBLISHED, step)
    assert [(s.weekday, s.start_time, s.end_time) for s in activity.weekly_slots] == [
        (0, time(10), time(12)),
        (2, time(10), time(12)),
    ]
    assert activity.weekday_mask == 0b101
    assert "schedule times without a time zone, read as the region's time (2)" in report.notes


@pytest.mark.parametrize(
    ("opens", "closes", "extra", "expected"),
    [
        ("07:00:00Z", "09:00:00Z", {}, (time(10), time(12))),  # summer: UTC+3
        ("10:00:00+03:00", "12:00+03:00", {}, (time(10), time(12))),
        ("07:00", "09:00", {"timezone": 3}, (time(7 + 3 - 3), time(9))),
        ("09:00", "11:00", {"x-timezone": "Europe/Stockholm"}, (time(10), time(12))),
        ("10:00", "12:00", {"x-timezone": "Europe/Helsinki"}, (time(10), time(12))),
    ],
)
def test_times_in_other_zones_are_read_in_the_regions_time(step, opens, closes, extra, expected):
    rule = WEEKLY | {"opens_at": opens, "closes_at": closes, "dtstart": "2026-06-01"} | extra
    _report, activity = imported(service_file([rule]))
    assert {(s.start_time, s.end_time) for s in activity.weekly_slots} == {expected}


def test_a_numeric_timezone_is_an_offset_from_utc(step):
    rule = WEEKLY | {"opens_at": "08:00", "closes_at": "10:00", "dtstart": "2026-01-05"}
    _report, activity = imported(service_file([rule | {"timezone": 0}]))
    # 08:00 UTC is 10:00 in a Finnish winter.
    assert {(s.start_time, s.end_time) for s in activity.weekly_slots} == {(time(10), time(12))}


def test_a_one_off_rule_becomes_a_dated_session(step):
    session = {"dtstart": "2026-05-09", "until": "2026-05-09", "freq": "WEEKLY", "byday": "SA"}
    counted = {"dtstart": "2026-05-16", "count": 1, "freq": "WEEKLY"}
    times = {"opens_at": "09:00", "closes_at": "15:00"}
    _report, activity = imported(service_file([session | times, counted | times]))
    assert activity.weekly_slots == []
    assert [(s.date, s.start_time) for s in activity.sessions] == [
        (date(2026, 5, 9), time(9)),
        (date(2026, 5, 16), time(9)),
    ]


@pytest.mark.parametrize(
    ("rule", "reason"),
    [
        ({"freq": "MONTHLY", "byday": "1SA"}, "a schedule with a rule tarjotin cannot show"),
        ({"byday": "MO", "opens_at": None}, "without a clear opening and closing time"),
        ({"byday": "MO", "closes_at": "09:00"}, "without a clear opening and closing time"),
        ({"byday": None}, "a schedule without weekdays or a date"),
        ({"byweekno": "41"}, "parts of its schedule were left out (byweekno)"),
        (
            {"interval": 2, "dtstart": "2026-01-12", "valid_from": "2026-01-05"},
            "its every-2-weeks rhythm starts on another week",
        ),
    ],
)
def test_a_schedule_the_tray_cannot_show_sends_the_service_to_review(step, rule, reason):
    schedule = {k: v for k, v in (WEEKLY | rule).items() if v is not None}
    report, activity = imported(service_file([schedule]))
    assert activity.status == SUBMITTED
    (entry,) = report.review
    assert reason in entry.review


def test_a_fortnightly_rule_in_step_with_its_validity_stays_public(step):
    rule = WEEKLY | {"interval": 2, "dtstart": "2026-01-19", "valid_from": "2026-01-05"}
    report, activity = imported(service_file([rule]))
    assert report.review == []
    assert {s.interval for s in activity.weekly_slots} == {2}
    assert activity.valid_from == date(2026, 1, 5)


def test_validity_comes_from_the_schedules(step):
    rules = [
        WEEKLY | {"valid_from": "2026-02-01", "valid_to": "2026-05-31"},
        WEEKLY | {"byday": "FR", "valid_from": "2026-01-15", "valid_to": "2026-06-30"},
    ]
    _report, activity = imported(service_file(rules))
    assert (activity.valid_from, activity.valid_until) == (date(2026, 1, 15), date(2026, 6, 30))


def test_a_service_that_ends_before_it_begins_is_refused_alone(step):
    rule = WEEKLY | {"valid_from": "2026-05-01", "valid_to": "2026-04-01"}
    report = hsds_import.import_data(db.session, service_file([rule]))
    assert report.accepted
    (entry,) = report.of("refused")
    assert (entry.kind, entry.detail) == ("activity", "it ends before it begins")
    assert report.count("created", "organization") == 1


@pytest.mark.parametrize(
    ("status", "expected"),
    [("inactive", ARCHIVED), ("defunct", ARCHIVED), ("temporarily closed", SUBMITTED)],
)
def test_the_hsds_status_decides_what_a_placed_service_becomes(step, status, expected):
    report, activity = imported(service_file([WEEKLY], status=status))
    assert activity.status == expected
    assert bool(report.review) == (expected == SUBMITTED)


def test_texts_numbers_and_the_contact_are_read(step):
    data = service_file(
        [WEEKLY],
        description="Pitkä kuvaus.",
        url="https://example.fi/kerho",
        email="kerho@example.fi",
        minimum_age=16,
        assured_date="2026-01-31",
        fees_description="2 € kerta",
    )
    data["cost_option"] = [{"id": str(uuid.uuid4()), "service_id": SERVICE, "amount": 2}]
    data["language"] = [
        {"id": str(uuid.uuid4()), "service_id": SERVICE, "code": "FI", "name": "Finnish"}
    ]
    _report, activity = imported(data)
    assert (activity.description_fi, activity.website) == (
        "Pitkä kuvaus.",
        data["service"][0]["url"],
    )
    assert (activity.contact_email, activity.min_age) == ("kerho@example.fi", 16)
    assert activity.last_verified == date(2026, 1, 31)
    assert (activity.cost, activity.cost_description_fi) == ("fee", "2 € kerta")
    assert activity.summary_fi == ""
    assert activity.languages == []  # the tray has no languages yet: left out, noted


def test_an_unplaced_service_waits_and_a_second_import_leaves_it_waiting(step):
    data = service_file([WEEKLY], placed=False)
    report, activity = imported(data)
    assert activity.status == SUBMITTED
    again, _activity = imported(service_file([WEEKLY], placed=False))
    assert (again.count("updated"), [e.review for e in again.review]) == (0, ["it is on no step"])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("10:00", (time(10), None)),
        ("9:05:30", (time(9, 5), None)),
        ("09:00:00.000Z", (time(9), timedelta(0))),
        ("09:00-05:00", (time(9), timedelta(hours=-5))),
        ("09:00+0530", (time(9), timedelta(hours=5, minutes=30))),
        ("24:00", None),
        ("noon", None),
    ],
)
def test_clock_times_are_read_with_their_offset(text, expected):
    assert parse_clock(text) == expected
