"""Searching: word forms, forgiving words, filters and counts, ranking, snippets, typos."""

from datetime import timedelta

import pytest

from tarjotin.catalogue.browse import Filters, browse
from tarjotin.extensions import db
from tarjotin.models import Activity
from tarjotin.search.analysis import voikko_available
from tests.factories import (
    make_activity,
    make_area,
    make_language,
    make_location,
    make_step,
    make_theme,
)
from tests.search.helpers import TODAY, find

needs_voikko = pytest.mark.skipif(not voikko_available(), reason="Voikko is not installed")


def names(index, hits):
    return [db.session.get(Activity, activity_id).name_fi for activity_id in hits.ids]


# --- Words ------------------------------------------------------------------------------


@needs_voikko
@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("ruokakurssille", ["Ruokakurssi"]),
        ("kurssi", ["Ensiapukurssi", "Ruokakurssi"]),
        ("tunnille", ["Tuolijumppatunti"]),
        ("ensiapukurssit", ["Ensiapukurssi"]),
    ],
)
def test_finnish_word_forms_and_compound_parts_find_the_activity(index, query, found):
    for name in ("Ruokakurssi", "Ensiapukurssi", "Tuolijumppatunti", "Kuoro"):
        make_activity(name_fi=name)
    db.session.commit()

    assert sorted(names(index, find(index, query))) == found


def test_without_voikko_inflected_words_are_still_found(app, without_voikko):
    from tarjotin import search

    make_activity(name_fi="Ruokakurssi")
    db.session.commit()
    index = search.index_for(app)
    index.rebuild(db.session, today=TODAY)

    assert find(index, "ruokakurssille").total == 1
    assert find(index, "kurssi").total == 0  # Snowball does not split compounds


@pytest.mark.parametrize(
    "query",
    [
        'kahvila AND "',
        "kahvila OR",
        "NOT kahvila",
        "kahvila*",
        "kahvila?",
        "kahvila~2",
        "kahvila^3",
        "name_fi:kahvila",
        "(kahvila]",
        "kahvila!!! ... ,,,",
        "{kahvila} - + && ||",
    ],
)
def test_operators_quotes_and_punctuation_are_never_syntax(index, query):
    make_activity(name_fi="Kahvila")
    db.session.commit()

    hits = find(index, query)

    assert hits.total == 1


def test_every_word_must_match_when_some_activity_has_them_all(index):
    make_activity(name_fi="Kahvila", summary_fi="Avoin kahvila nuorille.")
    make_activity(name_fi="Nuorten ilta", summary_fi="Ilta nuorille.")
    db.session.commit()

    hits = find(index, "kahvila nuorille")

    assert names(index, hits) == ["Kahvila"]
    assert not hits.any_word


def test_when_no_activity_has_every_word_those_with_some_are_listed(index):
    make_activity(name_fi="Kahvila", summary_fi="Avoin kahvila.")
    make_activity(name_fi="Kuoro", summary_fi="Laulamme yhdessä.")
    make_activity(name_fi="Kuntosali")
    db.session.commit()

    hits = find(index, "kahvila kuoro")

    assert hits.any_word
    assert sorted(names(index, hits)) == ["Kahvila", "Kuoro"]


def test_only_stop_words_find_nothing(index):
    make_activity(name_fi="Kahvila ja kirjasto")
    db.session.commit()

    assert find(index, "ja").total == 0


def test_a_swedish_search_finds_swedish_texts_and_finnish_ones(index):
    make_activity(name_fi="Kuoro", name_sv="Kören")
    make_activity(name_fi="Kör-ilta")  # no Swedish name: the Finnish one is shown
    db.session.commit()

    assert find(index, "kör", "sv").total == 2
    assert find(index, "kuoro", "sv").total == 1


def test_place_organiser_and_theme_names_are_searched(index):
    make_activity(location=make_location(name="Ristinummen olohuone"))
    make_activity(themes=[make_theme("nature", name_fi="Luonto")])
    db.session.commit()

    assert find(index, "olohuone").total == 1
    assert find(index, "luonto").total == 1


# --- Filters and counts -----------------------------------------------------------------


def test_every_filter_combines_with_the_words(index):
    nature = make_theme("nature")
    make_activity(name_fi="Luontoretki", step=make_step(2), themes=[nature])
    make_activity(name_fi="Luontokävely", step=make_step(1), themes=[nature])
    make_activity(name_fi="Luontokuvaus", step=make_step(2), cost="fee")
    db.session.commit()
    step2 = make_step(2).id

    hits = find(index, "luonto*", step_ids=frozenset({step2}), free=True)

    assert names(index, hits) == ["Luontoretki"]


