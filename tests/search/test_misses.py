"""Searches that found nothing: counted per text, language and day, without personal data."""

from datetime import date

import pytest
from sqlalchemy import inspect, select

from tarjotin.extensions import db
from tarjotin.models import ZeroResultSearch
from tarjotin.search import record_zero_result, top_zero_result_queries
from tarjotin.search.misses import MAX_LENGTH, ZeroResultQuery, normalise

pytestmark = pytest.mark.usefixtures("app")

MONDAY, TUESDAY = date(2026, 6, 15), date(2026, 6, 16)


def rows():
    return db.session.execute(
        select(
            ZeroResultSearch.query,
            ZeroResultSearch.language,
            ZeroResultSearch.day,
            ZeroResultSearch.count,
        ).order_by(ZeroResultSearch.id)
    ).all()


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("  Ruoka   KURSSI\t", "ruoka kurssi"),
        ("Äijät\nÖisin", "äijät öisin"),
        ("x" * 300, "x" * MAX_LENGTH),
        ("   ", ""),
    ],
)
def test_the_text_is_lower_cased_its_spaces_collapsed_and_its_length_capped(typed, kept):
    assert normalise(typed) == kept


def test_the_same_search_on_the_same_day_adds_to_one_row():
    record_zero_result(db.session, "Ruokakursi", "fi", MONDAY)
    record_zero_result(db.session, "  ruokakursi ", "fi", MONDAY)
    db.session.commit()

    assert rows() == [("ruokakursi", "fi", MONDAY, 2)]


def test_another_language_or_day_is_another_row():
    record_zero_result(db.session, "kurs", "fi", MONDAY)
    record_zero_result(db.session, "kurs", "sv", MONDAY)
    record_zero_result(db.session, "kurs", "fi", TUESDAY)
    db.session.commit()

    assert len(rows()) == 3


def test_blank_text_is_not_counted():
    record_zero_result(db.session, "  ", "fi", MONDAY)

    assert rows() == []


def test_nothing_but_text_language_day_and_count_is_kept():
    columns = {column["name"] for column in inspect(db.engine).get_columns("zero_result_search")}

    assert columns == {"id", "query", "language", "day", "count"}


def test_the_top_queries_of_a_period_add_up_their_days():
    for day, text, times in [
        (MONDAY, "ruokakursi", 2),
        (TUESDAY, "ruokakursi", 1),
        (TUESDAY, "zumba", 2),
        (date(2026, 6, 20), "zumba", 5),
        (TUESDAY, "kör", 1),
    ]:
        for _ in range(times):
            record_zero_result(db.session, text, "fi" if text != "kör" else "sv", day)
    db.session.commit()

    top = top_zero_result_queries(db.session, MONDAY, TUESDAY)

    assert top == [
        ZeroResultQuery("ruokakursi", "fi", 3),
        ZeroResultQuery("zumba", "fi", 2),
        ZeroResultQuery("kör", "sv", 1),
    ]
    assert top_zero_result_queries(db.session, MONDAY, TUESDAY, language="sv", limit=5) == [
        ZeroResultQuery("kör", "sv", 1)
    ]
