"""The directory of organisers and the page of one organisation."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from tarjotin.catalogue.visibility import public_clause
from tarjotin.extensions import db
from tarjotin.models import Activity, Organization
from tarjotin.timeutil import region_today
from tests.factories import make_activity, make_area, make_location, make_organization, make_step
from tests.public.test_activity_page import HUGE_ID, LANGUAGES, TODAY
from tests.webpage import count_statements, find, get_page, other_origin_links, text_of


@pytest.fixture
def today(monkeypatch):
    """Fix the region's today for the public views."""
    monkeypatch.setattr("tarjotin.public.organisations.region_today", lambda: TODAY)
    monkeypatch.setattr("tarjotin.public.activity.region_today", lambda: TODAY)
    return TODAY


def directory_region():
    """Organisers of several kinds, with and without public activities."""
    parish = make_organization(
        name_fi="Vaasan seurakuntayhtymä", name_sv="Vasa kyrkliga samfällighet", kind="parish"
    )
    city = make_organization(
        name_fi="Vaasan kaupunki", name_sv="Vasa stad", name_en="City of Vaasa", kind="city"
    )
    martat = make_organization(name_fi="Vaasan Martat ry", kind="association")
    aalto = make_organization(name_fi="Aallonmurtajat ry", kind="association")
    quiet = make_organization(name_fi="Hiljainen ry", kind="association")
    for organisation, count in ((parish, 1), (city, 3), (martat, 2), (aalto, 1)):
        for _ in range(count):
            make_activity(organization=organisation)
    make_activity(organization=quiet, status="submitted")
    make_activity(organization=quiet, valid_until=TODAY - timedelta(days=1))
    make_activity(organization=martat, status="archived")
    return {"parish": parish, "city": city, "martat": martat, "aalto": aalto, "quiet": quiet}


# --- The directory -------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_directory_groups_organisers_by_kind_with_their_counts(client, today, lang):
    orgs = directory_region()
    response, page = get_page(client, f"/{lang}/organisations")
    assert f'<html lang="{lang}">' in response.text
    assert len(page.find_all("h1")) == 1
    groups = page.find_all("section", class_="organisation-group")
    assert [group["id"] for group in groups] == [
        "kind-city",
        "kind-parish",
        "kind-association",
    ]
    associations = find(page, "section", id="kind-association")
    links = [a["href"] for a in associations.find_all("a")]
    assert links == [
        f"/{lang}/organisations/{orgs['aalto'].id}",
        f"/{lang}/organisations/{orgs['martat'].id}",
    ]
    counts = [text_of(span) for span in associations.find_all("span", class_="count")]
    assert [count[0] for count in counts] == ["1", "2"]
    city = find(page, "section", id="kind-city")
    assert text_of(find(city, "span", class_="count")).startswith("3")
    assert "Hiljainen ry" not in response.text


def test_directory_words_kinds_and_counts_in_english(client, today):
    directory_region()
    _response, page = get_page(client, "/en/organisations")
    headings = [
        text_of(find(group, "h2"))
        for group in page.find_all("section", class_="organisation-group")
    ]
    assert headings == ["Cities and municipalities", "Parishes", "Associations"]
    associations = find(page, "section", id="kind-association")
    assert [text_of(span) for span in associations.find_all("span", class_="count")] == [
        "1 activity",
        "2 activities",
    ]
    index = find(page, "nav", class_="kind-index")
    assert [a["href"] for a in index.find_all("a")] == [
        "#kind-city",
        "#kind-parish",
        "#kind-association",
    ]


@pytest.mark.parametrize(("lang", "name"), [("sv", "Vasa stad"), ("en", "City of Vaasa")])
def test_directory_shows_names_in_the_page_language(client, today, lang, name):
    directory_region()
    _response, page = get_page(client, f"/{lang}/organisations")
    assert text_of(find(find(page, "section", id="kind-city"), "a")) == name


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_directory_marks_names_only_in_finnish(client, today, lang):
    directory_region()
    _response, page = get_page(client, f"/{lang}/organisations")
    link = find(find(page, "section", id="kind-association"), "a")
    assert text_of(find(link, "span", lang="fi")) == "Aallonmurtajat ry"
    assert link.find("span", class_="fallback")


