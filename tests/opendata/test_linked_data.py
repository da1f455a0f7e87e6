"""schema.org JSON-LD of activity pages, served as its own file under the strict CSP."""

import json
from datetime import date, datetime, time

import pytest
from sqlalchemy import select

from tarjotin.catalogue.visibility import public_clause
from tarjotin.extensions import db
from tarjotin.models import Activity
from tarjotin.opendata.linked_data import linked_data_of
from tarjotin.timeutil import region_today
from tests.factories import (
    make_activity,
    make_language,
    make_location,
    make_organization,
    make_target_group,
    make_theme,
)
from tests.opendata.test_calendar import scheduled
from tests.webpage import find, get_page

TODAY = date(2026, 12, 1)  # a Tuesday
LANGUAGES = ("fi", "sv", "en")
PAGE = "https://tarjotin.example/fi/activities/1"
SCHEMA = "https://schema.org"
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
DAYS = {f"{SCHEMA}/{day}" for day in WEEKDAYS}


@pytest.fixture
def today(monkeypatch):
    """Fix the region's today for the public views to a known Tuesday."""
    for module in ("feeds", "activity"):
        monkeypatch.setattr(f"tarjotin.public.{module}.region_today", lambda: TODAY)
    return TODAY


def described(activity, locale="fi"):
    data = linked_data_of(activity, locale=locale, today=TODAY, page_url=PAGE)
    return json.loads(json.dumps(data))  # as a consumer reads it


def assert_iso_date(value):
    assert date.fromisoformat(value).isoformat() == value


def assert_valid(data):
    """Check the structure every description has, whatever the activity."""
    assert data["@context"] == SCHEMA
    assert data["@type"] in ("EventSeries", "Service")
    assert data["url"].startswith(("http://", "https://"))
    assert data["@id"].startswith(data["url"])
    assert isinstance(data["name"], str) and data["name"]
    party = data["organizer"] if data["@type"] == "EventSeries" else data["provider"]
    assert party["@type"] == "Organization" and party["name"]
    for key in ("startDate", "endDate"):
        if key in data:
            assert_iso_date(data[key])
    for schedule in data.get("eventSchedule", []):
        assert schedule["@type"] == "Schedule"
        assert schedule["byDay"] in DAYS
        assert schedule["repeatFrequency"] in {f"P{n}W" for n in range(1, 53)}
        assert schedule["scheduleTimezone"] == "Europe/Helsinki"
        for key in ("startTime", "endTime"):
            assert time.fromisoformat(schedule[key]).isoformat() == schedule[key]
        assert_iso_date(schedule["startDate"])
        for day in schedule.get("exceptDate", []):
            assert_iso_date(day)
    for event in data.get("subEvent", []):
        assert event["@type"] == "Event"
        for key in ("startDate", "endDate"):
            assert datetime.fromisoformat(event[key]).tzinfo is not None
    place = data.get("location") or data.get("availableChannel", {}).get("serviceLocation")
    if place:
        assert place["@type"] == "Place"
        assert place["address"]["@type"] == "PostalAddress"
    # Nothing empty is said: unknown things are left out.
    assert_nothing_empty(data)


def assert_nothing_empty(value):
    if isinstance(value, dict):
        for item in value.values():
            assert item not in (None, "", [], {}), value
            assert_nothing_empty(item)
    elif isinstance(value, list):
        for item in value:
            assert_nothing_empty(item)


# --- What the description says ----------------------------------------------------------------


