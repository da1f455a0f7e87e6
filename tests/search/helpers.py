"""Helpers for search tests: searching the index the way the activity list does."""

from tarjotin import search
from tarjotin.extensions import db
from tarjotin.timeutil import region_today

# The index drops what has ended by the real date, so the tests search on it too.
TODAY = region_today()


def find(index, text, locale="fi", *, page=1, per_page=20, **criteria):
    """Search ``index`` for ``text`` on TODAY after catching up; return the SearchHits."""
    request = search.SearchRequest(
        text, locale, TODAY, search.Criteria(**criteria), page=page, per_page=per_page
    )
    return index.search(request, session=db.session)


def build_index(app):
    """Commit, build ``app``'s search index from the database and return it."""
    db.session.commit()
    index = search.index_for(app)
    index.rebuild(db.session, today=region_today())
    return index


def indexed_app(url):
    """Return a new app on the database at ``url`` with its search index built."""
    from tests.conftest import make_app

    app = make_app(url)
    with app.app_context():
        build_index(app)
        db.session.remove()
    return app
