"""The activity list page: filters as a GET form, bookmarkable URLs, pages, bad addresses."""

import re
from datetime import time
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from flask_babel import force_locale, gettext, ngettext
from markupsafe import escape

from tests.factories import (
    make_activity,
    make_area,
    make_location,
    make_step,
    make_theme,
)
from tests.webpage import count_statements

LANGUAGES = ("fi", "sv", "en")
HREF = re.compile(r'href="([^"]*)"')


def translated(lang, message, **values):
    """Return ``message`` as the page in ``lang`` shows it (escaped as in HTML)."""
    with force_locale(lang):
        return str(escape(gettext(message, **values)))


def translated_count(lang, number):
    with force_locale(lang):
        return ngettext("%(num)d activity", "%(num)d activities", number)


def links(response, path="/"):
    """Return the query of every link to ``path`` on the page, as dicts of lists."""
    found = []
    for href in HREF.findall(response.text):
        parts = urlsplit(unescape(href))
        if parts.path == path:
            found.append(parse_qs(parts.query))
    return found


def card_names(response):
    return re.findall(r'class="activity-card-title"><a href="[^"]+">([^<]+)</a>', response.text)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_list_answers_in_every_language_with_filters_and_results(client, lang):
    make_activity(
        name_fi="Kahvila",
        name_sv="Kafé",
        name_en="Café",
        themes=[make_theme("nature", name_sv="Natur", name_en="Nature")],
    )

    response = client.get(f"/{lang}/activities")

    assert response.status_code == 200
    assert f'<html lang="{lang}">' in response.text
    assert card_names(response) == [{"fi": "Kahvila", "sv": "Kafé", "en": "Café"}[lang]]
    assert translated_count(lang, 1) in response.text
    for legend in ("Step", "Area", "Theme", "Weekday", "Time of day", "Good to know"):
        assert f"<legend>{translated(lang, legend)}</legend>" in response.text
    assert f">{translated(lang, 'Show activities')}</button>" in response.text
    assert {"fi": "Nature", "sv": "Natur", "en": "Nature"}[lang] in response.text


def test_the_filters_are_a_get_form_of_labelled_checkboxes(client):
    make_activity(themes=[make_theme("nature")])

    response = client.get("/fi/activities")

    assert '<form class="browse-form" method="get" action="/fi/activities"' in response.text
    assert 'name="csrf_token"' not in response.text
    inputs = re.findall(r'<input type="checkbox" id="([^"]+)"', response.text)
    labels = re.findall(r'<label for="([^"]+)"', response.text)
    assert inputs and set(inputs) <= set(labels)
    assert len(set(inputs)) == len(inputs)
    assert response.text.count("<fieldset") == response.text.count("<legend>")


def test_each_value_shows_its_count_in_its_label(client):
    for _ in range(4):
        make_activity(location=make_location(area=make_area("ristinummi", name_fi="Ristinummi")))

    response = client.get("/fi/activities")

    assert (
        '<label for="filter-area-ristinummi">Ristinummi <span class="facet-count">(4)</span>'
        in response.text
    )


def test_a_value_that_would_find_nothing_is_shown_but_set_back(client):
    make_theme("culture", name_fi="Kulttuuri")
    make_activity(themes=[make_theme("nature")])

    response = client.get("/fi/activities")

    option = re.search(
        r'<div class="([^"]*)">\s*<input type="checkbox" id="filter-theme-culture"', response.text
    )
    assert option and "facet-empty" in option.group(1)
    assert 'Kulttuuri <span class="facet-count">(0)</span>' in response.text


def test_filters_combine_and_the_address_keeps_them(client):
    nature = make_theme("nature")
    make_activity(name_fi="Luontoretki", step=make_step(2), themes=[nature])
    make_activity(name_fi="Kirjasto", step=make_step(2))
    make_activity(name_fi="Metsäkävely", step=make_step(1), themes=[nature])

    response = client.get("/fi/activities?step=2&theme=nature")

    assert card_names(response) == ["Luontoretki"]
    assert 'id="filter-step-2" name="step" value="2" checked' in response.text
    assert 'id="filter-theme-nature" name="theme" value="nature" checked' in response.text
    assert 'id="filter-step-1" name="step" value="1">' in response.text


def test_chosen_filters_are_links_that_remove_them(client):
    make_activity(name_fi="Kahvila", step=make_step(2), slots=((0, time(9), time(11)),))

    response = client.get("/fi/activities?q=kahvila&step=2&weekday=1&free=1")

    assert card_names(response) == ["Kahvila"]
    removals = [
        query
        for query in links(response, "/fi/activities")
        if query and {"q", "step", "weekday", "free"} - set(query)
    ]
    assert {"q": ["kahvila"], "weekday": ["mon"], "free": ["1"]} in removals
    assert {"q": ["kahvila"], "step": ["2"], "free": ["1"]} in removals
    assert {"step": ["2"], "weekday": ["mon"], "free": ["1"]} in removals
    assert {"q": ["kahvila"], "step": ["2"], "weekday": ["mon"]} in removals
    assert f'<a href="/fi/activities">{translated("fi", "Clear all filters")}</a>' in response.text