def test_weekly_activity_is_an_event_series_with_its_schedule(app):
    activity = scheduled(
        slots=[(1, time(18), time(20), 1), (3, time(10), time(11, 30), 2)],
        cancelled=[date(2026, 12, 22), date(2026, 12, 24), date(2026, 12, 25)],
        valid_from=date(2026, 11, 30),
        valid_until=date(2027, 5, 31),
    )
    data = described(activity)
    assert_valid(data)
    assert data["@type"] == "EventSeries"
    assert data["startDate"] == "2026-11-30"
    assert data["endDate"] == "2027-05-31"
    assert data["eventAttendanceMode"] == f"{SCHEMA}/OfflineEventAttendanceMode"
    tuesday, thursday = data["eventSchedule"]
    assert tuesday == {
        "@type": "Schedule",
        "byDay": f"{SCHEMA}/Tuesday",
        "startTime": "18:00:00",
        "endTime": "20:00:00",
        "repeatFrequency": "P1W",
        "scheduleTimezone": "Europe/Helsinki",
        "startDate": "2026-12-01",
        "endDate": "2027-05-31",
        "exceptDate": ["2026-12-22"],
    }
    # Every other Thursday from the week of 30 November: 3, 17 and 31 December …
    assert thursday["repeatFrequency"] == "P2W"
    assert thursday["startDate"] == "2026-12-03"
    assert "exceptDate" not in thursday  # 24 December is not one of its Thursdays


def test_dated_sessions_are_sub_events_with_their_utc_offset(app):
    activity = scheduled(
        sessions=[
            (date(2026, 12, 10), time(17), time(19)),
            (date(2027, 6, 10), time(17), time(19)),
            (date(2026, 11, 20), time(17), time(19)),  # past
        ],
        name_fi="Retki",
    )
    data = described(activity)
    assert_valid(data)
    assert data["@type"] == "EventSeries"
    assert "eventSchedule" not in data
    assert [
        (event["name"], event["startDate"], event["endDate"]) for event in data["subEvent"]
    ] == [
        ("Retki", "2026-12-10T17:00:00+02:00", "2026-12-10T19:00:00+02:00"),
        ("Retki", "2027-06-10T17:00:00+03:00", "2027-06-10T19:00:00+03:00"),
    ]
    assert data["subEvent"][0]["location"] == data["location"]


def test_activity_without_times_is_a_service(app):
    activity = make_activity(slots=(), languages=[make_language("fi"), make_language("ar")])
    data = described(activity)
    assert_valid(data)
    assert data["@type"] == "Service"
    assert data["provider"]["name"] == activity.organization.name_fi
    channel = data["availableChannel"]
    assert channel["@type"] == "ServiceChannel"
    assert channel["serviceUrl"] == PAGE
    assert channel["availableLanguage"] == ["fi", "ar"]
    assert channel["serviceLocation"]["name"] == activity.location.name
    for key in ("organizer", "eventSchedule", "isAccessibleForFree", "inLanguage"):
        assert key not in data


def test_place_address_and_coordinates(app):
    location = make_location(
        name="Olohuone", street_address="Kauppapuistikko 1", postal_code="65100"
    )
    location.latitude, location.longitude = 63.0951, 21.6165
    data = described(make_activity(location=location))
    assert data["location"] == {
        "@type": "Place",
        "name": "Olohuone",
        "address": {
            "@type": "PostalAddress",
            "addressCountry": "FI",
            "streetAddress": "Kauppapuistikko 1",
            "postalCode": "65100",
            "addressLocality": "Vaasa",
        },
        "geo": {"@type": "GeoCoordinates", "latitude": 63.0951, "longitude": 21.6165},
    }


def test_activity_without_a_place_has_no_location(app):
    data = described(make_activity(location=None))
    assert_valid(data)
    assert "location" not in data


def test_free_activity_is_accessible_for_free_with_a_zero_price(app):
    data = described(make_activity(cost="free"))
    assert data["isAccessibleForFree"] is True
    assert data["offers"] == {"@type": "Offer", "price": 0, "priceCurrency": "EUR", "url": PAGE}


def test_fee_is_an_offer_with_its_text_in_the_language(app):
    activity = make_activity(
        cost="fee", cost_description_fi="3 € kerta", cost_description_en="3 € a time"
    )
    data = described(activity, locale="en")
    assert data["isAccessibleForFree"] is False
    assert data["offers"] == {"@type": "Offer", "url": PAGE, "description": "3 € a time"}


