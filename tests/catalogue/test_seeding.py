"""Seeding the step model, the vocabularies and the demo region from seeds/."""

import shutil
from datetime import date, datetime, time, timedelta

import pytest
from sqlalchemy import func, select

from tarjotin.catalogue import seeding
from tarjotin.catalogue.lifecycle import (
    ARCHIVED,
    CHANGES_REQUESTED,
    PUBLISHED,
    REJECTED,
    SUBMITTED,
)
from tarjotin.catalogue.schedules import holidays_between
from tarjotin.catalogue.visibility import public_clause
from tarjotin.config import Config
from tarjotin.extensions import db
from tarjotin.models import (
    Activity,
    Area,
    Language,
    Location,
    Organization,
    Step,
    TargetGroup,
    Theme,
)
from tarjotin.timeutil import region_today

# A Monday; Christmas Eve that year is a Thursday and Christmas Day a Friday.
TODAY = date(2026, 11, 30)


def seeded_activity(key):
    """Return the seeded activity whose TOML key is ``key``."""
    uid = seeding.seed_uid("activity", key)
    return db.session.scalar(select(Activity).where(Activity.uid == uid))


def row_counts():
    """Return the number of rows in every table."""
    return {
        table.name: db.session.scalar(select(func.count()).select_from(table))
        for table in db.metadata.sorted_tables
    }


def uids(model):
    return set(db.session.scalars(select(model.uid)))


def public_activities(today):
    return db.session.scalars(select(Activity).where(public_clause(today))).all()


@pytest.fixture
def demo_today(demo_app):
    """Today, in the shared demo database that conftest seeded today (read-only)."""
    return region_today()


@pytest.fixture
def demo(app):
    """The demo region seeded on ``TODAY`` and committed; returns the report."""
    report = seeding.seed(db.session, demo=True, today=TODAY)
    db.session.commit()
    return report


@pytest.fixture
def seeds_copy(tmp_path):
    """A copy of seeds/ that a test may break."""
    return shutil.copytree(seeding.SEEDS_DIR, tmp_path / "seeds")


def test_demo_region_is_big_enough_and_covers_every_step(demo_today):
    assert db.session.scalar(select(func.count(Organization.id))) >= 30
    assert db.session.scalar(select(func.count(Activity.id))) >= 90
    steps = db.session.scalars(select(Step).order_by(Step.number)).all()
    assert [step.number for step in steps] == [1, 2, 3, 4, 5]
    for step in steps:
        assert step.name_fi and step.name_sv and step.name_en
        assert step.tagline_fi and step.description_sv and step.description_en
        public_on_step = [a for a in public_activities(demo_today) if a.step_id == step.id]
        assert len(public_on_step) >= 10, step.code


def test_every_area_has_a_current_published_activity(demo_today):
    areas_in_use = {a.location.area.code for a in public_activities(demo_today) if a.location}
    all_areas = set(db.session.scalars(select(Area.code)))
    assert all_areas - areas_in_use == set()
    assert {"keskusta", "ristinummi", "vahakyro", "sepankyla", "helsingby"} <= all_areas


def test_demo_has_every_status_and_ended_and_stale_activities(demo_today):
    by_status = dict(
        db.session.execute(select(Activity.status, func.count()).group_by(Activity.status)).all()
    )
    assert by_status[ARCHIVED] >= 4
    assert by_status[SUBMITTED] >= 4
    assert 1 <= by_status[CHANGES_REQUESTED] <= 2
    assert by_status[REJECTED] == 1
    published = db.session.scalars(select(Activity).where(Activity.status == PUBLISHED)).all()
    assert all(a.published_at is not None for a in published)
    ended = [a for a in published if a.valid_until and a.valid_until < demo_today]
    assert 2 <= len(ended) <= 3
    stale = [
        a
        for a in public_activities(demo_today)
        if a.last_verified and (demo_today - a.last_verified).days > Config.STALE_AFTER_DAYS
    ]
    assert len(stale) >= 3
    unpublished = db.session.scalars(
        select(Activity).where(Activity.status.in_([SUBMITTED, CHANGES_REQUESTED, REJECTED]))
    ).all()
    assert all(a.published_at is None for a in unpublished)


def test_some_public_activities_fall_back_to_finnish(demo_today):
    def lacks_translation(activity):
        return not all(
            getattr(activity, f"{field}_{lang}")
            for field in ("name", "summary", "description")
            for lang in ("sv", "en")
        )

    fallbacks = [a for a in public_activities(demo_today) if lacks_translation(a)]
    assert 8 <= len(fallbacks) <= 15
    assert any(a.name_en is None for a in fallbacks)
    assert any(a.name_en and a.description_en is None for a in fallbacks)
    assert all(
        a.name_fi and a.summary_fi and a.description_fi for a in public_activities(demo_today)
    )


