"""Searches that found nothing, counted per text, language and day for the coordinator.

Only the normalised text is kept: no address, session, user or time of day.
"""

from dataclasses import dataclass

from sqlalchemy import func, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from tarjotin.models import ZeroResultSearch

MAX_LENGTH = 100
_INSERTS = {"postgresql": postgresql_insert, "sqlite": sqlite_insert}


def normalise(text):
    """Return ``text`` lower-cased, its runs of white space made one space, capped in length."""
    return " ".join(text.lower().split())[:MAX_LENGTH].rstrip()


def record_zero_result(session, text, language, day):
    """Count one search for ``text`` in ``language`` on ``day`` that found nothing.

    One statement that inserts the day's row or adds one to it, so that two requests at
    once count two. The caller commits.
    """
    query = normalise(text)
    if not query:
        return
    insert = _INSERTS.get(session.get_bind().dialect.name)
    if insert is None:  # another database: count within the request's transaction
        found = session.scalar(
            select(ZeroResultSearch).filter_by(query=query, language=language, day=day)
        )
        if found is None:
            session.add(ZeroResultSearch(query=query, language=language, day=day, count=1))
        else:
            session.execute(
                update(ZeroResultSearch)
                .where(ZeroResultSearch.id == found.id)
                .values(count=ZeroResultSearch.count + 1)
            )
        return
    statement = insert(ZeroResultSearch).values(query=query, language=language, day=day, count=1)
    session.execute(
        statement.on_conflict_do_update(
            index_elements=["query", "language", "day"],
            set_={"count": ZeroResultSearch.count + 1},
        )
    )


@dataclass(frozen=True)
class ZeroResultQuery:
    """A search text that found nothing, and how often, in one language."""

    query: str
    language: str
    count: int


def top_zero_result_queries(session, first_day, last_day, *, language=None, limit=20):
    """Return the texts that found nothing most often from ``first_day`` to ``last_day``."""
    total = func.sum(ZeroResultSearch.count).label("total")
    statement = (
        select(ZeroResultSearch.query, ZeroResultSearch.language, total)
        .where(ZeroResultSearch.day.between(first_day, last_day))
        .group_by(ZeroResultSearch.query, ZeroResultSearch.language)
        .order_by(total.desc(), ZeroResultSearch.query, ZeroResultSearch.language)
        .limit(limit)
    )
    if language is not None:
        statement = statement.where(ZeroResultSearch.language == language)
    return [ZeroResultQuery(q, lang, int(n)) for q, lang, n in session.execute(statement)]
