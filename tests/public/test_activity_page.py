"""The page of one activity: what, where, when, cost, joining, accessibility, contact."""

import importlib.util
import re
from datetime import date, time, timedelta
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from sqlalchemy import event, select

from tarjotin.catalogue.visibility import public_clause
from tarjotin.config import ROOT
from tarjotin.extensions import db
from tarjotin.models import Activity, Cancellation, Session
from tarjotin.timeutil import region_today
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

LANGUAGES = ("fi", "sv", "en")
TODAY = date(2026, 12, 1)  # a Tuesday
HUGE_ID = 99999999999999999999
# The demo region is being written alongside; its smoke tests wait for its seed files.
DEMO_SEEDED = (
    importlib.util.find_spec("tarjotin.catalogue.seeding") is not None
    and (ROOT / "seeds" / "demo").is_dir()
)
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


class Node:
    """An element of a parsed page with its attributes, children and text."""

    def __init__(self, tag, attrs, parent=None):
        self.tag = tag
        self.attrs = dict(attrs)
        self.parent = parent
        self.children = []
        self.parts = []

    @property
    def text(self):
        """The text inside, with runs of white space made single spaces."""
        return re.sub(r"\s+", " ", "".join(self._texts())).strip()

    def _texts(self):
        for part in self.parts:
            if isinstance(part, Node):
                yield from part._texts()
            else:
                yield part

    def iter(self):
        for child in self.children:
            yield child
            yield from child.iter()

    def find_all(self, tag=None, **attrs):
        """Return the elements inside with ``tag`` whose attributes have these values.

        ``class_`` matches one of the element's classes.
        """
        found = []
        for node in self.iter():
            if tag and node.tag != tag:
                continue
            wanted = dict(attrs)
            class_ = wanted.pop("class_", None)
            if class_ and class_ not in node.attrs.get("class", "").split():
                continue
            if all(node.attrs.get(key) == value for key, value in wanted.items()):
                found.append(node)
        return found

    def find(self, tag=None, **attrs):
        """Return the first element that ``find_all`` would, failing the test when none."""
        found = self.find_all(tag, **attrs)
        assert found, f"no <{tag or '*'} {attrs}> on the page"
        return found[0]


class PageParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.current = self.root

    def handle_starttag(self, tag, attrs):
        node = Node(tag, attrs, self.current)
        self.current.children.append(node)
        self.current.parts.append(node)
        if tag not in VOID:
            self.current = node

    def handle_endtag(self, tag):
        node = self.current
        while node is not self.root and node.tag != tag:
            node = node.parent
        if node is not self.root:
            self.current = node.parent

    def handle_data(self, data):
        self.current.parts.append(data)


def parse(html):
    """Return the parsed page as a tree of Node values."""
    parser = PageParser()
    parser.feed(html)
    parser.close()
    return parser.root


def other_origin_links(html, allowed=()):
    """Return the src and href values that lead to another origin than the site's own."""
    found = []
    for node in parse(html).iter():
        for name in ("src", "href", "action", "srcset", "poster", "data"):
            value = node.attrs.get(name)
            if not value:
                continue
            parts = urlsplit(value)
            outside = value.startswith("//") or parts.scheme in ("http", "https")
            if outside and value not in allowed and parts.netloc != "localhost":
                found.append(value)
    return found


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
    db.session.commit()
    response = client.get(f"/{lang}/activities/{activity.id}")
    assert response.status_code == 200, response.text
    return response, parse(response.text)


# --- What the page shows ---------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_page_has_one_h1_and_every_section(client, today, lang):
    activity = complete_activity()
    response, page = get_page(client, lang, activity)
    assert f'<html lang="{lang}">' in response.text
    assert len(page.find_all("h1")) == 1
    for section in ("about", "when", "where", "accessibility", "taking-part", "contact"):
        assert page.find("section", id=section).find("h2")
    # h3 only inside sections that have an h2 before it.
    for heading in page.find("main").find_all("h3"):
        assert heading.parent.tag in ("section", "article")


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
    assert page.find("h1").text == name
    assert page.find("p", class_="lead").text == summary
    about = page.find("section", id="about")
    assert [p.text for p in about.find("div", class_="activity-description").find_all("p")] == (
        paragraphs
    )
    assert page.find("span", class_="step-badge").attrs["class"] == "step-badge step-2"
    assert 'class="fallback' not in response.text


@pytest.mark.parametrize("lang", LANGUAGES)
def test_page_shows_place_address_area_and_accessibility(client, today, lang):
    activity = complete_activity()
    _response, page = get_page(client, lang, activity)
    where = page.find("section", id="where").text
    assert "Ristinummen olohuone" in where
    assert "Ristinummentie 5" in where
    assert "65320 Vaasa" in where
    assert "Ristinummi" in where
    notes = {
        "fi": "Hissi toiseen kerrokseen.",
        "sv": "Hiss till andra våningen.",
        "en": "A lift to the second floor.",
    }
    assert notes[lang] in page.find("section", id="accessibility").text


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
    assert text in page.find("section", id="accessibility").text


def test_page_without_a_place_says_so(client, today):
    activity = make_activity(location=None)
    _response, page = get_page(client, "en", activity)
    assert "The place is not given." in page.find("section", id="where").text
    assert "Not known." in page.find("section", id="accessibility").text


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
    text = page.find("main").text
    for value in expected:
        assert value in text
    taking_part = page.find("section", id="taking-part")
    assert "18" in taking_part.text and "29" in taking_part.text  # age band
    assert "12" in taking_part.text  # capacity
    assert [li.text for li in taking_part.find_all("li")][:2] == expected[2:4]


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
    taking_part = page.find("section", id="taking-part").text
    for text in texts:
        assert text in taking_part


