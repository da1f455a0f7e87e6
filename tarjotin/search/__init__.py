"""Full-text search of the tray's activities (Whoosh), behind a narrow door.

Everything outside this package uses only the names below; the modules behind them
(analysis, schema, spelling, index, query, changes, misses) may change shape.

The database is the source of truth; the index is derived from it:

- ``build_index(session, folder, today=…)`` builds a complete index of the published,
  current activities *aside*, in a new generation folder under ``folder``, and then swaps
  it in atomically. A process searching ``folder`` meanwhile keeps its complete old index.
  ``flask index rebuild`` does this for an app's folder (``SEARCH_INDEX_DIR``).
- Every flush that inserts, changes or deletes an activity (or its slots, sessions,
  cancellations, themes, target groups, languages, place, area or organiser) writes the
  activity's id into the ``search_change`` table in the same transaction
  (``tarjotin.search.changes``). ``SearchIndex.catch_up`` applies the rows its index has
  not applied; a daemon thread per process does that every ``SEARCH_CATCH_UP_INTERVAL``
  seconds, and a search does it first when no other process is writing (never waiting).
- ``SearchIndex.search(SearchRequest(…), session=…)`` answers one page: the ranked ids,
  their highlighted snippets (escaped HTML with ``<mark>``), the total, the facet counts,
  "did you mean" and whether only some of the words could be matched. It raises
  ``SearchUnavailable`` when the index is missing or broken, and logs why once;
  ``tarjotin.catalogue.browse.browse(…, search=index)`` then searches the database.
- ``record_zero_result`` and ``top_zero_result_queries`` count the searches that found
  nothing, per normalised text, language and day, and list the most frequent.

For a benchmark or a comparison of analyzers::

    from tarjotin import search
    report = search.build_index(session, folder, today=today, finnish="snowball", procs=2)
    index = search.SearchIndex(folder, stale_after_days=183)
    hits = index.search(search.SearchRequest(text="kurssi", locale="fi", today=today))
    result = browse.browse(session, filters, today=today, locale="fi", search=index)

``finnish`` is ``"auto"`` (Voikko when the library and its dictionary are installed, else
Snowball), ``"voikko"``, ``"snowball"`` or any Whoosh analyzer importable by its module path
(the schema is pickled into the index). One SearchIndex serves one process; its searches
are serialised (Whoosh's readers are not thread-safe), processes search side by side.
"""

from tarjotin.search.analysis import voikko_available
from tarjotin.search.index import (
    BuildReport,
    SearchIndex,
    SearchUnavailable,
    build_index,
)
from tarjotin.search.misses import record_zero_result, top_zero_result_queries
from tarjotin.search.query import Criteria, SearchHits, SearchRequest, Snippet

__all__ = [
    "BuildReport",
    "Criteria",
    "SearchHits",
    "SearchIndex",
    "SearchRequest",
    "SearchUnavailable",
    "Snippet",
    "build_index",
    "index_for",
    "init_app",
    "record_zero_result",
    "top_zero_result_queries",
    "voikko_available",
]

EXTENSION = "tarjotin.search"


def init_app(app):
    """Give ``app`` its search index and record every change of an activity for it."""
    import uuid
    from pathlib import Path

    from tarjotin.search import changes

    folder = app.config.get("SEARCH_INDEX_DIR")
    if not folder and app.config.get("SEARCH_INDEX_PER_APP"):
        folder = Path(app.instance_path) / f"search-index-{uuid.uuid4().hex}"
    app.extensions[EXTENSION] = SearchIndex(
        folder or Path(app.instance_path) / "search-index",
        stale_after_days=app.config["STALE_AFTER_DAYS"],
        catch_up_interval=app.config.get("SEARCH_CATCH_UP_INTERVAL", 0),
        app=app,
    )
    changes.listen()


def index_for(app):
    """Return the SearchIndex of ``app`` (one per app and process)."""
    return app.extensions[EXTENSION]
