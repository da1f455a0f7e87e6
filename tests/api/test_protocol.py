"""What every API answer shares: JSON errors, content negotiation, CORS, ETag and 304."""

from datetime import UTC, datetime, timedelta

import pytest
from werkzeug.http import http_date

from tarjotin.extensions import db
from tarjotin.security import HEADERS as SECURITY_HEADERS
from tests.api.conftest import API, TODAY, error_of
from tests.conftest import make_app
from tests.factories import make_activity, make_step

# --- Errors are JSON, whatever went wrong --------------------------------------------------


@pytest.mark.parametrize("path", ["/nothing-here", "/activities/", "/steps/1"])
def test_an_unknown_address_under_the_api_is_a_json_404(api, path):
    response = api.get(path)

    assert response.status_code == 404
    assert error_of(response)["code"] == "not_found"
    assert response.headers["Access-Control-Allow-Origin"] == "*"


def test_an_unknown_api_version_is_a_json_404_and_the_site_keeps_its_html_404(client):
    assert client.get("/api/v2/activities").mimetype == "application/json"
    site = client.get("/fi/no-such-page")
    assert site.status_code == 404
    assert site.mimetype == "text/html"


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
def test_other_methods_than_reading_are_a_json_405_with_allow(api, method):
    response = api.request(method, "/steps")

    assert response.status_code == 405
    assert error_of(response)["code"] == "method_not_allowed"
    assert set(response.headers["Allow"].split(", ")) == {"GET", "HEAD", "OPTIONS"}


def test_a_post_is_a_405_even_with_csrf_protection_on(backend):
    app = make_app(backend.empty_url, WTF_CSRF_ENABLED=True)
    with app.app_context():
        response = app.test_client().post(f"{API}/activities")
        db.engine.dispose()

    assert response.status_code == 405
    assert response.get_json()["error"]["status"] == 405


def test_an_unexpected_failure_is_a_json_500_that_hides_the_details(app, client, monkeypatch):
    def fail(*_args, **_kwargs):
        raise RuntimeError("the database said something private")

    monkeypatch.setattr("tarjotin.api.views.schemas.step", fail)
    app.config["PROPAGATE_TEST_ERRORS"] = False
    make_step(1)
    db.session.commit()

    response = client.get(f"{API}/steps")

    assert response.status_code == 500
    assert error_of(response)["code"] == "internal_server_error"
    assert "private" not in response.text
    assert response.headers["Access-Control-Allow-Origin"] == "*"


def test_an_html_page_still_fails_with_an_html_500(app, client, monkeypatch):
    def fail(*_args, **_kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("tarjotin.public.views.step_queries.steps_with_counts", fail)
    app.config["PROPAGATE_TEST_ERRORS"] = False

    response = client.get("/fi/steps")

    assert response.status_code == 500
    assert response.mimetype == "text/html"


# --- JSON only -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "accept", [None, "*/*", "application/json", "application/*", "text/html, */*;q=0.1"]
)
def test_clients_that_take_json_get_it(api, accept):
    headers = {"Accept": accept} if accept else {}

    response = api.get("/steps", headers=headers)

    assert response.status_code == 200
    assert response.mimetype == "application/json"


@pytest.mark.parametrize("accept", ["text/html", "application/xml", "application/json;q=0"])
def test_clients_that_refuse_json_get_a_json_406(api, accept):
    response = api.get("/activities?page=abc", headers={"Accept": accept})

    assert response.status_code == 406
    assert error_of(response)["code"] == "not_acceptable"


# --- CORS and the site's security headers --------------------------------------------------


def test_any_origin_may_read_answers_without_credentials(api):
    response = api.get("/steps", headers={"Origin": "https://example.org"})

    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response.headers["Access-Control-Expose-Headers"]
    assert "Access-Control-Allow-Credentials" not in response.headers
    for name, value in SECURITY_HEADERS.items():
        assert response.headers[name] == value