def test_directory_sorts_names_the_nordic_way(client, today):
    for name in ("Ölandin ystävät ry", "Zeta ry", "Åbo-seura ry", "Ääni ry", "abc ry"):
        make_activity(organization=make_organization(name_fi=name, kind="association"))
    _response, page = get_page(client, "/fi/organisations")
    names = [text_of(a) for a in find(page, "section", id="kind-association").find_all("a")]
    assert names == ["abc ry", "Zeta ry", "Åbo-seura ry", "Ääni ry", "Ölandin ystävät ry"]


def test_empty_directory_says_so(client, today):
    make_activity(status="submitted")
    _response, page = get_page(client, "/fi/organisations")
    assert not page.find_all("section", class_="organisation-group")
    assert page.find("p", class_="notice")


# --- One organisation ----------------------------------------------------------------------


def organisation_with_activities():
    organisation = make_organization(
        name_fi="Vaasan Martat ry",
        name_sv="Vasa Marthor rf",
        description_fi="Kotitalousneuvontaa.\n\nKursseja kaikille.",
        description_en="Home economics advice.\n\nCourses for everyone.",
        website="https://martat.example.org",
        email="info@martat.example.org",
        phone="06 123 4567",
        kind="association",
    )
    later = make_activity(organization=organisation, name_fi="Ruokakurssi", step=make_step(3))
    sooner = make_activity(organization=organisation, name_fi="Olohuone", step=make_step(1))
    hidden = [
        make_activity(organization=organisation, name_fi="Piilotettu", status=status)
        for status in ("submitted", "changes_requested", "archived", "rejected")
    ]
    ended = make_activity(
        organization=organisation, name_fi="Päättynyt", valid_until=TODAY - timedelta(days=1)
    )
    return organisation, [sooner, later], [*hidden, ended]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_organisation_page_lists_its_public_activities_as_cards(client, today, lang):
    organisation, shown, hidden = organisation_with_activities()
    response, page = get_page(client, f"/{lang}/organisations/{organisation.id}")
    assert len(page.find_all("h1")) == 1
    section = find(page, "section", id="activities")
    cards = section.find_all("article", class_="activity-card")
    assert [find(find(card, "h3"), "a")["href"] for card in cards] == [
        f"/{lang}/activities/{activity.id}" for activity in shown
    ]
    for activity in hidden:
        assert f"/activities/{activity.id}" not in response.text
    assert "Piilotettu" not in response.text and "Päättynyt" not in response.text


@pytest.mark.parametrize(
    ("lang", "name", "paragraphs"),
    [
        ("fi", "Vaasan Martat ry", ["Kotitalousneuvontaa.", "Kursseja kaikille."]),
        ("sv", "Vasa Marthor rf", ["Kotitalousneuvontaa.", "Kursseja kaikille."]),
        (
            "en",
            "Vaasan Martat ry (in Finnish)",
            ["Home economics advice.", "Courses for everyone."],
        ),
    ],
)
def test_organisation_page_shows_name_and_description_in_the_page_language(
    client, today, lang, name, paragraphs
):
    organisation, _shown, _hidden = organisation_with_activities()
    response, page = get_page(client, f"/{lang}/organisations/{organisation.id}")
    assert text_of(find(page, "h1")) == name
    description = find(page, "div", class_="organisation-description")
    texts = [
        text_of(p) for p in description.find_all("p") if "fallback-note" not in p.get("class", [])
    ]
    assert texts == paragraphs
    if lang == "sv":  # no Swedish description: the Finnish one, marked
        assert description.find("div", lang="fi")
        assert description.find("p", class_="fallback-note")
    else:
        assert not description.find_all("div", class_="fallback-block")


