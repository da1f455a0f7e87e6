"""The page of one activity: what, where, when, cost, joining, accessibility, contact."""

from datetime import date, time, timedelta

import pytest
from sqlalchemy import select

from tarjotin.catalogue.visibility import public_clause
from tarjotin.extensions import db
from tarjotin.models import Activity, Cancellation, Session
from tarjotin.timeutil import region_today
from tests import webpage
from tests.factories import (
    make_activity,
    make_area,
    make_language,
    make_location,
    make_organization,
    make_step,
    make_target_group,
    make_theme,
)
from tests.webpage import count_statements, find, other_origin_links, text_of

LANGUAGES = ("fi", "sv", "en")
TODAY = date(2026, 12, 1)  # a Tuesday
HUGE_ID = 99999999999999999999


@pytest.fixture
def today(monkeypatch):
    """Fix the region's today for the public views to a known Tuesday."""
    monkeypatch.setattr("tarjotin.public.activity.region_today", lambda: TODAY)
    monkeypatch.setattr("tarjotin.public.organisations.region_today", lambda: TODAY)
    return TODAY


def complete_activity(**values):
    """Return a public activity with every field a resident reads filled in all languages."""
    organisation = make_organization(
        name_fi="Vaasan Martat ry", name_sv="Vasa Marthor rf", name_en="Vaasa Martha Club"
    )
    area = make_area("ristinummi", name_fi="Ristinummi", name_sv="Ristinummi", name_en="Ristinummi")
    area.parent.name_sv = "Vasa"
    area.parent.name_en = "Vaasa"
    location = make_location(
        name="Ristinummen olohuone",
        street_address="Ristinummentie 5",
        postal_code="65320",
        post_office="Vaasa",
        area=area,
        step_free="yes",
        accessibility_fi="Hissi toiseen kerrokseen.",
        accessibility_sv="Hiss till andra våningen.",
        accessibility_en="A lift to the second floor.",
    )
    values.setdefault("name_fi", "Ruokakurssi")
    values.setdefault("name_sv", "Matlagningskurs")
    values.setdefault("name_en", "Cooking course")
    values.setdefault("summary_fi", "Laitetaan yhdessä edullista ruokaa.")
    values.setdefault("summary_sv", "Vi lagar billig mat tillsammans.")
    values.setdefault("summary_en", "We cook cheap food together.")
    values.setdefault("description_fi", "Ensimmäinen kappale.\n\nToinen kappale.")
    values.setdefault("description_sv", "Första stycket.\n\nAndra stycket.")
    values.setdefault("description_en", "First paragraph.\n\nSecond paragraph.")
    values.setdefault("cost", "fee")
    values.setdefault("cost_description_fi", "3 € kerta")
    values.setdefault("cost_description_sv", "3 € per gång")
    values.setdefault("cost_description_en", "3 € a time")
    values.setdefault("registration", "required")
    values.setdefault("registration_description_fi", "Soita Maijalle.")
    values.setdefault("registration_description_sv", "Ring Maija.")
    values.setdefault("registration_description_en", "Call Maija.")
    values.setdefault("contact_name", "Maija Meikäläinen")
    values.setdefault("contact_phone", "040 123 4567")
    values.setdefault("contact_email", "maija@example.org")
    values.setdefault("capacity", 12)
    values.setdefault("min_age", 18)
    values.setdefault("max_age", 29)
    values.setdefault("last_verified", date(2026, 11, 2))
    values.setdefault("step", make_step(2))
    values.setdefault(
        "themes", [make_theme("food", name_fi="Ruoka", name_sv="Mat", name_en="Food")]
    )
    values.setdefault(
        "target_groups",
        [
            make_target_group(
                "young-adults",
                name_fi="Nuoret aikuiset",
                name_sv="Unga vuxna",
                name_en="Young adults",
            )
        ],
    )
    values.setdefault(
        "languages",
        [
            make_language("fi", name_fi="suomi", name_sv="finska", name_en="Finnish"),
            make_language("ar", name_fi="arabia", name_sv="arabiska", name_en="Arabic"),
        ],
    )
    return make_activity(organization=organisation, location=location, **values)


def get_page(client, lang, activity):
    return webpage.get_page(client, f"/{lang}/activities/{activity.id}")


