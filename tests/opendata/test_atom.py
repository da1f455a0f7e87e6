"""The Atom feed of newly published activities, per language and per filter."""

from datetime import UTC, date, datetime, timedelta
from urllib.parse import parse_qs, urlsplit
from xml.etree import ElementTree

import pytest

from tarjotin.extensions import db
from tarjotin.opendata.atom import ENTRIES, feed_of, newest
from tests.factories import make_activity, make_organization, make_step
from tests.webpage import count_statements, find, get_page

TODAY = date(2026, 12, 1)
NOW = datetime(2026, 12, 1, 8, 30, tzinfo=UTC)
NS = {"atom": "http://www.w3.org/2005/Atom"}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
LANGUAGES = ("fi", "sv", "en")


@pytest.fixture
def today(monkeypatch):
    """Fix the region's today for the public views to a known Tuesday."""
    for module in ("feeds", "activities"):
        monkeypatch.setattr(f"tarjotin.public.{module}.region_today", lambda: TODAY)
    return TODAY


def published(days_ago, **values):
    """Return a public activity published ``days_ago`` days before NOW (naive UTC)."""
    moment = (NOW - timedelta(days=days_ago)).replace(tzinfo=None)
    return make_activity(published_at=moment, created_at=moment, updated_at=moment, **values)


def build(activities, locale="fi", key=""):
    return feed_of(
        activities,
        locale=locale,
        key=key,
        title="Uudet toiminnot",
        author="Palvelutarjotin",
        self_url="https://tarjotin.example/fi/activities.atom",
        alternate_url="https://tarjotin.example/fi/activities",
        page_url=lambda activity: f"https://tarjotin.example/fi/activities/{activity.id}",
        now=NOW,
    )


def timestamp(element, tag):
    """Return the RFC 3339 time in ``tag``, checking it has a zone."""
    value = element.findtext(f"atom:{tag}", namespaces=NS)
    moment = datetime.fromisoformat(value)
    assert moment.tzinfo is not None, value
    return moment


def entries(body):
    return ElementTree.fromstring(body).findall("atom:entry", NS)


def entry_titles(body):
    return [entry.findtext("atom:title", namespaces=NS) for entry in entries(body)]


def assert_valid_atom(body):
    """Check what RFC 4287 requires of a feed and its entries."""
    assert body.startswith(b"<?xml version='1.0' encoding='utf-8'?>")
    feed = ElementTree.fromstring(body)
    assert feed.tag == "{http://www.w3.org/2005/Atom}feed"
    assert feed.get(XML_LANG) in LANGUAGES
    for tag in ("id", "title", "updated"):
        assert len(feed.findall(f"atom:{tag}", NS)) == 1, tag
    assert feed.findtext("atom:id", namespaces=NS).startswith("urn:uuid:")
    timestamp(feed, "updated")
    rels = {link.get("rel"): link for link in feed.findall("atom:link", NS)}
    assert rels["self"].get("type") == "application/atom+xml"
    assert rels["alternate"].get("type") == "text/html"
    assert feed.findtext("atom:author/atom:name", namespaces=NS)
    ids = []
    for entry in feed.findall("atom:entry", NS):
        for tag in ("id", "title", "updated"):
            assert len(entry.findall(f"atom:{tag}", NS)) == 1, tag
        ids.append(entry.findtext("atom:id", namespaces=NS))
        assert timestamp(entry, "published") <= timestamp(entry, "updated")
        (link,) = entry.findall("atom:link[@rel='alternate']", NS)
        assert link.get("href").startswith(("http://", "https://"))
        assert entry.findtext("atom:author/atom:name", namespaces=NS)
    assert len(set(ids)) == len(ids)
    return feed


# --- The feed document -----------------------------------------------------------------------


def test_feed_is_valid_atom_with_an_entry_per_activity(app):
    activities = [published(3), published(1), published(2)]
    feed = assert_valid_atom(build(activities))
    assert feed.get(XML_LANG) == "fi"
    assert feed.findtext("atom:title", namespaces=NS) == "Uudet toiminnot"
    assert feed.findtext("atom:author/atom:name", namespaces=NS) == "Palvelutarjotin"
    assert len(entries(build(activities))) == 3


def test_newest_are_first_and_at_most_fifty(app):
    activities = [published(days, name_fi=f"Toiminta {days:03}") for days in range(60)]
    chosen = newest(list(reversed(activities)))
    assert len(chosen) == ENTRIES == 50
    assert [activity.name_fi for activity in chosen] == [f"Toiminta {d:03}" for d in range(50)]


def test_activity_without_a_publishing_time_counts_from_its_creation(app):
    older = published(5)
    unknown = published(1, name_fi="Ei julkaisuaikaa")
    unknown.published_at = None
    assert newest([older, unknown])[0] is unknown


def test_entry_says_when_published_and_updated_and_links_to_the_page(app):
    activity = published(10, name_fi="Kahvila", summary_fi="Kahvia ja seuraa.")
    activity.updated_at = (NOW - timedelta(days=2)).replace(tzinfo=None)
    body = build([activity])
    (entry,) = entries(body)
    assert timestamp(entry, "published") == NOW - timedelta(days=10)
    assert timestamp(entry, "updated") == NOW - timedelta(days=2)
    assert entry.findtext("atom:title", namespaces=NS) == "Kahvila"
    assert entry.findtext("atom:summary", namespaces=NS) == "Kahvia ja seuraa."
    link = entry.find("atom:link", NS)
    assert link.get("href") == f"https://tarjotin.example/fi/activities/{activity.id}"
    assert link.get("type") == "text/html"
    # The feed changed when its newest entry did.
    assert timestamp(ElementTree.fromstring(body), "updated") == NOW - timedelta(days=2)


