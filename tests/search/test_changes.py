"""The change log: every change an index document shows is recorded in its transaction."""

from datetime import time

import pytest
from sqlalchemy import select

from tarjotin.extensions import db
from tarjotin.models import Cancellation, SearchChange, Session, WeeklySlot
from tests.factories import (
    make_activity,
    make_area,
    make_location,
    make_organization,
    make_theme,
)
from tests.search.helpers import TODAY

pytestmark = pytest.mark.usefixtures("app")


def logged():
    """Return the activity ids in the change log since the last call, and empty it."""
    ids = db.session.scalars(select(SearchChange.activity_id).order_by(SearchChange.id)).all()
    db.session.execute(SearchChange.__table__.delete())
    db.session.commit()
    return set(ids)


@pytest.fixture
def activity():
    activity = make_activity(themes=[make_theme("nature")])
    db.session.commit()
    logged()
    return activity


def test_adding_an_activity_records_it_in_the_same_transaction():
    activity = make_activity()

    assert set(db.session.scalars(select(SearchChange.activity_id))) == {activity.id}
    db.session.rollback()
    assert logged() == set()


def test_changing_an_activity_records_it(activity):
    activity.summary_fi = "Uusi kuvaus."
    db.session.commit()

    assert logged() == {activity.id}


def test_deleting_an_activity_records_it(activity):
    activity_id = activity.id
    db.session.delete(activity)
    db.session.commit()

    assert logged() == {activity_id}


def test_a_flush_that_changes_nothing_records_nothing(activity):
    activity.summary_fi = activity.summary_fi
    db.session.commit()

    assert logged() == set()


@pytest.mark.parametrize(
    "change",
    [
        lambda a: a.weekly_slots.append(
            WeeklySlot(weekday=4, start_time=time(9), end_time=time(10))
        ),
        lambda a: a.sessions.append(Session(date=TODAY, start_time=time(9), end_time=time(10))),
        lambda a: a.cancellations.append(Cancellation(date=TODAY)),
        lambda a: a.weekly_slots.clear(),
        lambda a: setattr(a.weekly_slots[0], "start_time", time(8)),
        lambda a: a.themes.append(make_theme("culture")),
        lambda a: a.themes.clear(),
    ],
    ids=["slot", "session", "cancellation", "slots removed", "slot moved", "theme", "no theme"],
)
def test_changing_a_schedule_or_a_link_records_the_activity(activity, change):
    change(activity)
    db.session.commit()

    assert logged() == {activity.id}


# Each case adds activities beside ``activity`` and returns those that share the changed
# record with it, and the change.
SHARED_RECORDS = {
    "place": lambda a: (
        [make_activity(location=a.location)],
        lambda: setattr(a.location, "name", "Uusi paikka"),
    ),
    "organiser": lambda a: ([], lambda: setattr(a.organization, "name_sv", "Förening")),
    "municipality of a district": lambda a: (
        [make_activity(location=make_location(area=make_area("ristinummi")))],
        lambda: setattr(a.location.area.parent, "name_sv", "Vasa"),
    ),
    "theme": lambda a: ([], lambda: setattr(a.themes[0], "name_en", "The outdoors")),
}


@pytest.mark.parametrize("record", SHARED_RECORDS)
def test_changing_a_shared_record_records_every_activity_that_shows_it(activity, record):
    sharing, change = SHARED_RECORDS[record](activity)
    make_activity(  # elsewhere
        organization=make_organization(),
        location=make_location(area=make_area("smedsby", parent_code="mustasaari")),
        themes=[make_theme("culture")],
    )
    db.session.commit()
    logged()

    change()
    db.session.commit()

    assert logged() == {activity.id, *(other.id for other in sharing)}


def test_a_new_place_without_activities_records_nothing(activity):
    make_location()
    db.session.commit()

    assert logged() == set()
