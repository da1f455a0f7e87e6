"""Search fixtures: an app's index built before a test adds its activities."""

import pytest

from tarjotin.search.analysis import forget_voikko
from tests.search.helpers import build_index


@pytest.fixture
def index(app):
    """The app's search index, built on the (empty) database; changes are caught up into it."""
    index = build_index(app)
    yield index
    index.close()


@pytest.fixture
def without_voikko(monkeypatch):
    """Make Voikko look missing, as on a machine without libvoikko or its dictionary."""

    def missing():
        raise OSError("libvoikko.so.1: cannot open shared object file")

    monkeypatch.setattr("tarjotin.search.analysis._open_voikko", missing)
    forget_voikko()
    yield
    forget_voikko()