def test_unknown_cost_says_nothing_about_it(app):
    data = described(make_activity(cost="unknown"))
    assert "isAccessibleForFree" not in data
    assert "offers" not in data


def test_organiser_contact_languages_audience_and_themes(app):
    activity = make_activity(
        organization=make_organization(
            name_fi="Martat ry", name_en="Martha Club", website="https://martat.example", email=""
        ),
        contact_name="Maija",
        contact_phone="040 123 4567",
        languages=[make_language("fi"), make_language("so")],
        target_groups=[make_target_group("women", name_fi="Naiset", name_en="Women")],
        themes=[make_theme("food", name_fi="Ruoka", name_en="Food")],
        min_age=18,
        capacity=12,
        website="javascript:alert(1)",
    )
    data = described(activity, locale="en")
    assert_valid(data)
    assert data["organizer"] == {
        "@type": "Organization",
        "name": "Martha Club",
        "url": "https://martat.example",
        "contactPoint": {"@type": "ContactPoint", "name": "Maija", "telephone": "040 123 4567"},
    }
    assert data["inLanguage"] == ["fi", "so"]
    assert data["audience"] == [
        {"@type": "Audience", "audienceType": "Women"},
        {"@type": "PeopleAudience", "suggestedMinAge": 18},
    ]
    assert data["keywords"] == ["Food"]
    assert data["maximumAttendeeCapacity"] == 12
    assert "sameAs" not in data  # only a web address is linked to


@pytest.mark.parametrize("lang", LANGUAGES)
def test_texts_are_in_the_language_with_finnish_fallback(app, lang):
    activity = make_activity(
        name_fi="Kahvila",
        name_sv="Kafé",
        summary_fi="Kahvia.",
        summary_sv="Kaffe.",
        summary_en="Coffee.",
        description_fi="Pitkä kuvaus.",
    )
    data = described(activity, locale=lang)
    assert data["name"] == {"fi": "Kahvila", "sv": "Kafé", "en": "Kahvila"}[lang]
    summary = {"fi": "Kahvia.", "sv": "Kaffe.", "en": "Coffee."}[lang]
    assert data["description"] == f"{summary}\n\nPitkä kuvaus."


# --- The file on the site ---------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_linked_data_is_served_as_its_own_file(client, today, lang):
    activity = make_activity(name_fi="Kahvila", name_sv="Kafé", name_en="Café")
    db.session.commit()
    response = client.get(f"/{lang}/activities/{activity.id}.jsonld")
    assert response.status_code == 200
    assert response.mimetype == "application/ld+json"
    data = response.get_json(force=True)
    assert_valid(data)
    assert data["url"] == f"http://localhost/{lang}/activities/{activity.id}"
    assert data["name"] == {"fi": "Kahvila", "sv": "Kafé", "en": "Café"}[lang]
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]


def test_activity_page_refers_to_its_linked_data_without_inline_script(client, today):
    activity = make_activity()
    response, page = get_page(client, f"/fi/activities/{activity.id}")
    link = find(page, "head").find("link", rel="alternate", type="application/ld+json")
    assert link["href"] == f"/fi/activities/{activity.id}.jsonld"
    assert page.find("script") is None
    assert "'unsafe-inline'" not in response.headers["Content-Security-Policy"]


def test_every_public_demo_activity_has_linked_data_that_parses(demo_app, demo_client):
    ids = db.session.scalars(select(Activity.id).where(public_clause(region_today()))).all()
    assert ids
    types = set()
    for activity_id in ids:
        for lang in LANGUAGES:
            response = demo_client.get(f"/{lang}/activities/{activity_id}.jsonld")
            assert response.status_code == 200, (activity_id, lang)
            data = json.loads(response.data)
            assert_valid(data)
            types.add(data["@type"])
    assert "EventSeries" in types