def test_demo_texts_respect_the_limits(demo_today):
    for activity in db.session.scalars(select(Activity)):
        for lang in ("fi", "sv", "en"):
            assert len(getattr(activity, f"summary_{lang}") or "") <= seeding.SUMMARY_MAX
        assert 1 <= len(activity.themes) <= 3, activity.name_fi
        assert activity.languages and activity.target_groups


def test_seeding_twice_changes_nothing(demo):
    counts = row_counts()
    before = {model: uids(model) for model in (Organization, Location, Activity)}

    report = seeding.seed(db.session, demo=True, today=TODAY + timedelta(days=3))
    db.session.commit()

    assert row_counts() == counts
    assert {model: uids(model) for model in before} == before
    assert sum(report.added.values()) == 0
    assert report.summary().startswith("Nothing to add")


def test_seeding_again_keeps_edits_and_restores_what_is_missing(demo):
    olohuone = seeded_activity("ristinummen-olohuone")
    olohuone.name_fi = "Olohuone (muokattu)"
    theme = db.session.scalar(select(Theme).where(Theme.code == "nature"))
    theme.name_fi = "Luonto"
    db.session.delete(seeded_activity("olkkari"))
    db.session.commit()

    report = seeding.seed(db.session, demo=True, today=TODAY)
    db.session.commit()

    assert report.added == {"activity": 1}
    assert seeded_activity("ristinummen-olohuone").name_fi == "Olohuone (muokattu)"
    assert db.session.scalar(select(Theme.name_fi).where(Theme.code == "nature")) == "Luonto"
    assert seeded_activity("olkkari") is not None


def test_no_demo_seeds_only_the_vocabularies(app):
    report = seeding.seed(db.session, demo=False, today=TODAY)
    db.session.commit()

    for model in (Step, Area, Theme, TargetGroup, Language):
        assert db.session.scalar(select(func.count(model.id))) > 0, model.__name__
    for model in (Organization, Location, Activity):
        assert db.session.scalar(select(func.count(model.id))) == 0, model.__name__
    assert report.added["step"] == 5
    vaasa = db.session.scalar(select(Area).where(Area.code == "vaasa"))
    assert vaasa.kind == Area.MUNICIPALITY and vaasa.name_sv == "Vasa"
    keskusta = db.session.scalar(select(Area).where(Area.code == "keskusta"))
    assert keskusta.parent == vaasa and keskusta.name_sv == "Centrum"


def test_is_empty_until_the_steps_are_seeded(app):
    assert seeding.is_empty(db.session)
    seeding.seed(db.session, demo=False, today=TODAY)
    assert not seeding.is_empty(db.session)


def test_relative_dates_are_counted_from_the_seeding_day(demo):
    popup = seeded_activity("popup-ristinummi")
    assert popup.valid_from == TODAY - timedelta(days=10)
    assert popup.valid_until == TODAY + timedelta(days=90)
    assert popup.last_verified == TODAY - timedelta(days=6)
    assert popup.published_at == datetime.combine(TODAY - timedelta(days=6), time(7))
    # in_weeks = 1, 5, 9 on Thursdays, counted from this week's Monday.
    assert [s.date for s in popup.sessions] == [
        date(2026, 12, 10),
        date(2027, 1, 7),
        date(2027, 2, 4),
    ]
    course = seeded_activity("martat-arkiruoka")
    assert [s.date for s in course.sessions] == [
        date(2026, 12, 8) + timedelta(weeks=n) for n in range(4)
    ]
    assert all((s.start_time, s.end_time) == (time(17), time(20)) for s in course.sessions)


def test_weekly_slots_set_the_weekday_and_daytime_masks(demo):
    olohuone = seeded_activity("ristinummen-olohuone")
    assert [(s.weekday, s.start_time) for s in olohuone.weekly_slots] == [
        (day, time(10)) for day in range(4)
    ]
    assert olohuone.weekday_mask == 0b1111
    assert olohuone.daytime_mask == 0b001


def test_public_holidays_on_slot_days_are_cancelled(demo):
    olohuone = seeded_activity("ristinummen-olohuone")  # Monday to Thursday, open-ended
    cancelled = {c.date for c in olohuone.cancellations}
    expected = {
        day
        for day in holidays_between(TODAY, TODAY + timedelta(days=365))
        if day.weekday() in {0, 1, 2, 3}
    }
    assert cancelled == expected
    assert date(2026, 12, 24) in cancelled  # Christmas Eve, a Thursday
    assert date(2026, 12, 25) not in cancelled  # Christmas Day is a Friday: no slot
    assert not seeded_activity("avantouinti").cancellations  # the ice hole stays open