# --- What the page shows ---------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_page_has_one_h1_and_every_section(client, today, lang):
    activity = complete_activity()
    response, page = get_page(client, lang, activity)
    assert f'<html lang="{lang}">' in response.text
    assert len(page.find_all("h1")) == 1
    for section in ("about", "when", "where", "accessibility", "taking-part", "contact"):
        assert find(page, "section", id=section).find("h2")
    # h3 only inside sections that have an h2 before it.
    for heading in find(page, "main").find_all("h3"):
        assert heading.parent.name in ("section", "article")


@pytest.mark.parametrize(
    ("lang", "name", "summary", "paragraphs"),
    [
        (
            "fi",
            "Ruokakurssi",
            "Laitetaan yhdessä edullista ruokaa.",
            ["Ensimmäinen kappale.", "Toinen kappale."],
        ),
        (
            "sv",
            "Matlagningskurs",
            "Vi lagar billig mat tillsammans.",
            ["Första stycket.", "Andra stycket."],
        ),
        (
            "en",
            "Cooking course",
            "We cook cheap food together.",
            ["First paragraph.", "Second paragraph."],
        ),
    ],
)
def test_page_says_what_the_activity_is_in_the_page_language(
    client, today, lang, name, summary, paragraphs
):
    activity = complete_activity()
    response, page = get_page(client, lang, activity)
    assert text_of(find(page, "h1")) == name
    assert text_of(find(page, "p", class_="lead")) == summary
    about = find(page, "section", id="about")
    description = find(about, "div", class_="activity-description")
    assert [text_of(p) for p in description.find_all("p")] == paragraphs
    assert find(page, "span", class_="step-badge")["class"] == ["step-badge", "step-2"]
    assert 'class="fallback' not in response.text


@pytest.mark.parametrize("lang", LANGUAGES)
def test_page_shows_place_address_area_and_accessibility(client, today, lang):
    activity = complete_activity()
    _response, page = get_page(client, lang, activity)
    where = text_of(find(page, "section", id="where"))
    assert "Ristinummen olohuone" in where
    assert "Ristinummentie 5" in where
    assert "65320 Vaasa" in where
    assert "Ristinummi" in where
    notes = {
        "fi": "Hissi toiseen kerrokseen.",
        "sv": "Hiss till andra våningen.",
        "en": "A lift to the second floor.",
    }
    assert notes[lang] in text_of(find(page, "section", id="accessibility"))


@pytest.mark.parametrize(
    ("step_free", "text"),
    [
        ("yes", "Yes, the place can be reached without steps."),
        ("no", "No, there are steps on the way in."),
        ("unknown", "Not known. Ask the organiser."),
    ],
)
def test_step_free_access_is_yes_no_or_not_known(client, today, step_free, text):
    activity = make_activity(location=make_location(step_free=step_free))
    _response, page = get_page(client, "en", activity)
    assert text in text_of(find(page, "section", id="accessibility"))


def test_page_without_a_place_says_so(client, today):
    activity = make_activity(location=None)
    _response, page = get_page(client, "en", activity)
    assert "The place is not given." in text_of(find(page, "section", id="where"))
    assert "Not known." in text_of(find(page, "section", id="accessibility"))


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("fi", ["3 € kerta", "Soita Maijalle.", "suomi", "arabia", "Nuoret aikuiset", "Ruoka"]),
        ("sv", ["3 € per gång", "Ring Maija.", "finska", "arabiska", "Unga vuxna", "Mat"]),
        ("en", ["3 € a time", "Call Maija.", "Finnish", "Arabic", "Young adults", "Food"]),
    ],
)
def test_page_shows_cost_registration_languages_groups_and_themes(client, today, lang, expected):
    activity = complete_activity()
    _response, page = get_page(client, lang, activity)
    text = text_of(find(page, "main"))
    for value in expected:
        assert value in text
    taking_part = find(page, "section", id="taking-part")
    assert "18" in text_of(taking_part) and "29" in text_of(taking_part)  # age band
    assert "12" in text_of(taking_part)  # capacity
    assert [text_of(li) for li in taking_part.find_all("li")][:2] == expected[2:4]


