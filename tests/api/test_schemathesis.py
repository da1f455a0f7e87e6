"""Schemathesis generates requests from the served OpenAPI document; none may fail a check.

Every default check runs (no server error, documented status, content type and headers,
response schema, negative data rejected, positive data accepted, 405 with Allow …) on the
demo region, in process through WSGI: the coverage phase's boundary cases and, per
operation, at most 25 generated examples of each kind.
"""

import pytest
import schemathesis
from hypothesis import settings

from tarjotin import search
from tarjotin.extensions import db
from tarjotin.timeutil import region_today
from tests.conftest import make_app

schema = schemathesis.pytest.from_fixture("api_schema")


@pytest.fixture
def searchable_demo_app(backend):
    """An app on the demo region with a search index of its own, so that q is fuzzed too.

    The demo database is only read; the index lives in this app's own folder.
    """
    app = make_app(backend.demo_url)
    with app.app_context():
        index = search.index_for(app)
        search.build_index(db.session, index.folder, today=region_today(), finnish="snowball")
        yield app
        index.close()
        db.session.rollback()
        db.engine.dispose()


@pytest.fixture
def api_schema(searchable_demo_app, request):
    # schemathesis 4.32.5's from_fixture reads Node._nodeid, which pytest 9 renamed to _id;
    # without it the lazy schema fails before its first case.
    request.node._nodeid = request.node.nodeid
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", searchable_demo_app)


@schema.parametrize()
@settings(max_examples=25, deadline=None)
def test_every_generated_request_gets_a_documented_answer(case):
    case.call_and_validate()