def test_a_break_in_the_seed_is_cancelled_with_its_note(demo):
    olkkari = seeded_activity("olkkari")
    notes = {c.date: c.note for c in olkkari.cancellations}
    assert notes[date(2026, 12, 17)] == "Henkilökunnan koulutuspäivä"  # in_weeks = 2, Thursday
    assert notes[date(2026, 12, 24)] is None  # a holiday: pages name it in the reader's language


def test_cli_seeds_the_demo_region_and_skips_a_database_with_data(app, runner):
    result = runner.invoke(args=["seed"])
    assert result.exit_code == 0, result.output
    assert "Added 5 steps" in result.output
    assert db.session.scalar(select(func.count(Activity.id))) >= 90

    result = runner.invoke(args=["seed", "--if-empty"])
    assert result.exit_code == 0, result.output
    assert "nothing seeded" in result.output


def test_cli_no_demo_if_empty_seeds_the_vocabularies(app, runner):
    result = runner.invoke(args=["seed", "--no-demo", "--if-empty"])
    assert result.exit_code == 0, result.output
    assert db.session.scalar(select(func.count(Step.id))) == 5
    assert db.session.scalar(select(func.count(Activity.id))) == 0


@pytest.mark.parametrize("offset", range(7))
def test_demo_files_load_on_any_weekday(offset):
    # Sessions count weeks from Monday; every seeding day must keep them within validity.
    seeds = seeding.load_seeds(seeding.SEEDS_DIR, today=TODAY + timedelta(days=offset))
    assert len(seeds.activities) >= 90


def _append(folder, name, text):
    with (folder / name).open("a", encoding="utf-8") as handle:
        handle.write(text)


BROKEN_LOCATION = """
[[locations]]
key = "broken-place"
name = "Rikki"
area = "atlantis"
"""

ACTIVITY = """
[[activities]]
key = "broken-activity"
organization = "vsy"
location = "olkkari-keskusta"
step = "{step}"
themes = ["{theme}"]
target_groups = ["everyone"]
languages = ["fi"]
name.fi = "Rikkinäinen"
summary.fi = "Lyhyt."
description.fi = "Pitkä."
verified_days_ago = 1
slots = [{{ weekday = 1, start = "{start}", end = "12:00" }}]
"""


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (BROKEN_LOCATION, "locations 'broken-place': unknown area 'atlantis'"),
        (
            ACTIVITY.format(step="reaching-out", theme="astrology", start="10:00"),
            "activities 'broken-activity': unknown theme 'astrology'",
        ),
        (
            ACTIVITY.format(step="step-six", theme="nature", start="10:00"),
            "activities 'broken-activity': unknown step 'step-six'",
        ),
        (
            ACTIVITY.format(step="reaching-out", theme="nature", start="25:00"),
            "activities 'broken-activity': slots[0].start must be a time like",
        ),
        (
            ACTIVITY.format(step="reaching-out", theme="nature", start="13:00"),
            "activities 'broken-activity': slots[0] ends before it starts",
        ),
        (
            ACTIVITY.format(step="reaching-out", theme="nature", start="10:00").replace(
                "verified_days_ago", "verified_day_ago"
            ),
            "activities 'broken-activity': unknown field 'verified_day_ago'",
        ),
        ("[[activities]\nkey = 1", "demo/zz_broken.toml: not valid TOML"),
    ],
)
def test_a_broken_seed_file_is_named_in_a_clear_error(seeds_copy, text, message):
    _append(seeds_copy / "demo", "zz_broken.toml", text)
    with pytest.raises(seeding.SeedError) as error:
        seeding.load_seeds(seeds_copy, today=TODAY)
    assert str(error.value).startswith("demo/zz_broken.toml: ")
    assert message in str(error.value)


def test_a_broken_vocabulary_names_its_file(seeds_copy):
    _append(seeds_copy, "themes.toml", '\n[[themes]]\ncode = "Bad Code"\nname.fi = "X"\n')
    with pytest.raises(seeding.SeedError, match=r"^themes.toml: themes 'Bad Code': code"):
        seeding.load_seeds(seeds_copy, today=TODAY, demo=False)


def test_a_broken_seed_file_adds_nothing(app, seeds_copy):
    _append(seeds_copy / "demo", "zz_broken.toml", BROKEN_LOCATION)
    with pytest.raises(seeding.SeedError):
        seeding.seed(db.session, demo=True, today=TODAY, seeds_dir=seeds_copy)
    assert seeding.is_empty(db.session)
    assert db.session.scalar(select(func.count(Theme.id))) == 0
