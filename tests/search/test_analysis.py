"""Word forms: Voikko's base forms and compound parts for Finnish, Snowball without it."""

import logging

import pytest

from tarjotin.search.analysis import (
    finnish_analyzer,
    language_analyzer,
    voikko_available,
    words_of,
)

needs_voikko = pytest.mark.skipif(not voikko_available(), reason="Voikko is not installed")


def terms(analyzer, text, mode="index"):
    return [token.text for token in analyzer(text, mode=mode)]


@needs_voikko
def test_voikko_indexes_a_word_by_its_base_form_and_its_compound_parts():
    assert terms(finnish_analyzer(), "ensiapukurssille") == [
        "ensiapukurssi",
        "ensi",
        "ensiapu",
        "apu",
        "apukurssi",
        "kurssi",
    ]


@needs_voikko
def test_a_query_word_is_looked_up_by_its_base_form_only():
    assert terms(finnish_analyzer(), "ensiapukurssille", mode="query") == ["ensiapukurssi"]


@needs_voikko
@pytest.mark.parametrize(
    ("word", "base"),
    [("ruokakurssille", "ruokakurssi"), ("tunnille", "tunti"), ("Vaasassa", "vaasa")],
)
def test_inflected_words_and_consonant_gradation_reach_the_base_form(word, base):
    assert terms(finnish_analyzer(), word, mode="query") == [base]


@needs_voikko
def test_a_modifier_is_indexed_as_written_and_as_its_own_base_form():
    assert terms(finnish_analyzer(), "lastenkoti") == ["lastenkoti", "lasten", "koti", "lapsi"]


@needs_voikko
def test_a_word_voikko_does_not_know_is_stemmed_by_snowball():
    assert terms(finnish_analyzer(), "olkkariin", mode="query") == terms(
        finnish_analyzer("snowball"), "olkkariin", mode="query"
    )


@needs_voikko
def test_stop_words_and_operators_are_plain_words():
    assert terms(finnish_analyzer(), 'kahvi ja AND "OR* (kakku)', mode="query") == [
        "kahvi",
        "and",
        "or",
        "kakku",
    ]


def test_snowball_finds_inflection_but_not_compound_parts():
    snowball = finnish_analyzer("snowball")

    assert terms(snowball, "ruokakurssille") == terms(snowball, "ruokakurssi")
    assert "kurssi" not in terms(snowball, "ensiapukurssi")


def test_without_voikko_finnish_falls_back_to_snowball_and_says_so_once(without_voikko, caplog):
    with caplog.at_level(logging.WARNING, logger="tarjotin.search.analysis"):
        assert not voikko_available()
        analyzer = finnish_analyzer()
        assert not voikko_available()

    assert terms(analyzer, "ruokakurssille") == terms(finnish_analyzer("snowball"), "ruokakurssi")
    warnings = [record for record in caplog.records if "Voikko" in record.getMessage()]
    assert len(warnings) == 1
    assert "Snowball" in warnings[0].getMessage()


@pytest.mark.parametrize(
    ("lang", "word", "other"), [("sv", "kursen", "kurser"), ("en", "courses", "course")]
)
def test_swedish_and_english_are_stemmed(lang, word, other):
    analyzer = language_analyzer(lang)

    assert terms(analyzer, word) == terms(analyzer, other)


def test_words_of_splits_on_anything_but_letters_and_digits():
    assert words_of('  Kahvi/"tee"  AND kahvi EA1-kurssi ') == [
        "kahvi",
        "tee",
        "and",
        "ea1",
        "kurssi",
    ]