def test_entry_names_its_organiser_and_step(app):
    activity = published(
        1,
        organization=make_organization(name_fi="Martat ry", name_sv="Marthorna rf"),
        step=make_step(3),
    )
    (entry,) = entries(build([activity], locale="sv"))
    assert entry.findtext("atom:author/atom:name", namespaces=NS) == "Marthorna rf"
    category = entry.find("atom:category", NS)
    assert category.get("term") == "step-3"
    assert category.get("label") == "Steg 3"


def test_texts_missing_in_the_language_fall_back_to_finnish_marked_with_xml_lang(app):
    activity = published(
        1, name_fi="Kahvila", name_sv="Kafé", summary_fi="Kahvia.", summary_sv=None
    )
    (entry,) = entries(build([activity], locale="sv"))
    title = entry.find("atom:title", NS)
    summary = entry.find("atom:summary", NS)
    assert (title.text, title.get(XML_LANG)) == ("Kafé", None)
    assert (summary.text, summary.get(XML_LANG)) == ("Kahvia.", "fi")


def test_ids_are_stable_and_differ_by_language_and_filters(app):
    activity = published(1)

    def ids(locale, key=""):
        feed = ElementTree.fromstring(build([activity], locale=locale, key=key))
        (entry,) = feed.findall("atom:entry", NS)
        return feed.findtext("atom:id", namespaces=NS), entry.findtext("atom:id", namespaces=NS)

    assert ids("fi") == ids("fi")
    assert ids("fi")[0] != ids("sv")[0]
    assert ids("fi")[1] != ids("sv")[1]
    assert ids("fi", key="step=2")[0] != ids("fi")[0]
    assert ids("fi", key="step=2")[1] == ids("fi")[1]


def test_empty_feed_is_valid_and_updated_now(app):
    feed = assert_valid_atom(build([]))
    assert timestamp(feed, "updated") == NOW
    assert feed.findall("atom:entry", NS) == []


# --- The feed on the site --------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_feed_answers_in_every_language(client, today, lang):
    published(1, name_fi="Kahvila", name_sv="Kafé", name_en="Café")
    db.session.commit()
    response = client.get(f"/{lang}/activities.atom")
    assert response.status_code == 200
    assert response.mimetype == "application/atom+xml"
    feed = assert_valid_atom(response.data)
    assert feed.get(XML_LANG) == lang
    assert entry_titles(response.data) == [{"fi": "Kahvila", "sv": "Kafé", "en": "Café"}[lang]]
    self_link = feed.find("atom:link[@rel='self']", NS).get("href")
    assert self_link == f"http://localhost/{lang}/activities.atom"


def test_feed_holds_the_newest_public_activities_the_filters_choose(client, today):
    published(3, name_fi="Vanhempi", step=make_step(2), cost="free")
    published(1, name_fi="Uusin", step=make_step(2), cost="free")
    published(2, name_fi="Maksullinen", step=make_step(2), cost="fee")
    published(0, name_fi="Toinen askel", step=make_step(3), cost="free")
    published(0, name_fi="Arkistoitu", step=make_step(2), cost="free", status="archived")
    published(0, name_fi="Päättynyt", step=make_step(2), valid_until=TODAY - timedelta(days=1))
    db.session.commit()
    response = client.get("/fi/activities.atom?free=1&step=2")
    feed = assert_valid_atom(response.data)
    assert entry_titles(response.data) == ["Uusin", "Vanhempi"]
    links = {link.get("rel"): urlsplit(link.get("href")) for link in feed.findall("atom:link", NS)}
    assert links["alternate"].path == "/fi/activities"
    assert links["self"].path == "/fi/activities.atom"
    for link in links.values():
        assert parse_qs(link.query) == {"step": ["2"], "free": ["1"]}


def test_feed_of_other_filters_has_another_id(client, today):
    published(1, step=make_step(2))
    db.session.commit()
    whole = ElementTree.fromstring(client.get("/fi/activities.atom").data)
    chosen = ElementTree.fromstring(client.get("/fi/activities.atom?step=2").data)
    assert whole.findtext("atom:id", namespaces=NS) != chosen.findtext("atom:id", namespaces=NS)


def test_feed_takes_a_fixed_number_of_statements(client, today):
    published(1)
    one = count_statements(client, "/fi/activities.atom")
    for days in range(2, 12):
        published(days, organization=make_organization(), step=make_step(days % 5 + 1))
    assert count_statements(client, "/fi/activities.atom") == one


def test_list_page_links_to_its_feed_with_its_filters(client, today):
    published(1, step=make_step(2))
    _response, page = get_page(client, "/en/activities?step=2")
    head_link = find(page, "head").find("link", rel="alternate", type="application/atom+xml")
    assert head_link["href"] == "/en/activities.atom?step=2"
    assert head_link["title"]
    assert find(page, class_="feed-links").find("a", href="/en/activities.atom?step=2")


def test_demo_feed_is_valid_in_every_language(demo_client):
    for lang in LANGUAGES:
        response = demo_client.get(f"/{lang}/activities.atom")
        assert response.status_code == 200
        feed = assert_valid_atom(response.data)
        assert 0 < len(feed.findall("atom:entry", NS)) <= ENTRIES
        published_times = [timestamp(entry, "published") for entry in entries(response.data)]
        assert published_times == sorted(published_times, reverse=True)