@pytest.mark.parametrize(
    ("values", "texts"),
    [
        ({"cost": "free", "registration": "none"}, ["Free of charge.", "No registration needed."]),
        (
            {
                "cost": "fee",
                "cost_description_en": "5 €",
                "registration": "required",
                "registration_description_en": "Call 040 1.",
            },
            ["There is a fee. 5 €", "Registration is required. Call 040 1."],
        ),
        ({"cost": "unknown", "registration": "unknown"}, ["Not known. Ask the organiser."]),
        ({"min_age": 16}, ["16 years old or older."]),
        ({"max_age": 25}, ["Up to 25 years old."]),
        ({"min_age": 18, "max_age": 29}, ["From 18 to 29 years old."]),
        ({}, ["No age limits given.", "Not given."]),
        ({"capacity": 1}, ["At most 1 person."]),
        ({"capacity": 8}, ["At most 8 people."]),
    ],
)
def test_taking_part_words_every_answer_including_not_known(client, today, values, texts):
    activity = make_activity(**values)
    _response, page = get_page(client, "en", activity)
    taking_part = text_of(find(page, "section", id="taking-part"))
    for text in texts:
        assert text in taking_part


@pytest.mark.parametrize("lang", LANGUAGES)
def test_contact_has_phone_and_email_links_and_the_organiser(client, today, lang):
    activity = complete_activity()
    _response, page = get_page(client, lang, activity)
    contact = find(page, "section", id="contact")
    assert "Maija Meikäläinen" in text_of(contact)
    assert text_of(find(contact, "a", href="tel:0401234567")) == "040 123 4567"
    assert text_of(find(contact, "a", href="mailto:maija@example.org")) == "maija@example.org"
    organiser = find(contact, "a", href=f"/{lang}/organisations/{activity.organization_id}")
    names = {"fi": "Vaasan Martat ry", "sv": "Vasa Marthor rf", "en": "Vaasa Martha Club"}
    assert text_of(organiser) == names[lang]


def test_last_verified_date_is_a_time_element(client, today):
    activity = complete_activity()
    _response, page = get_page(client, "en", activity)
    verified = find(page, "p", class_="verified")
    assert text_of(find(verified, "time", datetime="2026-11-02")) == "November 2, 2026"


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_missing_translations_fall_back_to_finnish_with_a_marker(client, today, lang):
    activity = make_activity(
        name_fi="Kävelyryhmä",
        summary_fi="Kävellään yhdessä.",
        description_fi="Lähdemme kirjaston edestä.",
        cost="fee",
        cost_description_fi="2 €",
    )
    response, page = get_page(client, lang, activity)
    heading = find(page, "h1")
    assert text_of(find(heading, "span", lang="fi")) == "Kävelyryhmä"
    assert heading.find("span", class_="fallback")
    lead = find(page, "p", class_="lead")
    assert text_of(find(lead, "span", lang="fi")) == "Kävellään yhdessä."
    description = find(find(page, "section", id="about"), "div", class_="fallback-block")
    assert text_of(find(description, "div", lang="fi")) == "Lähdemme kirjaston edestä."
    assert description.find("p", class_="fallback-note")
    assert '<span lang="fi">2 €</span>' in response.text


def test_finnish_page_has_no_fallback_marker(client, today):
    activity = make_activity(name_fi="Kävelyryhmä")
    response, _page = get_page(client, "fi", activity)
    assert 'class="fallback' not in response.text


# --- When --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "first_day", "start", "end"),
    [
        ("fi", "ti 1.12.", "10.00", "12.00"),
        ("sv", "tis 1 dec.", "10:00", "12:00"),
        ("en", "Tue, Dec 1", "10:00", "12:00"),
    ],
)
def test_next_times_are_listed_and_formatted_in_the_page_language(
    client, today, lang, first_day, start, end
):
    activity = make_activity(slots=((1, time(10), time(12)),))
    _response, page = get_page(client, lang, activity)
    items = find(page, "ul", class_="occurrences").find_all("li")
    assert len(items) == 6
    first = items[0]
    assert text_of(find(first, "time", datetime="2026-12-01")) == first_day
    assert text_of(find(first, "time", datetime="2026-12-01T10:00")) == start
    assert text_of(find(first, "time", datetime="2026-12-01T12:00")) == end
    assert [find(item, "time")["datetime"] for item in items] == [
        (TODAY + timedelta(weeks=n)).isoformat() for n in range(6)
    ]


