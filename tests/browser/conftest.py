"""Browser fixtures: the demo region served on a free port, one Chromium, a page per test.

The suite runs on SQLite only (a browser run on each database engine would only test the
engine twice through a slower door), in one Chromium for the whole session.
"""

import logging
import os
import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from werkzeug.serving import make_server

from tests.browser.pages import (
    ACTIVITY_PATH,
    FIXED_PAGES,
    ORGANISATION_PATH,
    SitePage,
    as_pattern,
    first_link,
)
from tests.conftest import Backend, make_app

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_MISSING = "Chromium is missing: the test command installs Debian's chromium package"
CHROMIUM_ARGS = [
    "--no-sandbox",  # the tests run as root
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
]
HERE = Path(__file__).resolve().parent

# Records what a page's Content Security Policy refused, whatever the console says.
RECORD_CSP_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(
    `Content Security Policy violation: ${event.violatedDirective} blocked ${event.blockedURI}`
  );
});
"""


def pytest_collection_modifyitems(items):
    """Mark every test in this folder as a browser test."""
    for item in items:
        if HERE in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.browser)


@dataclass
class LiveServer:
    """The app answering over HTTP on 127.0.0.1."""

    app: object
    url: str

    @property
    def origin(self):
        return self.url


@dataclass
class PageLog:
    """What one test's pages did: every request URL, console message and page error."""

    requests: list = field(default_factory=list)
    console: list = field(default_factory=list)
    errors: list = field(default_factory=list)

    def foreign_requests(self, origin):
        """Return the requests that went anywhere but ``origin``."""
        return [url for url in self.requests if _origin(url) != origin]


def _origin(url):
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


@pytest.fixture(scope="session")
def chromium():
    """The path of Debian's Chromium; fails under CI and skips elsewhere when it is missing."""
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(CHROMIUM_MISSING, pytrace=False)
        pytest.skip(CHROMIUM_MISSING)
    return CHROMIUM


@pytest.fixture(autouse=True)
def _require_chromium(chromium):
    """Check for Chromium before any other fixture builds a database or starts a server."""


@pytest.fixture(scope="session")
def demo_database_url(test_folder):
    """A SQLite database seeded with the demo region, for the browser tests only."""
    folder = test_folder / "browser"
    folder.mkdir(exist_ok=True)
    return Backend("sqlite", folder).demo_url


@pytest.fixture(scope="session")
def live_server(demo_database_url):
    """The app on the demo region, served by werkzeug in a daemon thread on a free port."""
    app = make_app(demo_database_url, PROPAGATE_TEST_ERRORS=False)
    _build_search_index(app)
    requests_log = logging.getLogger("werkzeug")
    level = requests_log.level
    requests_log.setLevel(logging.WARNING)  # one line per request drowns a failure's output
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    yield LiveServer(app, f"http://127.0.0.1:{server.server_port}")
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)
    requests_log.setLevel(level)
    with app.app_context():
        from tarjotin.extensions import db

        db.engine.dispose()


def _build_search_index(app):
    """Give the live server a search index, as scripts/run does."""
    from tarjotin import search
    from tarjotin.extensions import db
    from tarjotin.timeutil import region_today

    with app.app_context():
        search.index_for(app).rebuild(db.session, today=region_today())
        db.session.remove()


@pytest.fixture(scope="session")
def browser(chromium):
    """One headless Chromium for the whole session."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(chromium), args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


@pytest.fixture
def page_log():
    """Everything the pages of this test requested or said on the console."""
    return PageLog()


@pytest.fixture
def new_page(browser, live_server, page_log):
    """Return a function that opens a page in a fresh context, recording into ``page_log``."""
    contexts = []

    def open_page(**options):
        context = browser.new_context(base_url=live_server.url, **options)
        contexts.append(context)
        context.set_default_timeout(10_000)
        context.add_init_script(RECORD_CSP_VIOLATIONS)
        context.on("request", lambda request: page_log.requests.append(request.url))
        page = context.new_page()
        page.on("console", lambda message: page_log.console.append(message.text))
        page.on("pageerror", lambda error: page_log.errors.append(str(error)))
        return page

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    """A page in a fresh browser context, under the site's real Content Security Policy."""
    return new_page()


@pytest.fixture(scope="session")
def site_pages(browser, live_server):
    """Every page type by name; the found ones are None when the site has no such page."""
    context = browser.new_context(base_url=live_server.url)
    try:
        page = context.new_page()
        activity = first_link(page, "/fi/activities", ACTIVITY_PATH)
        organisation = first_link(page, "/fi/organisations", ORGANISATION_PATH)
    finally:
        context.close()
    return {
        **FIXED_PAGES,
        "activity": activity and SitePage("activity", as_pattern(activity)),
        "organisation": organisation and SitePage("organisation", as_pattern(organisation)),
        "activity-fallback": _fallback_activity(live_server.app),
    }


def _fallback_activity(app):
    """Return the page of a public activity with a text missing in Swedish or English."""
    from sqlalchemy import or_, select

    from tarjotin.catalogue.visibility import public_clause
    from tarjotin.extensions import db
    from tarjotin.models import Activity
    from tarjotin.timeutil import region_today

    with app.app_context():
        for lang in ("sv", "en"):
            columns = [getattr(Activity, f"{name}_{lang}") for name in ("name", "summary")]
            activity_id = db.session.scalar(
                select(Activity.id)
                .where(
                    public_clause(region_today()),
                    or_(*(column.is_(None) | (column == "") for column in columns)),
                )
                .order_by(Activity.id)
                .limit(1)
            )
            if activity_id is not None:
                return SitePage(
                    "activity-fallback", f"/{{lang}}/activities/{activity_id}", fallback_in=lang
                )
    return None


@pytest.fixture
def site_page(request, site_pages):
    """The page type named by the test's parameter (use ``indirect=True``)."""
    found = site_pages[request.param]
    if found is None and request.param == "activity-fallback":
        pytest.skip("the demo region has no activity with a text missing in sv or en")
    if found is None:
        pytest.fail(f"found no link to an {request.param} page on the site", pytrace=False)
    return found
