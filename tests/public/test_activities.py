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