def test_removing_one_value_keeps_the_others_of_its_filter(client):
    make_activity(step=make_step(1))
    make_activity(step=make_step(2))

    response = client.get("/fi/activities?step=1&step=2")

    assert {"step": ["2"]} in links(response, "/fi/activities")
    assert {"step": ["1"]} in links(response, "/fi/activities")


def test_the_search_words_are_shown_back_in_the_box(client):
    make_activity(name_fi="Kahvila <3")

    response = client.get('/fi/activities?q=kahvila+<3+"x')

    assert 'name="q" type="search" value="kahvila &lt;3 &#34;x"' in response.text


@pytest.mark.parametrize("weekday", ["1", "mon", "MON"])
def test_a_weekday_may_be_a_number_or_a_code(client, weekday):
    make_activity(name_fi="Maanantai", slots=((0, time(9), time(11)),))
    make_activity(name_fi="Tiistai", slots=((1, time(9), time(11)),))

    response = client.get(f"/fi/activities?weekday={weekday}")

    assert card_names(response) == ["Maanantai"]
    assert 'id="filter-weekday-mon" name="weekday" value="mon" checked' in response.text


def test_pages_link_to_each_other_keeping_the_filters(app, client):
    app.config["PER_PAGE"] = 2
    for letter in "ABCDE":
        make_activity(name_fi=f"{letter} kahvila", step=make_step(2))
    make_activity(name_fi="Muu", step=make_step(1))

    first = client.get("/fi/activities?step=2")
    second = client.get("/fi/activities?step=2&page=2")

    assert card_names(first) == ["A kahvila", "B kahvila"]
    assert card_names(second) == ["C kahvila", "D kahvila"]
    assert {"step": ["2"], "page": ["2"]} in links(first, "/fi/activities")
    assert {"step": ["2"], "page": ["3"]} in links(second, "/fi/activities")
    assert {"step": ["2"]} in links(second, "/fi/activities")  # page 1 has no page=
    assert 'aria-current="page">2</a>' in second.text
    assert 'rel="prev"' in second.text and 'rel="next"' in second.text
    assert translated_count("fi", 5) in second.text


def test_a_list_of_one_page_has_no_page_links(client):
    make_activity()

    response = client.get("/fi/activities")

    assert 'class="pagination"' not in response.text


def test_no_match_says_so_and_offers_to_clear_the_filters(client):
    make_activity(step=make_step(1))
    make_step(2)

    response = client.get("/fi/activities?step=2")

    assert response.status_code == 200
    assert translated_count("fi", 0) in response.text
    assert translated("fi", "No activities match your choices.") in response.text
    assert f'<a href="/fi/activities">{translated("fi", "Clear all filters")}</a>' in response.text


def test_an_empty_tray_is_not_an_error(client):
    response = client.get("/sv/activities")

    assert response.status_code == 200
    assert translated("sv", "There are no activities on the service tray yet.") in response.text


@pytest.mark.parametrize(
    "query",
    [
        "step=9",
        "step=abc",
        "step=1&step=-2",
        "area=atlantis",
        "theme=sailing",
        "weekday=funday",
        "weekday=0",
        "weekday=8",
        "daytime=night",
        "language=tlh",
        "target_group=pirates",
        "free=yes",
        "step_free=2",
        "page=abc",
        "page=0",
        "page=-1",
        "page=1.5",
        "q=" + "a" * 201,
        "area=" + "x" * 65,
        "theme=a%20b",
    ],
)
def test_a_wrong_address_is_a_translated_bad_request(client, query):
    make_activity(themes=[make_theme("nature")])

    response = client.get(f"/sv/activities?{query}")

    assert response.status_code == 400
    assert '<html lang="sv">' in response.text
    assert translated("sv", "Something in the address is not right") in response.text


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_bad_request_page_is_in_the_page_language(client, lang):
    response = client.get(f"/{lang}/activities?step=9")

    assert response.status_code == 400
    assert f"<h1>{translated(lang, 'Something in the address is not right')}</h1>" in response.text


@pytest.mark.parametrize("page", ["2", "99999999999999999999999"])
def test_a_page_past_the_end_is_not_found(client, page):
    make_activity()

    response = client.get(f"/en/activities?page={page}")

    assert response.status_code == 404
    assert translated("en", "Page not found") in response.text


@pytest.mark.parametrize(
    "query",
    ["step=&page=&q=", "q=%00kahvila", "utm_source=newsletter", "step=1&step=1", "free=0"],
)
def test_blank_repeated_and_foreign_parameters_are_harmless(client, query):
    make_activity(name_fi="Kahvila")

    response = client.get(f"/fi/activities?{query}")

    assert response.status_code == 200
    assert card_names(response) == ["Kahvila"]


def test_the_language_switcher_keeps_every_filter(client):
    make_activity(step=make_step(2))

    response = client.get("/fi/activities?q=kahvi&step=2&weekday=tue&page=1")

    for other in ("sv", "en"):
        assert {"q": ["kahvi"], "step": ["2"], "weekday": ["tue"], "page": ["1"]} in links(
            response, f"/{other}/activities"
        )