@pytest.mark.parametrize("lang", LANGUAGES)
def test_contact_has_phone_and_email_links_and_the_organiser(client, today, lang):
    activity = complete_activity()
    _response, page = get_page(client, lang, activity)
    contact = page.find("section", id="contact")
    assert "Maija Meikäläinen" in contact.text
    assert contact.find("a", href="tel:0401234567").text == "040 123 4567"
    assert contact.find("a", href="mailto:maija@example.org").text == "maija@example.org"
    organiser = contact.find("a", href=f"/{lang}/organisations/{activity.organization_id}")
    names = {"fi": "Vaasan Martat ry", "sv": "Vasa Marthor rf", "en": "Vaasa Martha Club"}
    assert organiser.text == names[lang]


def test_last_verified_date_is_a_time_element(client, today):
    activity = complete_activity()
    _response, page = get_page(client, "en", activity)
    verified = page.find("p", class_="verified")
    assert verified.find("time", datetime="2026-11-02").text == "November 2, 2026"


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
    heading = page.find("h1")
    assert heading.find("span", lang="fi").text == "Kävelyryhmä"
    assert heading.find("span", class_="fallback")
    assert page.find("p", class_="lead").find("span", lang="fi").text == "Kävellään yhdessä."
    description = page.find("section", id="about").find("div", class_="fallback-block")
    assert description.find("div", lang="fi").text == "Lähdemme kirjaston edestä."
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
    items = page.find("ul", class_="occurrences").find_all("li")
    assert len(items) == 6
    first = items[0]
    assert first.find("time", datetime="2026-12-01").text == first_day
    assert first.find("time", datetime="2026-12-01T10:00").text == start
    assert first.find("time", datetime="2026-12-01T12:00").text == end
    assert [item.find("time").attrs["datetime"] for item in items] == [
        (TODAY + timedelta(weeks=n)).isoformat() for n in range(6)
    ]


def test_next_times_merge_slots_and_dated_sessions(client, today):
    activity = make_activity(slots=((3, time(14), time(15, 30)),))
    activity.sessions = [Session(date=date(2026, 12, 2), start_time=time(9), end_time=time(11))]
    _response, page = get_page(client, "en", activity)
    days = [t.attrs["datetime"] for t in page.find("ul", class_="occurrences").find_all("time")]
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
    assert [li.text for li in page.find("ul", class_="slots").find_all("li")] == texts


@pytest.mark.parametrize(("lang", "weekday"), [("fi", "tiistai"), ("sv", "tisdag")])
def test_regular_times_name_the_weekday_in_the_page_language(client, today, lang, weekday):
    activity = make_activity(slots=((1, time(10), time(12)),))
    _response, page = get_page(client, lang, activity)
    assert weekday in page.find("ul", class_="slots").text


def test_cancellation_is_announced_and_left_out_of_next_times(client, today):
    activity = make_activity(slots=((1, time(10), time(12)),))
    activity.cancellations = [
        Cancellation(date=date(2026, 11, 24)),  # in the past
        Cancellation(date=date(2026, 12, 8)),  # a Tuesday: a session is cancelled
        Cancellation(date=date(2026, 12, 9)),  # a Wednesday: nothing would run anyway
    ]
    _response, page = get_page(client, "en", activity)
    cancelled = page.find("ul", class_="cancellations").find_all("li")
    assert [item.text for item in cancelled] == ["No session on Tue, Dec 8"]
    assert cancelled[0].find("time", datetime="2026-12-08")
    days = [t.attrs["datetime"] for t in page.find("ul", class_="occurrences").find_all("time")]
    assert "2026-12-08" not in days
    assert "2026-12-15" in days


def test_page_without_upcoming_times_says_so(client, today):
    activity = make_activity(slots=())
    response, page = get_page(client, "en", activity)
    when = page.find("section", id="when")
    assert not when.find_all("ul", class_="occurrences")
    assert "There are no upcoming times right now." in when.find("p", class_="notice").text
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
    period = page.find("p", class_="period")
    assert period.text == text
    for day in (valid_from, valid_until):
        if day and text != "Runs until further notice.":
            assert period.find("time", datetime=day.isoformat())


def test_activity_starting_later_lists_its_first_times(client, today):
    activity = make_activity(valid_from=date(2027, 1, 12), slots=((1, time(10), time(12)),))
    _response, page = get_page(client, "en", activity)
    first = page.find("ul", class_="occurrences").find("time")
    assert first.attrs["datetime"] == "2027-01-12"


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


def count_queries(client, path):
    """Return how many SQL statements answering ``path`` takes, from an empty session."""
    db.session.commit()
    db.session.remove()  # nothing already in the identity map
    statements = []

    def record(*_args):
        statements.append(1)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        assert client.get(path).status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    return len(statements)


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
    assert count_queries(client, big_path) == count_queries(client, small_path)


# --- The demo region -----------------------------------------------------------------------


@pytest.mark.skipif(not DEMO_SEEDED, reason="the demo region has no seed files yet")
def test_every_public_activity_of_the_demo_answers_in_every_language(demo_client):
    ids = db.session.scalars(select(Activity.id).where(public_clause(region_today()))).all()
    assert ids
    for activity_id in ids:
        for lang in LANGUAGES:
            response = demo_client.get(f"/{lang}/activities/{activity_id}")
            assert response.status_code == 200, (lang, activity_id)
