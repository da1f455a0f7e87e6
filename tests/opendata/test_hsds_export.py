"""The HSDS 3.0 export: valid against the official schemas, complete, stable."""

import csv
import io
import json
import zipfile
from datetime import date, time, timedelta

import pytest

from tarjotin.extensions import db
from tarjotin.models import Cancellation, Session
from tarjotin.opendata import formats, hsds, hsds_export
from tarjotin.opendata.profile import VOCABULARY, derived_id, hsds_id, is_uuid
from tarjotin.timeutil import region_today
from tests.factories import make_activity, make_language, make_organization, make_step
from tests.opendata.hsds_support import DATA

TODAY = date(2026, 3, 2)  # a Monday


@pytest.fixture(scope="module")
def demo_tables(demo_app):
    """The demo region's tabular export, made once."""
    with demo_app.app_context():
        return hsds_export.export_tables(db.session, region_today())


def test_the_demo_export_validates_against_the_tabular_schema_with_no_errors(demo_tables):
    errors, total = hsds.tabular_errors(demo_tables)
    records = sum(len(rows) for rows in demo_tables.values())
    print(f"HSDS tabular export of the demo region: {records} records, {total} schema errors")
    assert (errors, total) == ([], 0)
    # The whole document against the compiled schema as it is, too.
    assert list(hsds.validator(hsds.TABULAR_URI).iter_errors(demo_tables)) == []
    # Validation must not be vacuous: every key is a table the schema names.
    assert set(demo_tables) == set(hsds.tables())
    assert len(demo_tables["service"]) > 90
    assert records > 1000


def test_the_demo_export_as_full_services_validates_with_no_errors(demo_app, demo_tables):
    with demo_app.app_context():
        page = hsds_export.export_services(db.session, region_today())
    errors, total = hsds.services_page_errors(page)
    print(f"HSDS full services of the demo region: {page['total_items']} services, {total} errors")
    assert (errors, total) == ([], 0)
    assert page["total_items"] == len(page["contents"]) == len(demo_tables["service"])
    service = next(s for s in page["contents"] if s.get("service_at_locations"))
    assert service["organization"]["id"] == service["organization_id"]
    assert service["service_at_locations"][0]["location"]["addresses"]
    assert {a["taxonomy_term"]["taxonomy_detail"]["name"] for a in service["attributes"]} >= {
        "Viisiportainen malli"
    }


def test_a_broken_record_is_found_by_the_validation(demo_tables):
    broken = json.loads(json.dumps(demo_tables))
    broken["service"][0]["status"] = "open"
    del broken["organization"][0]["name"]
    errors, total = hsds.tabular_errors(broken)
    assert total == 2
    assert any("'open' is not one of" in error for error in errors)
    assert any("'name' is a required property" in error for error in errors)


def test_the_csv_package_has_the_datapackage_tables_and_field_names(demo_app):
    with demo_app.app_context():
        body = hsds_export.export_csv(db.session, region_today())
        tables = hsds_export.export_tables(db.session, region_today())
    archive = zipfile.ZipFile(io.BytesIO(body))
    descriptor = json.loads(archive.read("datapackage.json"))
    official = hsds.datapackage()
    assert descriptor["version"] == official["version"] == "3.0.0"
    assert descriptor["resources"][:-1] == official["resources"]
    for resource in official["resources"]:
        rows = list(csv.reader(io.StringIO(archive.read(resource["path"]).decode("utf-8"))))
        assert rows[0] == [field["name"] for field in resource["schema"]["fields"]]
        assert len(rows) - 1 == len(tables[resource["name"]])
    extensions = list(csv.DictReader(io.StringIO(archive.read("x-extensions.csv").decode())))
    assert {row["field"] for row in extensions} >= {"x-translations", "x-summary"}
    assert sorted(archive.namelist()) == sorted(
        ["datapackage.json", "x-extensions.csv"] + [r["path"] for r in official["resources"]]
    )


def test_the_same_database_on_the_same_day_exports_the_same_bytes(demo_app):
    with demo_app.app_context():
        first = hsds_export.export_json(db.session, region_today())
        second = hsds_export.export_json(db.session, region_today())
        zips = [hsds_export.export_csv(db.session, region_today()) for _ in range(2)]
    assert first == second
    assert zips[0] == zips[1]


def test_only_public_activities_and_what_they_use_are_exported(app):
    public = make_activity(name_fi="Julkinen", valid_until=TODAY + timedelta(days=1))
    make_activity(name_fi="Ehdotettu", status="submitted")
    make_activity(name_fi="Päättynyt", valid_until=TODAY - timedelta(days=1))
    hidden_org = make_organization(name_fi="Vain piilossa ry")
    make_activity(name_fi="Arkistoitu", status="archived", organization=hidden_org)
    tables = hsds_export.export_tables(db.session, TODAY)
    assert [row["name"] for row in tables["service"]] == ["Julkinen"]
    assert [row["id"] for row in tables["organization"]] == [public.organization.uid]
    assert [row["id"] for row in tables["location"]] == [public.location.uid]
    assert tables["service"][0]["status"] == "active"