def test_the_list_takes_the_same_few_statements_however_long_it_is(client):
    make_activity(location=make_location(area=make_area("ristinummi")))
    few = count_statements(client, "/fi/activities?free=1")
    for number in range(1, 6):
        for _ in range(6):
            make_activity(step=make_step(number), location=make_location(), themes=[make_theme()])
    many = count_statements(client, "/fi/activities?free=1")

    assert few == many <= 8


def test_the_demo_region_lists_and_filters(demo_client):
    everything = demo_client.get("/fi/activities")
    assert everything.status_code == 200
    assert card_names(everything)

    step_two = demo_client.get("/fi/activities?step=2&free=1&area=vaasa")
    assert step_two.status_code == 200
    assert 'id="filter-step-2" name="step" value="2" checked' in step_two.text
    assert len(card_names(step_two)) <= len(card_names(everything))


# --- Search by the index ----------------------------------------------------------------


@pytest.fixture
def indexed(app):
    """Build the app's search index from what the test has committed so far."""
    from tests.search.helpers import build_index

    return lambda: build_index(app)


@pytest.fixture(scope="module")
def search_demo_client(backend):
    """A client of the demo region with its search index built (the demo's own app has none)."""
    from tests.search.helpers import indexed_app

    app = indexed_app(backend.demo_url)
    yield app.test_client()
    with app.app_context():
        from tarjotin.extensions import db

        db.engine.dispose()


def test_search_results_show_the_matched_words_marked_and_everything_else_escaped(client, indexed):
    make_activity(name_fi="<i>Kuoro</i>", summary_fi="Laulamme <script>x</script> kuorossa.")
    indexed()

    response = client.get("/fi/activities?q=kuoro")

    assert "&lt;i&gt;<mark>Kuoro</mark>&lt;/i&gt;" in response.text
    assert "Laulamme &lt;script&gt;x&lt;/script&gt; <mark>kuorossa</mark>." in response.text
    assert "<script>x" not in response.text and "<i>" not in response.text


def test_a_highlighted_text_in_finnish_keeps_its_language_and_marker(client, indexed):
    make_activity(name_fi="Kuoro", name_sv=None)
    indexed()

    response = client.get("/sv/activities?q=kuoro")

    marker = translated("sv", "in Finnish")
    assert (
        f'<span lang="fi"><mark>Kuoro</mark></span> <span class="fallback">({marker})</span>'
        in (response.text)
    )


def test_a_typo_offers_the_corrected_search_keeping_the_filters(client, indexed):
    make_activity(name_fi="Ruokakurssi", step=make_step(2))
    indexed()

    response = client.get("/fi/activities?q=ruokakursi&step=2")

    assert {"q": ["ruokakurssi"], "step": ["2"]} in links(response, "/fi/activities")
    with force_locale("fi"):
        question = gettext("Did you mean %(words)s?", words="LINK").split("LINK")
    assert question[0] in response.text and question[1] in response.text


def test_when_no_activity_has_every_word_the_list_says_it_shows_some(client, indexed):
    make_activity(name_fi="Kuoro")
    indexed()

    response = client.get("/fi/activities?q=kuoro+zumba")

    assert "<mark>Kuoro</mark>" in response.text
    notice = "No activity has all of your search words. These activities have some of them."
    assert translated("fi", notice) in response.text


def test_without_an_index_the_database_searches_and_a_quiet_notice_says_so(client):
    make_activity(name_fi="Kuoro")

    response = client.get("/fi/activities?q=kuoro")

    assert response.status_code == 200
    assert card_names(response) == ["Kuoro"]
    notice = "Search is slower right now and finds only words written exactly as you wrote them."
    assert translated("fi", notice) in response.text


def test_a_broken_index_falls_back_to_the_database(app, client, indexed):
    from tarjotin import search

    make_activity(name_fi="Kuoro")
    indexed()
    index = search.index_for(app)
    for path in (index.folder / (index.folder / "CURRENT").read_text()).iterdir():
        path.write_bytes(b"not an index")

    response = client.get("/fi/activities?q=kuoro")

    assert response.status_code == 200
    assert card_names(response) == ["Kuoro"]


def test_a_search_that_finds_nothing_is_counted_without_personal_data(app, client, indexed):
    from sqlalchemy import select

    from tarjotin.extensions import db
    from tarjotin.models import ZeroResultSearch

    make_activity(name_fi="Kuoro")
    indexed()

    client.get("/sv/activities?q=Zumba++Kväll")
    client.get("/sv/activities?q=zumba kväll")
    client.get("/sv/activities?q=kuoro")
    client.get("/sv/activities")

    found = db.session.execute(select(ZeroResultSearch.query, ZeroResultSearch.count)).all()
    assert found == [("zumba kväll", 2)]


def test_the_demo_region_is_searched_by_the_index(search_demo_client):
    response = search_demo_client.get("/fi/activities?q=kurssille&free=1")

    assert response.status_code == 200
    assert "<mark>" in response.text
    assert 'id="filter-free-1" name="free" value="1" checked' in response.text
    assert translated("fi", "Did you mean %(words)s?", words="x").split("x")[0] not in (
        response.text
    )