def test_next_times_merge_slots_and_dated_sessions(client, today):
    activity = make_activity(slots=((3, time(14), time(15, 30)),))
    activity.sessions = [Session(date=date(2026, 12, 2), start_time=time(9), end_time=time(11))]
    _response, page = get_page(client, "en", activity)
    days = [t["datetime"] for t in find(page, "ul", class_="occurrences").find_all("time")]
    assert days[:6] == [
        "2026-12-02",
        "2026-12-02T09:00",
        "2026-12-02T11:00",
        "2026-12-03",
        "2026-12-03T14:00",
        "2026-12-03T15:30",
    ]


TEN, NOON, TWO = time(10), time(12), time(14)


@pytest.mark.parametrize(
    ("slots", "interval", "texts"),
    [
        (((1, TEN, NOON),), 1, ["Every Tuesday, 10:00–12:00"]),
        (((3, time(14), time(16)),), 2, ["Every other Thursday, 14:00–16:00"]),
        (((4, time(17, 30), time(19)),), 3, ["Every 3 weeks on Friday, 17:30–19:00"]),
        (((0, TEN, NOON), (2, TEN, NOON)), 1, ["Every Monday and Wednesday, 10:00–12:00"]),
        (
            ((0, TEN, TWO), (1, TEN, TWO), (2, TEN, TWO), (3, TEN, TWO)),
            1,
            ["Monday to Thursday, 10:00–14:00"],
        ),
        (
            ((0, TEN, TWO), (1, TEN, TWO), (2, TEN, TWO)),
            2,
            ["Every other week, Monday to Wednesday, 10:00–14:00"],
        ),
        (
            ((0, TEN, TWO), (1, TEN, TWO), (4, TEN, time(13)), (2, TEN, TWO)),
            1,
            ["Monday to Wednesday, 10:00–14:00", "Every Friday, 10:00–13:00"],
        ),
        (
            ((0, TEN, NOON), (0, time(17), time(19)), (3, TEN, NOON)),
            1,
            ["Every Monday and Thursday, 10:00–12:00", "Every Monday, 17:00–19:00"],
        ),
    ],
)
def test_regular_times_are_summarised_in_words(client, today, slots, interval, texts):
    activity = make_activity(slots=slots)
    for slot in activity.weekly_slots:
        slot.interval = interval
    _response, page = get_page(client, "en", activity)
    assert [text_of(li) for li in find(page, "ul", class_="slots").find_all("li")] == texts


@pytest.mark.parametrize(("lang", "weekday"), [("fi", "tiistai"), ("sv", "tisdag")])
def test_regular_times_name_the_weekday_in_the_page_language(client, today, lang, weekday):
    activity = make_activity(slots=((1, time(10), time(12)),))
    _response, page = get_page(client, lang, activity)
    assert weekday in text_of(find(page, "ul", class_="slots"))


def test_cancellation_is_announced_and_left_out_of_next_times(client, today):
    activity = make_activity(slots=((1, time(10), time(12)),))
    activity.cancellations = [
        Cancellation(date=date(2026, 11, 24)),  # in the past
        Cancellation(date=date(2026, 12, 8)),  # a Tuesday: a session is cancelled
        Cancellation(date=date(2026, 12, 9)),  # a Wednesday: nothing would run anyway
    ]
    _response, page = get_page(client, "en", activity)
    cancelled = find(page, "ul", class_="cancellations").find_all("li")
    assert [text_of(item) for item in cancelled] == ["No session on Tue, Dec 8"]
    assert cancelled[0].find("time", datetime="2026-12-08")
    days = [t["datetime"] for t in find(page, "ul", class_="occurrences").find_all("time")]
    assert "2026-12-08" not in days
    assert "2026-12-15" in days


def test_page_without_upcoming_times_says_so(client, today):
    activity = make_activity(slots=())
    response, page = get_page(client, "en", activity)
    when = find(page, "section", id="when")
    assert not when.find_all("ul", class_="occurrences")
    assert "There are no upcoming times right now." in text_of(find(when, "p", class_="notice"))
    assert not when.find_all("ul", class_="slots")


@pytest.mark.parametrize(
    ("valid_from", "valid_until", "text"),
    [
        (None, None, "Runs until further notice."),
        (date(2026, 1, 1), None, "Runs until further notice."),
        (None, date(2027, 5, 31), "Runs until May 31, 2027."),
        (date(2027, 1, 12), None, "Starts on January 12, 2027."),
        (date(2027, 1, 12), date(2027, 5, 31), "Runs from January 12, 2027 to May 31, 2027."),
    ],
)
def test_valid_period_is_stated(client, today, valid_from, valid_until, text):
    activity = make_activity(valid_from=valid_from, valid_until=valid_until)
    _response, page = get_page(client, "en", activity)
    period = find(page, "p", class_="period")
    assert text_of(period) == text
    for day in (valid_from, valid_until):
        if day and text != "Runs until further notice.":
            assert period.find("time", datetime=day.isoformat())


