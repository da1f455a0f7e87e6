"""The HSDS 3.0 import: round trip, idempotence, all or nothing, data from other systems."""

import copy
import filecmp
import io
import json
import shutil
import zipfile
from datetime import date, time

import pytest
from sqlalchemy import select

from tarjotin.catalogue import seeding
from tarjotin.catalogue.lifecycle import PUBLISHED, SUBMITTED
from tarjotin.catalogue.visibility import public_clause
from tarjotin.extensions import db
from tarjotin.models import Activity, Cancellation, Organization, Session, Step
from tarjotin.opendata import hsds_export, hsds_import
from tarjotin.opendata.profile import VOCABULARY
from tarjotin.timeutil import region_today
from tests.conftest import empty_all_tables
from tests.factories import make_activity, make_step
from tests.opendata.hsds_support import (
    EXAMPLES,
    SHARED_EXAMPLES,
    read_json,
    row_counts,
    tray_dump,
)

EXAMPLE_SERVICE = "ac148810-d857-441c-9679-408f346de14b"
EXAMPLE_ORGANIZATION = "d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610"


@pytest.fixture(scope="module")
def demo(demo_app):
    """The demo region's tray, exports and day, made once."""
    today = region_today()
    with demo_app.app_context():
        return {
            "today": today,
            "tray": tray_dump(db.session, today),
            "tables": hsds_export.export_tables(db.session, today),
            "json": hsds_export.export_json(db.session, today),
            "csv": hsds_export.export_csv(db.session, today),
            "services": hsds_export.export_services(db.session, today),
        }


def write(tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else json.dumps(content).encode())
    return path


# --- Round trip and idempotence -------------------------------------------------------------


@pytest.mark.parametrize("form", ["json", "csv"])
def test_the_demo_export_imported_into_an_empty_database_gives_the_same_tray(
    app, demo, tmp_path, form
):
    path = write(tmp_path, f"demo.{'zip' if form == 'csv' else 'json'}", demo[form])
    report = hsds_import.import_path(db.session, path)
    db.session.commit()
    assert report.accepted, report.summary()
    assert report.count("refused") == 0
    assert report.review == []
    assert report.count("created", "activity") == len(demo["tables"]["service"])
    assert tray_dump(db.session, demo["today"]) == demo["tray"]


def test_the_full_services_import_into_a_seeded_tray_gives_the_same_activities(app, demo):
    # Full services carry only the terms they use, and languages as codes: the tray's
    # vocabularies must be there (flask seed --no-demo), as on any running site.
    seeding.seed(db.session, demo=False)
    report = hsds_import.import_data(db.session, copy.deepcopy(demo["services"]))
    db.session.commit()
    assert report.accepted, report.summary()
    assert report.review == []
    assert tray_dump(db.session, demo["today"])["activities"] == demo["tray"]["activities"]


def test_importing_the_same_file_twice_changes_nothing_the_second_time(app, demo, tmp_path):
    path = write(tmp_path, "demo.json", demo["json"])
    first = hsds_import.import_path(db.session, path)
    db.session.commit()
    counts = row_counts()
    second = hsds_import.import_path(db.session, path)
    db.session.commit()
    assert first.count("created") > 0
    assert (second.count("created"), second.count("updated")) == (0, 0)
    assert second.count("unchanged") == first.count("created")
    # Only the search index's change log (not the tray) may have grown.
    assert {k: v for k, v in row_counts().items() if k != "search_change"} == {
        k: v for k, v in counts.items() if k != "search_change"
    }
    assert tray_dump(db.session, demo["today"]) == demo["tray"]


def test_importing_its_own_export_changes_nothing_in_the_demo_region(demo_app, demo):
    with demo_app.app_context():
        try:
            before = row_counts()
            report = hsds_import.import_data(db.session, json.loads(demo["json"]))
            assert report.accepted
            assert (report.count("created"), report.count("updated")) == (0, 0)
            assert report.count("unchanged", "activity") == len(demo["tables"]["service"])
            # Not even the search index's change log heard of a change.
            assert row_counts() == before
        finally:
            db.session.rollback()