def test_search_counts_equal_the_database_counts_for_the_same_activities(app, index):
    """The index counts facets as the database does: disjunctive within a facet."""
    nature, culture = make_theme("nature"), make_theme("culture")
    district = make_area("ristinummi")
    place = make_location(area=district, step_free="unknown")
    swedish = make_language("sv")
    for n, (step, themes, cost, slots) in enumerate(
        [
            (1, [nature], "free", ((0, *_hours(10)),)),
            (2, [nature, culture], "fee", ((2, *_hours(18)),)),
            (2, [culture], "free", ((4, *_hours(13)), (5, *_hours(10)))),
            (3, [], "free", ()),
        ]
    ):
        make_activity(
            name_fi=f"Kerho {n}",
            step=make_step(step),
            themes=themes,
            cost=cost,
            slots=slots,
            **({"location": place, "languages": [swedish]} if n % 2 else {}),
        )
    make_activity(name_fi="Muu toiminta")
    db.session.commit()
    filters = Filters(q="kerho", steps=frozenset({2}), themes=frozenset({"culture"}), free=True)

    def run(search):
        result = browse(db.session, filters, today=TODAY, locale="fi", search=search)
        return {
            facet.name: {value.code: value.count for value in facet.all_values()}
            for facet in result.facets
        }, result.total

    from_index, from_database = run(index), run(None)

    assert from_index == from_database
    assert from_index[1] == 1


def _hours(start):
    from datetime import time

    return time(start), time(start + 1)


# --- Ranking ----------------------------------------------------------------------------


def test_a_match_in_the_name_ranks_above_one_in_the_description(index):
    make_activity(name_fi="Kävelyryhmä", description_fi="Kuoro kokoontuu myös.")
    make_activity(name_fi="Kuoro")
    db.session.commit()

    assert names(index, find(index, "kuoro")) == ["Kuoro", "Kävelyryhmä"]


def test_a_stale_activity_ranks_below_a_fresh_one_that_matches_as_well(app, index):
    stale = TODAY - timedelta(days=app.config["STALE_AFTER_DAYS"] + 1)
    make_activity(name_fi="Kuoro", last_verified=stale)
    make_activity(name_fi="Kuoro", summary_fi="Toinen.", last_verified=TODAY)
    db.session.commit()

    hits = find(index, "kuoro")

    assert [db.session.get(Activity, i).last_verified for i in hits.ids] == [TODAY, stale]


def test_pages_of_search_results(index):
    for n in range(5):
        make_activity(name_fi=f"Kuoro {n}")
    db.session.commit()

    first, last = find(index, "kuoro", per_page=2), find(index, "kuoro", page=3, per_page=2)

    assert (len(first.ids), len(last.ids), last.total) == (2, 1, 5)
    assert not set(first.ids) & set(last.ids)


# --- Snippets ---------------------------------------------------------------------------


def test_snippets_mark_the_matched_words_and_escape_everything_else(index):
    activity = make_activity(
        name_fi="<b>Kuoro</b> & laulu",
        summary_fi='Kuoro "<script>alert(1)</script>" harjoittelee.',
    )
    db.session.commit()

    snippet = find(index, "kuoro").snippets[activity.id]

    assert snippet.name == "&lt;b&gt;<mark>Kuoro</mark>&lt;/b&gt; &amp; laulu"
    assert snippet.summary == (
        "<mark>Kuoro</mark> &#34;&lt;script&gt;alert(1)&lt;/script&gt;&#34; harjoittelee."
    )
    assert snippet.passage is None


@needs_voikko
def test_a_snippet_marks_the_inflected_word_and_the_compound_that_matched(index):
    activity = make_activity(name_fi="Apua arkeen", summary_fi="Tule ensiapukurssille!")
    db.session.commit()

    assert find(index, "kurssi").snippets[activity.id].summary == (
        "Tule <mark>ensiapukurssille</mark>!"
    )


def test_a_match_in_the_description_shows_a_passage_of_it(index):
    long_text = "Alku. " * 40 + "Lopuksi kuoro laulaa. " + "Loppu. " * 40
    activity = make_activity(name_fi="Ilta", summary_fi="Yhdessä.", description_fi=long_text)
    db.session.commit()

    snippet = find(index, "kuoro").snippets[activity.id]

    assert snippet.summary is None
    assert "<mark>kuoro</mark>" in snippet.passage
    assert snippet.passage.startswith("…") and snippet.passage.endswith("…")
    assert len(snippet.passage) < 300


# --- Did you mean -----------------------------------------------------------------------


def test_a_typo_gets_a_correction_from_the_words_of_the_tray(index):
    make_activity(name_fi="Ruokakurssi", summary_fi="Kurssi ruoanlaitosta.")
    db.session.commit()

    hits = find(index, "ruokakursi")

    assert hits.suggestion == "ruokakurssi"


def test_only_the_word_that_found_nothing_is_corrected(index):
    make_activity(name_fi="Kuoro", summary_fi="Laulamme yhdessä.")
    db.session.commit()

    assert find(index, "kuoro laulame").suggestion == "kuoro laulamme"


def test_the_correction_is_in_the_language_of_the_search(index):
    make_activity(name_fi="Kuoro", name_sv="Kören", name_en="Choir")
    db.session.commit()

    assert find(index, "choit", "en").suggestion == "choir"
    assert find(index, "kuuro", "fi").suggestion == "kuoro"
    assert find(index, "kuuro", "en").suggestion is None


def test_a_word_that_finds_something_is_not_corrected(index):
    make_activity(name_fi="Kuoro")
    make_activity(name_fi="Kuori")
    db.session.commit()

    assert find(index, "kuori").suggestion is None