def test_activity_starting_later_lists_its_first_times(client, today):
    activity = make_activity(valid_from=date(2027, 1, 12), slots=((1, time(10), time(12)),))
    _response, page = get_page(client, "en", activity)
    first = find(find(page, "ul", class_="occurrences"), "time")
    assert first["datetime"] == "2027-01-12"


# --- Who may see it ----------------------------------------------------------------------


@pytest.mark.parametrize("status", ["submitted", "changes_requested", "archived", "rejected"])
@pytest.mark.parametrize("lang", LANGUAGES)
def test_activity_that_is_not_published_is_not_found(client, today, status, lang):
    activity = make_activity(status=status)
    db.session.commit()
    response = client.get(f"/{lang}/activities/{activity.id}")
    assert response.status_code == 404
    assert f'<html lang="{lang}">' in response.text
    assert activity.name_fi not in response.text


def test_ended_activity_is_not_found(client, today):
    activity = make_activity(valid_until=today - timedelta(days=1))
    db.session.commit()
    assert client.get(f"/fi/activities/{activity.id}").status_code == 404


def test_activity_ending_today_is_still_shown(client, today):
    activity = make_activity(valid_until=today)
    db.session.commit()
    assert client.get(f"/fi/activities/{activity.id}").status_code == 200


@pytest.mark.parametrize("activity_id", ["0", "12345", "2147483647", "2147483648", str(HUGE_ID)])
def test_unknown_or_impossible_id_is_not_found(client, today, activity_id):
    make_activity()
    db.session.commit()
    response = client.get(f"/en/activities/{activity_id}")
    assert response.status_code == 404
    assert "Page not found" in response.text


@pytest.mark.parametrize("activity_id", ["abc", "-1", "1.5"])
def test_id_that_is_not_a_number_is_not_found(client, activity_id):
    assert client.get(f"/fi/activities/{activity_id}").status_code == 404


# --- Safe, self-contained markup -----------------------------------------------------------


def test_page_asks_nothing_from_other_origins(client, today):
    activity = complete_activity(website="https://martat.example.org/kurssit")
    activity.organization.website = "https://martat.example.org"
    response, page = get_page(client, "en", activity)
    assert other_origin_links(response.text, allowed={"https://martat.example.org/kurssit"}) == []
    assert page.find("a", href="https://martat.example.org/kurssit")
    assert not page.find_all("img") and not page.find_all("iframe")
    assert not page.find_all("script")
    assert " style=" not in response.text


@pytest.mark.parametrize("website", ["javascript:alert(1)", "ftp://example.org", "example.org"])
def test_website_that_is_not_a_web_address_is_not_linked(client, today, website):
    activity = make_activity(website=website)
    response, page = get_page(client, "en", activity)
    assert not page.find_all("a", href=website)
    assert "javascript:" not in response.text


def test_activity_page_loads_with_a_fixed_number_of_queries(client, today):
    small = make_activity(slots=((1, time(10), time(12)),))
    big = complete_activity(
        themes=[make_theme(f"t{n}") for n in range(5)],
        target_groups=[make_target_group(f"g{n}") for n in range(5)],
        slots=tuple((day, time(10), time(12)) for day in range(5)),
    )
    big.cancellations = [Cancellation(date=date(2026, 12, 7 + n)) for n in range(5)]
    big.sessions = [
        Session(date=date(2027, 1, n + 1), start_time=time(9), end_time=time(10)) for n in range(5)
    ]
    db.session.commit()
    big_path, small_path = f"/en/activities/{big.id}", f"/en/activities/{small.id}"
    assert count_statements(client, big_path) == count_statements(client, small_path)


# --- The demo region -----------------------------------------------------------------------


def test_every_public_activity_of_the_demo_answers_in_every_language(demo_client):
    ids = db.session.scalars(select(Activity.id).where(public_clause(region_today()))).all()
    assert ids
    for activity_id in ids:
        for lang in LANGUAGES:
            response = demo_client.get(f"/{lang}/activities/{activity_id}")
            assert response.status_code == 200, (lang, activity_id)