def test_a_changed_record_is_updated_and_reported_with_its_fields(app, demo):
    hsds_import.import_data(db.session, json.loads(demo["json"]))
    db.session.commit()
    changed = json.loads(demo["json"])
    service = changed["service"][0]
    service["name"] = "Uusi nimi"
    service["x-translations"]["en"] = {"name": "New name"}
    changed["schedule"] = [row for row in changed["schedule"] if row["service_id"] != service["id"]]
    report = hsds_import.import_data(db.session, changed)
    (entry,) = report.of("updated")
    assert (entry.id, entry.label) == (service["id"], "Uusi nimi")
    changed = set(entry.detail.split(", "))
    assert {"name_fi", "name_en"} <= changed
    assert changed & {"slots", "sessions"}
    activity = db.session.scalar(select(Activity).filter_by(uid=service["id"]))
    assert (activity.name_fi, activity.name_en) == ("Uusi nimi", "New name")
    assert activity.weekly_slots == [] and activity.sessions == []
    assert activity.weekday_mask == 0


# --- All or nothing ---------------------------------------------------------------------------


def broken_reference(tables):
    broken = copy.deepcopy(tables)
    broken["schedule"][-1]["service_id"] = "00000000-0000-4000-8000-000000000000"
    return broken


@pytest.mark.parametrize(
    ("spoil", "message"),
    [
        (broken_reference, "service_id '00000000-0000-4000-8000-000000000000' names no service"),
        (
            lambda t: t["service"][3].update(status="open") or t,
            "'open' is not one of ['active', 'inactive', 'defunct', 'temporarily closed']",
        ),
        (lambda t: t["organization"][0].pop("name") and t, "'name' is a required property"),
        (lambda t: t["service"][5].update({"x-registration": "maybe"}) or t, "x-registration"),
        (
            lambda t: t["service"].append(dict(t["service"][0])) or t,
            "the id is used twice",
        ),
    ],
    ids=["broken reference", "bad status", "no name", "bad extension", "twice"],
)
def test_a_file_with_one_error_changes_nothing(app, demo, spoil, message):
    make_activity(name_fi="Ennestään")
    db.session.commit()
    before = row_counts()
    report = hsds_import.import_data(db.session, spoil(copy.deepcopy(demo["tables"])))
    assert not report.accepted
    assert any(message in error for error in report.errors), report.errors
    assert report.entries == []
    db.session.commit()
    assert row_counts() == before
    assert "REFUSED" in report.summary()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"{not json", "not valid JSON"),
        (b'{"hello": []}', "neither HSDS tables nor records"),
        (b'[{"id": "x", "name": "A taxonomy"}]', "tarjotin reads services"),
        (b'{"service": {"id": 1}}', "service: must be a list of rows"),
    ],
)
def test_a_file_that_is_not_hsds_is_refused_with_the_reason(app, tmp_path, content, message):
    report = hsds_import.import_path(db.session, write(tmp_path, "file.json", content))
    assert not report.accepted
    assert message in report.errors[0]


def test_a_zip_that_is_no_zip_is_refused(app, tmp_path):
    report = hsds_import.import_path(db.session, write(tmp_path, "file.zip", b"PK nonsense"))
    assert report.errors == ["the file is not a zip archive"]


def test_a_record_the_tray_cannot_keep_is_refused_with_what_depends_on_it(app, demo):
    tables = copy.deepcopy(demo["tables"])
    organization = tables["organization"][0]
    organization["name"] = "x" * 201
    dependants = {r["id"] for r in tables["service"] if r["organization_id"] == organization["id"]}
    report = hsds_import.import_data(db.session, tables)
    assert report.accepted
    refused = {(entry.kind, entry.id): entry.detail for entry in report.of("refused")}
    assert refused[("organization", organization["id"])] == "name_fi is longer than 200 characters"
    assert {uid for kind, uid in refused if kind == "activity"} == dependants
    assert set(refused.values()) == {
        "name_fi is longer than 200 characters",
        "its organization was refused",
    }
    assert report.count("created", "activity") == len(tables["service"]) - len(dependants)


# --- Data from other systems ------------------------------------------------------------------


EXAMPLE_FILES = [
    "tabular.json",
    "csv",
    "service_full.json",
    "service_list.json",
    "organization_full.json",
    "service_at_location_full.json",
]


@pytest.mark.parametrize("name", EXAMPLE_FILES)
def test_upstream_examples_land_in_the_review_queue_not_in_public(app, name):
    make_step(1)
    db.session.commit()
    report = hsds_import.import_path(db.session, EXAMPLES / name)
    db.session.commit()
    assert report.accepted, report.summary()
    activity = db.session.scalar(select(Activity).filter_by(uid=EXAMPLE_SERVICE))
    assert activity.status == SUBMITTED
    assert activity.step is None
    assert db.session.scalars(select(Activity).where(public_clause(region_today()))).all() == []
    (entry,) = report.review
    assert entry.id == EXAMPLE_SERVICE
    assert "it is on no step" in entry.review
    assert activity.organization.uid == EXAMPLE_ORGANIZATION
    assert activity.name_fi == "Community Counselling"