def test_a_preflight_allows_reading_with_any_request_header(api):
    response = api.request(
        "OPTIONS",
        "/activities",
        headers={
            "Origin": "https://example.org",
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "if-none-match",
        },
    )

    assert response.status_code == 204
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert response.headers["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    assert response.headers["Access-Control-Allow-Headers"] == "*"
    assert response.headers["Allow"] == "GET, HEAD, OPTIONS"
    assert response.data == b""


def test_the_site_itself_allows_no_other_origin(client):
    assert "Access-Control-Allow-Origin" not in client.get("/fi/").headers


# --- Validators and 304 --------------------------------------------------------------------


def test_an_unchanged_answer_keeps_its_etag_and_is_not_sent_again(api, today):
    make_activity()
    first = api.get("/activities")
    etag = first.headers["ETag"]

    again = api.get("/activities")
    not_modified = api.get("/activities", headers={"If-None-Match": etag})
    weak = api.get("/activities", headers={"If-None-Match": f"W/{etag}"})
    any_copy = api.get("/activities", headers={"If-None-Match": "*"})

    assert again.headers["ETag"] == etag
    assert not_modified.status_code == weak.status_code == any_copy.status_code == 304
    assert not_modified.data == b""
    assert not_modified.headers["ETag"] == etag
    assert not_modified.headers["Access-Control-Allow-Origin"] == "*"


def test_a_changed_answer_gets_a_new_etag(api, today):
    activity = make_activity(name_fi="Vanha nimi")
    etag = api.get(f"/activities/{activity.id}").headers["ETag"]

    activity.name_fi = "Uusi nimi"
    response = api.get(f"/activities/{activity.id}", headers={"If-None-Match": etag})

    assert response.status_code == 200
    assert response.headers["ETag"] != etag


def test_last_modified_is_when_the_activity_changed_or_today_began(api, today):
    changed = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)
    activity = make_activity(updated_at=changed.replace(tzinfo=None))
    activity.organization.updated_at = datetime(2026, 1, 1)
    old = make_activity(updated_at=datetime(2026, 1, 1))
    old.organization.updated_at = datetime(2026, 1, 1)

    recent = api.get(f"/activities/{activity.id}")
    older = api.get(f"/activities/{old.id}")

    assert recent.headers["Last-Modified"] == http_date(changed)
    # Midnight in Helsinki (UTC+2 in December) begins the day the answer was made for.
    assert older.headers["Last-Modified"] == "Mon, 30 Nov 2026 22:00:00 GMT"


def test_if_modified_since_gives_304_only_when_nothing_changed_since(api, today):
    activity = make_activity(updated_at=datetime(2026, 12, 1, 9, 30))
    path = f"/activities/{activity.id}"

    later = api.get(path, headers={"If-Modified-Since": "Tue, 01 Dec 2026 10:00:00 GMT"})
    earlier = api.get(path, headers={"If-Modified-Since": "Tue, 01 Dec 2026 09:00:00 GMT"})
    # If-None-Match decides alone when both are given.
    other_etag = api.get(
        path,
        headers={"If-Modified-Since": "Tue, 01 Dec 2026 10:00:00 GMT", "If-None-Match": '"x"'},
    )

    assert later.status_code == 304
    assert earlier.status_code == 200
    assert other_etag.status_code == 200


def test_the_lists_change_with_the_whole_tray(api, today):
    kept = make_activity(updated_at=datetime(2026, 11, 1))
    etag = api.get("/activities").headers["ETag"]
    last_modified = api.get("/activities").headers["Last-Modified"]

    kept.status = "archived"
    kept.updated_at = datetime(2026, 12, 1, 8, 0)
    response = api.get(
        "/activities", headers={"If-None-Match": etag, "If-Modified-Since": last_modified}
    )

    assert response.status_code == 200
    assert response.get_json()["data"] == []
    assert response.headers["Last-Modified"] == "Tue, 01 Dec 2026 08:00:00 GMT"


def test_vocabularies_have_an_etag_and_no_last_modified(api):
    response = api.get("/themes")

    assert response.headers["ETag"]
    assert "Last-Modified" not in response.headers
    assert response.headers["Cache-Control"] == "public, max-age=60"


def test_head_answers_the_headers_of_get(api, today):
    make_activity()
    get = api.get("/activities")

    head = api.request("HEAD", "/activities")

    assert head.status_code == 200
    assert head.data == b""
    assert head.headers["ETag"] == get.headers["ETag"]


def test_a_new_day_is_a_new_last_modified(api, monkeypatch):
    make_activity(updated_at=datetime(2026, 1, 1))
    monkeypatch.setattr("tarjotin.api.views.region_today", lambda: TODAY)
    today = api.get("/activities").headers["Last-Modified"]
    monkeypatch.setattr("tarjotin.api.views.region_today", lambda: TODAY + timedelta(days=1))

    tomorrow = api.get("/activities", headers={"If-Modified-Since": today})

    assert tomorrow.status_code == 200
    assert tomorrow.headers["Last-Modified"] == "Tue, 01 Dec 2026 22:00:00 GMT"
