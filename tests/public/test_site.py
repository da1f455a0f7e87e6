"""Site-wide behaviour: languages in the URL, security headers, error pages."""

import pytest

from tests.factories import make_activity, make_step

LANGUAGES = ("fi", "sv", "en")


@pytest.mark.parametrize(
    ("accept", "expected"),
    [("sv-FI,sv;q=0.9", "/sv/"), ("en-GB,en;q=0.8", "/en/"), ("de-DE", "/fi/"), (None, "/fi/")],
)
def test_root_sends_to_the_preferred_language(client, accept, expected):
    headers = {"Accept-Language": accept} if accept else {}
    response = client.get("/", headers=headers)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(expected)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_page_language_follows_the_url(client, lang):
    response = client.get(f"/{lang}/")
    assert response.status_code == 200
    assert f'<html lang="{lang}">' in response.text


def test_unknown_language_is_a_translated_not_found(client):
    response = client.get("/de/", headers={"Accept-Language": "sv"})
    assert response.status_code == 404
    assert '<html lang="sv">' in response.text
    assert "Sidan hittades inte" in response.text


@pytest.mark.parametrize(
    ("lang", "heading"),
    [("fi", "Sivua ei löytynyt"), ("sv", "Sidan hittades inte"), ("en", "Page not found")],
)
def test_not_found_page_is_translated(client, lang, heading):
    response = client.get(f"/{lang}/no-such-page")
    assert response.status_code == 404
    assert heading in response.text


def test_server_error_page_is_translated_and_rolls_back(app, client):
    app.config["PROPAGATE_TEST_ERRORS"] = False

    @app.get("/sv/boom")
    def boom():
        raise RuntimeError("boom")

    response = client.get("/sv/boom")
    assert response.status_code == 500
    assert "Något gick fel" in response.text


@pytest.mark.parametrize("path", ["/fi/", "/sv/steps", "/en/accessibility", "/fi/nope"])
def test_every_answer_carries_the_security_headers(client, path):
    response = client.get(path)
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_language_switcher_keeps_the_page_and_its_filters(client, lang):
    response = client.get(f"/{lang}/activities?step=2&free=1")
    for other in set(LANGUAGES) - {lang}:
        assert f'href="/{other}/activities?step=2&amp;free=1"' in response.text


@pytest.mark.parametrize("lang", LANGUAGES)
def test_home_shows_each_step_with_its_count(client, lang):
    for number in range(1, 6):
        make_step(number)
    make_activity(step=make_step(2))
    make_activity(step=make_step(2))
    make_activity(step=make_step(3), status="submitted")
    response = client.get(f"/{lang}/")
    assert response.status_code == 200
    assert response.text.count('class="step-card') == 5
    assert {"fi": "2 toimintaa", "sv": "2 aktiviteter", "en": "2 activities"}[lang] in response.text


def test_missing_translation_falls_back_to_finnish_with_a_marker(client):
    make_step(1, name_sv=None, name_en=None, name_fi="Tule mukaan")
    response = client.get("/en/steps")
    assert '<span lang="fi">Tule mukaan</span>' in response.text
    assert '<span class="fallback">(in Finnish)</span>' in response.text


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("page", ["steps", "accessibility"])
def test_static_pages_answer_in_every_language(client, lang, page):
    make_step(1)
    response = client.get(f"/{lang}/{page}")
    assert response.status_code == 200
    assert "<h1>" in response.text


def test_bad_request_page_says_what_was_wrong_in_plain_words(client):
    response = client.get("/en/activities?area=atlantis")
    assert response.status_code == 400
    assert '<p class="error-detail">' in response.text
    assert "atlantis" in response.text
    assert "The browser (or proxy)" not in response.text


def test_bad_request_without_a_reason_shows_no_technical_text(app, client):
    from flask import abort

    @app.get("/en/bad")
    def bad():
        abort(400)

    response = client.get("/en/bad")
    assert response.status_code == 400
    assert "error-detail" not in response.text
    assert "The browser (or proxy)" not in response.text
