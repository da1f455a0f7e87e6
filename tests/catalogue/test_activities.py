"""Look-ups behind the public pages: one activity, its timetable, organisers and their lists.

Covers tarjotin.catalogue.activities and tarjotin.catalogue.organisations.
"""

from datetime import date, time, timedelta

import pytest

from tarjotin.catalogue import activities, organisations
from tarjotin.catalogue.activities import WeeklyTime
from tarjotin.catalogue.schedules import Occurrence, Slot
from tarjotin.extensions import db
from tarjotin.models import Cancellation, Session
from tests.factories import make_activity, make_organization, make_step

TODAY = date(2026, 12, 1)  # a Tuesday
HUGE_ID = 99999999999999999999


# --- One activity ------------------------------------------------------------------------


def test_get_public_activity_returns_a_published_current_activity(app):
    activity = make_activity()
    db.session.commit()
    assert activities.get_public_activity(db.session, activity.id, TODAY) is activity


@pytest.mark.parametrize("status", ["submitted", "changes_requested", "archived", "rejected"])
def test_get_public_activity_hides_what_is_not_published(app, status):
    activity = make_activity(status=status)
    assert activities.get_public_activity(db.session, activity.id, TODAY) is None


@pytest.mark.parametrize(("days", "public"), [(-1, False), (0, True), (1, True)])
def test_get_public_activity_hides_an_ended_activity(app, days, public):
    activity = make_activity(valid_until=TODAY + timedelta(days=days))
    found = activities.get_public_activity(db.session, activity.id, TODAY)
    assert (found is activity) is public


@pytest.mark.parametrize("activity_id", [0, -5, 2**31, 2**63, HUGE_ID])
def test_get_public_activity_finds_nothing_for_an_impossible_id(app, activity_id):
    make_activity()
    assert activities.get_public_activity(db.session, activity_id, TODAY) is None


def test_get_public_activity_finds_nothing_for_an_unknown_id(app):
    activity = make_activity()
    assert activities.get_public_activity(db.session, activity.id + 1, TODAY) is None


@pytest.mark.parametrize(
    ("value", "storable"), [(1, True), (2**31 - 1, True), (0, False), (-1, False), (2**31, False)]
)
def test_is_storable_id_follows_the_integer_column(value, storable):
    assert activities.is_storable_id(value) is storable


# --- Its timetable -----------------------------------------------------------------------


def test_timetable_lists_the_next_six_times_from_today(app):
    activity = make_activity(slots=((1, time(10), time(12)),))
    timetable = activities.timetable_of(activity, TODAY)
    assert timetable.occurrences == tuple(
        Occurrence(TODAY + timedelta(weeks=n), time(10), time(12)) for n in range(6)
    )
    assert timetable.weekly == (WeeklyTime((1,), time(10), time(12), 1),)
    assert timetable.cancelled == ()
    assert not timetable.starts_later


def test_timetable_joins_slots_that_share_hours_and_rhythm(app):
    activity = make_activity(
        slots=(
            (4, time(9), time(10)),
            (0, time(18), time(19)),
            (0, time(9), time(10)),
            (2, time(9), time(10)),
        )
    )
    timetable = activities.timetable_of(activity, TODAY)
    assert timetable.weekly == (
        WeeklyTime((0, 2, 4), time(9), time(10), 1),
        WeeklyTime((0,), time(18), time(19), 1),
    )


@pytest.mark.parametrize(
    ("weekdays", "is_range"),
    [((0,), False), ((0, 1), False), ((0, 1, 2), True), ((0, 2, 4), False), ((3, 4, 5, 6), True)],
)
def test_weekly_time_is_a_range_for_three_days_in_a_row(weekdays, is_range):
    assert WeeklyTime(weekdays, time(9), time(10), 1).is_range is is_range


def test_weekly_times_keep_different_rhythms_apart():
    slots = [Slot(0, time(9), time(10), 1), Slot(1, time(9), time(10), 2)]
    assert activities.weekly_times(slots) == (
        WeeklyTime((0,), time(9), time(10), 1),
        WeeklyTime((1,), time(9), time(10), 2),
    )


def test_timetable_lists_at_most_six_cancellations(app):
    activity = make_activity(slots=((1, time(10), time(12)),))
    activity.cancellations = [Cancellation(date=TODAY + timedelta(weeks=n)) for n in range(1, 10)]
    db.session.flush()
    timetable = activities.timetable_of(activity, TODAY)
    assert timetable.cancelled == tuple(TODAY + timedelta(weeks=n) for n in range(1, 7))


def test_timetable_lists_only_cancellations_that_stop_an_upcoming_session(app):
    activity = make_activity(slots=((1, time(10), time(12)),))
    activity.cancellations = [
        Cancellation(date=TODAY - timedelta(weeks=1)),  # past
        Cancellation(date=TODAY + timedelta(weeks=1)),  # a Tuesday ahead
        Cancellation(date=TODAY + timedelta(days=8)),  # a Wednesday: nothing runs then
        Cancellation(date=TODAY + timedelta(weeks=60)),  # beyond the year ahead
    ]
    db.session.flush()
    timetable = activities.timetable_of(activity, TODAY)
    assert timetable.cancelled == (TODAY + timedelta(weeks=1),)
    assert TODAY + timedelta(weeks=1) not in [o.date for o in timetable.occurrences]