def test_organisation_page_shows_kind_and_contact_links(client, today):
    organisation, _shown, _hidden = organisation_with_activities()
    response, page = get_page(client, f"/en/organisations/{organisation.id}")
    assert text_of(find(page, "p", class_="organisation-kind")) == "Association"
    contact = find(page, "section", id="contact")
    website = find(contact, "a", href="https://martat.example.org")
    assert text_of(website) == "https://martat.example.org"
    assert contact.find("a", href="mailto:info@martat.example.org")
    assert text_of(find(contact, "a", href="tel:061234567")) == "06 123 4567"
    assert other_origin_links(response.text, allowed={"https://martat.example.org"}) == []
    assert " style=" not in response.text and "<script" not in response.text


def test_organisation_without_public_activities_still_has_a_page(client, today):
    organisation = make_organization(name_fi="Hiljainen ry")
    make_activity(organization=organisation, status="submitted")
    _response, page = get_page(client, f"/en/organisations/{organisation.id}")
    assert text_of(find(page, "h1")).startswith("Hiljainen ry")
    section = find(page, "section", id="activities")
    assert not section.find_all("article")
    assert "has no activities on the tray right now" in text_of(find(section, "p", class_="notice"))


def test_organisation_without_contact_details_has_no_contact_section(client, today):
    organisation = make_organization(name_fi="Hiljainen ry", website="javascript:alert(1)")
    response, page = get_page(client, f"/fi/organisations/{organisation.id}")
    assert not page.find_all("section", id="contact")
    assert "javascript:" not in response.text


@pytest.mark.parametrize("organisation_id", ["0", "4242", "2147483648", str(HUGE_ID)])
@pytest.mark.parametrize("lang", LANGUAGES)
def test_unknown_or_impossible_organisation_is_not_found(client, today, organisation_id, lang):
    make_organization()
    db.session.commit()
    response = client.get(f"/{lang}/organisations/{organisation_id}")
    assert response.status_code == 404
    assert f'<html lang="{lang}">' in response.text


def test_organisation_page_is_linked_from_the_activity_page(client, today):
    activity = make_activity()
    db.session.commit()
    response = client.get(f"/fi/activities/{activity.id}")
    href = f"/fi/organisations/{activity.organization_id}"
    assert f'href="{href}"' in response.text
    assert client.get(href).status_code == 200


def test_organisation_pages_load_with_a_fixed_number_of_queries(client, today):
    one = make_organization()
    make_activity(organization=one)
    many = make_organization()
    for number in range(1, 6):
        area = make_area(f"district-{number}")
        make_activity(organization=many, step=make_step(number), location=make_location(area=area))
    db.session.commit()
    one_path, many_path = f"/fi/organisations/{one.id}", f"/fi/organisations/{many.id}"
    assert count_statements(client, many_path) == count_statements(client, one_path)
    before = count_statements(client, "/fi/organisations")
    for _ in range(5):
        make_activity(organization=make_organization(kind="parish"))
    assert count_statements(client, "/fi/organisations") == before


# --- The demo region -----------------------------------------------------------------------


def test_every_organisation_of_the_demo_answers_in_every_language(demo_client):
    ids = db.session.scalars(select(Organization.id)).all()
    assert ids
    with_public = set(
        db.session.scalars(
            select(Activity.organization_id).where(public_clause(region_today()))
        ).all()
    )
    for lang in LANGUAGES:
        directory = demo_client.get(f"/{lang}/organisations")
        assert directory.status_code == 200
        for organisation_id in ids:
            response = demo_client.get(f"/{lang}/organisations/{organisation_id}")
            assert response.status_code == 200, (lang, organisation_id)
            listed = f'href="/{lang}/organisations/{organisation_id}"' in directory.text
            assert listed == (organisation_id in with_public)