def test_an_activity_maps_to_a_service_with_its_schedule_contact_cost_and_tags(app):
    step = make_step(2, tagline_fi="Arki", tagline_sv="Vardag")
    activity = make_activity(
        name_fi="Kävelyryhmä",
        name_sv="Promenadgrupp",
        summary_fi="Lyhyesti.",
        summary_en="In short.",
        step=step,
        slots=((0, time(10), time(12)),),
        valid_from=date(2026, 1, 7),
        cost="fee",
        cost_description_fi="5 €",
        registration="required",
        registration_description_fi="Soita.",
        contact_name="Anna",
        contact_email="anna@example.fi",
        contact_phone="040 1",
        capacity=12,
        min_age=18,
        last_verified=date(2026, 2, 1),
    )
    activity.languages = [make_language("fi", name_fi="Suomi")]
    activity.weekly_slots[0].interval = 2
    activity.sessions = [Session(date=date(2026, 3, 14), start_time=time(9), end_time=time(15))]
    activity.cancellations = [Cancellation(date=date(2026, 3, 16), note="Loma")]
    db.session.flush()

    tables = hsds_export.export_tables(db.session, TODAY)
    service = tables["service"][0]
    assert service["id"] == activity.uid
    assert service["name"] == "Kävelyryhmä"
    assert service["x-summary"] == "Lyhyesti."
    assert service["x-translations"] == {
        "sv": {"name": "Promenadgrupp"},
        "en": {"x-summary": "In short."},
    }
    assert service["fees_description"] == "5 €"
    assert service["application_process"] == "Soita."
    assert service["x-registration"] == "required"
    assert service["x-capacity"] == 12
    assert service["minimum_age"] == 18
    assert service["assured_date"] == "2026-02-01"
    assert service["x-valid-from"] == "2026-01-07"
    assert "x-valid-until" not in service
    assert service["x-cancellations"] == [{"date": "2026-03-16", "note": "Loma"}]
    weekly, session = sorted(tables["schedule"], key=lambda row: "until" in row)
    # Fortnightly weeks count from the Monday of valid_from: dtstart keeps that rhythm.
    assert weekly | {"id": None} == {
        "id": None,
        "service_id": activity.uid,
        "valid_from": "2026-01-07",
        "dtstart": "2026-01-05",
        "wkst": "MO",
        "freq": "WEEKLY",
        "interval": 2,
        "byday": "MO",
        "opens_at": "10:00:00",
        "closes_at": "12:00:00",
        "x-timezone": "Europe/Helsinki",
    }
    assert (session["dtstart"], session["until"], session["byday"]) == (
        "2026-03-14",
        "2026-03-14",
        "SA",
    )
    assert tables["cost_option"] == [
        {
            "id": derived_id(activity.uid, "cost_option"),
            "service_id": activity.uid,
            "currency": "EUR",
            "amount_description": "5 €",
        }
    ]
    (contact,) = tables["contact"]
    assert contact["name"] == "Anna"
    assert [p["number"] for p in tables["phone"] if p.get("contact_id") == contact["id"]] == [
        "040 1"
    ]
    assert [(row["code"], row["name"]) for row in tables["language"]] == [("fi", "Suomi")]
    links = {
        (row["link_entity"], row["link_type"], row["taxonomy_term_id"])
        for row in tables["attribute"]
    }
    assert ("service", "step", VOCABULARY["step"].term_id("step-2")) in links
    step_term = next(t for t in tables["taxonomy_term"] if t["code"] == "step-2")
    assert step_term["x-step-number"] == 2
    assert step_term["x-translations"]["sv"] == {"name": "Steg 2", "x-tagline": "Vardag"}


def test_a_free_activity_is_a_cost_option_of_nothing(app):
    make_activity(cost="free")
    (option,) = hsds_export.export_tables(db.session, TODAY)["cost_option"]
    assert (option["amount"], option["currency"]) == (0, "EUR")


def test_a_district_location_is_tagged_with_its_municipality_too(app):
    activity = make_activity()
    tables = hsds_export.export_tables(db.session, TODAY)
    tags = [
        row["taxonomy_term_id"] for row in tables["attribute"] if row["link_entity"] == "location"
    ]
    area = VOCABULARY["area"]
    assert tags == [area.term_id("vaasa"), area.term_id("keskusta")]
    (address,) = tables["address"]
    assert address["state_province"] == "Vaasa"
    assert address["city"] == activity.location.post_office
    assert address["country"] == "FI"


def test_derived_ids_are_stable_uuids_and_other_uids_get_one(app):
    activity = make_activity()
    first = hsds_export.export_tables(db.session, TODAY)
    second = hsds_export.export_tables(db.session, TODAY)
    ids = [row["id"] for rows in first.values() for row in rows]
    assert ids == [row["id"] for rows in second.values() for row in rows]
    assert all(is_uuid(value) for value in ids)
    assert len(ids) == len(set(ids))
    assert hsds_id(activity.uid) == activity.uid
    assert is_uuid(hsds_id("bench-act-1-0"))
    assert hsds_id("bench-act-1-0") == hsds_id("bench-act-1-0")


def test_the_vendored_schemas_carry_their_licence_and_attribution():
    readme = (hsds.HSDS_DIR / "README.md").read_text()
    assert "Human Services Data Specification: an Open Referral resource" in readme
    assert "279fd2eb3552c349bf698c07c00cc25f5fc8249b" in readme
    assert (hsds.HSDS_DIR / "LICENSE.txt").is_file()
    assert (DATA / "hsds-examples" / "LICENSE.txt").is_file()


def test_an_empty_tray_exports_valid_empty_tables(app):
    tables = hsds_export.export_tables(db.session, TODAY)
    assert hsds.tabular_errors(tables) == ([], 0)
    assert tables["service"] == []
    page = formats.services_page([])
    assert hsds.services_page_errors(page) == ([], 0)
    assert page["empty"] is True