def test_timetable_counts_a_cancelled_dated_session(app):
    session_day = date(2026, 12, 3)
    activity = make_activity(slots=())
    activity.sessions = [Session(date=session_day, start_time=time(9), end_time=time(11))]
    activity.cancellations = [Cancellation(date=session_day)]
    db.session.flush()
    timetable = activities.timetable_of(activity, TODAY)
    assert timetable.cancelled == (session_day,)
    assert timetable.occurrences == ()


def test_timetable_of_an_activity_that_starts_later(app):
    start = date(2027, 1, 12)
    activity = make_activity(
        valid_from=start, valid_until=date(2027, 5, 31), slots=((1, time(10), time(12)),)
    )
    timetable = activities.timetable_of(activity, TODAY)
    assert timetable.starts_later
    assert timetable.valid_from == start
    assert timetable.valid_until == date(2027, 5, 31)
    assert timetable.occurrences[0].date == start


def test_timetable_of_an_activity_without_times_is_empty(app):
    activity = make_activity(slots=())
    timetable = activities.timetable_of(activity, TODAY)
    assert timetable.occurrences == ()
    assert timetable.weekly == ()


# --- Organisers ----------------------------------------------------------------------------


def test_directory_groups_organisers_with_public_activities_by_kind(app):
    parish = make_organization(name_fi="Seurakunta", kind="parish")
    city = make_organization(name_fi="Kaupunki", kind="city")
    other = make_organization(name_fi="Muu", kind="something-old")
    quiet = make_organization(name_fi="Hiljainen", kind="association")
    for organisation in (parish, city, city, other):
        make_activity(organization=organisation)
    make_activity(organization=quiet, status="submitted")
    make_activity(organization=quiet, valid_until=TODAY - timedelta(days=1))
    groups = organisations.organisation_directory(db.session, TODAY, "fi")
    assert [group.kind for group in groups] == ["city", "parish", "other"]
    assert [(entry.organisation, entry.count) for group in groups for entry in group.entries] == [
        (city, 2),
        (parish, 1),
        (other, 1),
    ]


def test_directory_sorts_by_the_name_in_the_language_asked(app):
    first_in_fi = make_organization(name_fi="Aa ry", name_en="Zz club")
    first_in_en = make_organization(name_fi="Bb ry", name_en="Aa club")
    for organisation in (first_in_fi, first_in_en):
        make_activity(organization=organisation)
    for locale, expected in (
        ("fi", [first_in_fi, first_in_en]),
        ("en", [first_in_en, first_in_fi]),
    ):
        (group,) = organisations.organisation_directory(db.session, TODAY, locale)
        assert [entry.organisation for entry in group.entries] == expected


def test_directory_can_keep_one_kind(app):
    make_activity(organization=make_organization(kind="parish"))
    make_activity(organization=make_organization(kind="city"))
    groups = organisations.organisation_directory(db.session, TODAY, "fi", kind="parish")
    assert [group.kind for group in groups] == ["parish"]


@pytest.mark.parametrize(
    "names",
    [
        ["abc", "Émile", "Zeta", "Åbo", "Ääni", "Öljy"],
        ["Aalto", "aamu", "Ab"],
    ],
)
def test_name_key_orders_names_the_nordic_way(names):
    shuffled = names[1::2] + names[::2]
    assert sorted(shuffled, key=organisations.name_key) == names


def test_get_organisation_finds_it_or_nothing(app):
    organisation = make_organization()
    assert organisations.get_organisation(db.session, organisation.id) is organisation
    assert organisations.get_organisation(db.session, organisation.id + 1) is None
    assert organisations.get_organisation(db.session, HUGE_ID) is None
    assert organisations.get_organisation(db.session, 2**31) is None


def test_public_activities_of_lists_public_ones_by_step_then_name(app):
    organisation = make_organization()
    b_on_2 = make_activity(organization=organisation, name_fi="B", step=make_step(2))
    a_on_2 = make_activity(organization=organisation, name_fi="A", step=make_step(2))
    c_on_1 = make_activity(organization=organisation, name_fi="C", step=make_step(1))
    make_activity(organization=organisation, status="archived")
    make_activity(organization=organisation, valid_until=TODAY - timedelta(days=1))
    make_activity()  # someone else's
    found = organisations.public_activities_of(db.session, organisation, TODAY)
    assert found == [c_on_1, a_on_2, b_on_2]


def test_public_activities_of_an_organiser_without_any_is_empty(app):
    organisation = make_organization()
    make_activity(organization=organisation, status="submitted")
    assert organisations.public_activities_of(db.session, organisation, TODAY) == []