def test_the_upstream_tabular_example_is_imported_with_what_can_be_coerced(app):
    report = hsds_import.import_path(db.session, EXAMPLES / "tabular.json")
    assert report.accepted
    assert "location.external_identifier: 1 × number read as text" in report.notes
    assert "organization_identifier.identifier: 1 × number read as text" in report.notes
    assert "program: 1 rows the tray has no place for" in report.notes
    (location,) = report.of("refused")
    assert location.kind == "location"
    assert location.detail.startswith("no area of the tray matches its address (MyVillage")
    activity = db.session.scalar(select(Activity).filter_by(uid=EXAMPLE_SERVICE))
    assert "its location was refused" in report.review[0].review
    assert activity.location is None
    assert activity.contact_name == "Ann Persona"
    assert activity.contact_phone == '"+44 1234 234567"'
    assert activity.cost == "fee"
    assert activity.cost_description_fi.startswith("Non-NHS patients")
    assert (activity.min_age, activity.max_age) == (12, 100)
    assert activity.last_verified == date(2005, 1, 1)
    # Thursdays and Fridays 10-18 at UTC+3 are 9-17 in Finland's winter.
    assert sorted((s.weekday, s.start_time, s.end_time) for s in activity.weekly_slots) == [
        (3, time(9), time(17)),
        (4, time(9), time(17)),
    ]
    assert "parts of its schedule were left out" in report.review[0].review
    organization = db.session.scalar(select(Organization).filter_by(uid=EXAMPLE_ORGANIZATION))
    assert (organization.name_fi, organization.kind) == ("Example Organization Inc.", "other")


def test_the_upstream_examples_import_alike_in_every_form(app):
    hsds_import.import_path(db.session, EXAMPLES / "tabular.json")
    db.session.commit()
    for name in EXAMPLE_FILES[1:]:
        report = hsds_import.import_path(db.session, EXAMPLES / name)
        assert report.accepted
        assert (report.count("created"), report.count("updated")) == (0, 0), name
        assert [entry.id for entry in report.review] == [EXAMPLE_SERVICE]


def test_a_list_of_services_without_their_schedules_keeps_the_schedules(app):
    hsds_import.import_path(db.session, EXAMPLES / "service_full.json")
    db.session.commit()
    report = hsds_import.import_path(db.session, EXAMPLES / "service_list.json")
    activity = db.session.scalar(select(Activity).filter_by(uid=EXAMPLE_SERVICE))
    assert report.count("updated") == 0
    assert len(activity.weekly_slots) == 2


def test_a_coordinators_placing_stands_when_the_other_system_imports_again(app):
    step = make_step(2)
    hsds_import.import_path(db.session, EXAMPLES / "service_full.json")
    activity = db.session.scalar(select(Activity).filter_by(uid=EXAMPLE_SERVICE))
    activity.step, activity.status, activity.summary_fi = step, PUBLISHED, "Koordinaattorin."
    db.session.commit()
    report = hsds_import.import_path(db.session, EXAMPLES / "service_full.json")
    db.session.commit()
    assert report.count("updated") == 0
    assert (activity.step, activity.status, activity.summary_fi) == (
        step,
        PUBLISHED,
        "Koordinaattorin.",
    )


def test_a_service_placed_on_a_tarjotin_step_is_published(app):
    make_step(1)
    db.session.commit()
    data = read_json(EXAMPLES / "service_full.json")
    data["service_at_locations"] = []
    data["organization"]["locations"] = []  # the same schedule is nested there too
    data["schedules"][0].update(valid_to="2099-12-31", until="2099-12-31")
    data["attributes"] = [
        {
            "id": "6b0ed0a1-3c5a-4e5c-a5c6-0f1e8d1c2b3a",
            "link_type": "step",
            "taxonomy_term_id": VOCABULARY["step"].term_id("step-1"),
        }
    ]
    data["schedules"][0].update(byweekno=None, bymonthday=None, byyearday=None, count=None)
    report = hsds_import.import_data(db.session, data)
    assert report.accepted, report.summary()
    activity = db.session.scalar(select(Activity).filter_by(uid=EXAMPLE_SERVICE))
    assert report.review == []
    assert (activity.status, activity.step.code) == (PUBLISHED, "step-1")
    assert activity.published_at is not None


def test_two_steps_put_a_service_in_review(app, demo):
    tables = copy.deepcopy(demo["tables"])
    service = tables["service"][0]
    step = VOCABULARY["step"]
    tables["attribute"] = [
        row for row in tables["attribute"] if row["link_id"] != service["id"]
    ] + [
        {
            "id": f"00000000-0000-4000-8000-00000000000{n}",
            "link_id": service["id"],
            "link_entity": "service",
            "taxonomy_term_id": step.term_id(code),
        }
        for n, code in enumerate(("reaching-out", "towards-a-path"))
    ]
    report = hsds_import.import_data(db.session, tables)
    (entry,) = report.review
    assert entry.review == "it is on 2 steps, not on one"
    assert db.session.scalar(select(Activity.status).filter_by(uid=service["id"])) == SUBMITTED


def test_vocabulary_terms_are_matched_by_code_and_never_overwritten(app, demo):
    step = make_step(1, name_fi="Oma nimi")
    step.code = "reaching-out"
    db.session.commit()
    report = hsds_import.import_data(db.session, copy.deepcopy(demo["tables"]))
    assert report.accepted, report.summary()
    assert db.session.scalar(select(Step.name_fi).filter_by(code="reaching-out")) == "Oma nimi"
    assert any("the tray's names were kept" in note for note in report.notes)


def test_a_step_number_taken_by_another_step_refuses_the_file(app, demo):
    make_step(1)  # code step-1, number 1
    db.session.commit()
    report = hsds_import.import_data(db.session, copy.deepcopy(demo["tables"]))
    assert not report.accepted
    assert "x-step-number 1 is not a free step number 1-9" in report.errors[0]


def test_the_copied_examples_are_those_of_the_shared_reference():
    if not SHARED_EXAMPLES.is_dir():
        pytest.skip("../shared/hsds is not beside this checkout")
    for name in EXAMPLE_FILES:
        if name == "csv":
            comparison = filecmp.dircmp(EXAMPLES / "csv", SHARED_EXAMPLES / "csv")
            assert comparison.diff_files == [] and comparison.left_only == []
        else:
            assert filecmp.cmp(EXAMPLES / name, SHARED_EXAMPLES / name, shallow=False), name


def test_the_csv_package_is_read_from_a_folder_or_a_zip_with_a_folder_inside(app, tmp_path):
    folder = tmp_path / "package" / "hsds"
    shutil.copytree(EXAMPLES / "csv", folder)
    (folder / "notes.txt").write_text("hello")
    archive = shutil.make_archive(str(tmp_path / "package"), "zip", tmp_path / "package")
    report = hsds_import.import_path(db.session, archive)
    assert report.accepted, report.summary()
    assert "notes.txt: not an HSDS table, left out" in report.notes
    assert report.count("created", "activity") == 1


def test_a_csv_extension_row_for_a_missing_record_refuses_the_package(app, demo, tmp_path):
    folder = tmp_path / "package"
    zipfile.ZipFile(io.BytesIO(demo["csv"])).extractall(folder)
    with (folder / "x-extensions.csv").open("a") as handle:
        handle.write('service,00000000-0000-4000-8000-000000000000,x-summary,"""Hei"""\r\n')
    report = hsds_import.import_path(db.session, folder)
    assert not report.accepted
    assert "no service '00000000-0000-4000-8000-000000000000' in the package" in report.errors[0]


def test_an_activity_without_dates_texts_or_cost_survives_the_round_trip(app):
    today = date(2026, 3, 2)
    bare = make_activity(
        name_fi="Paljas",
        summary_fi="",
        cost="unknown",
        cost_description_fi="Kysy hintaa.",
        registration="unknown",
        slots=((4, time(17), time(19)),),
    )
    bare.weekly_slots[0].interval = 3
    full = make_activity(
        name_fi="Täysi",
        name_sv="Full",
        summary_en="Full.",
        cost="free",
        cost_description_fi="Vapaaehtoinen kahviraha.",
        valid_from=date(2026, 1, 1),
        valid_until=date(2026, 12, 31),
        location=None,
        slots=(),
    )
    full.sessions = [Session(date=date(2026, 4, 1), start_time=time(9), end_time=time(10))]
    full.cancellations = [
        Cancellation(date=date(2026, 4, 1), note="Sairastapaus"),
        Cancellation(date=date(2026, 5, 1)),
    ]
    db.session.commit()
    before = tray_dump(db.session, today)
    exported = hsds_export.export_tables(db.session, today)
    empty_all_tables()
    report = hsds_import.import_data(db.session, exported)
    db.session.commit()
    assert report.accepted and report.review == []
    assert tray_dump(db.session, today) == before
    again = hsds_import.import_data(db.session, hsds_export.export_tables(db.session, today))
    assert (again.count("created"), again.count("updated")) == (0, 0)
