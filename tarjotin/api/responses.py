"""The API's answers: one envelope, validators for caches, and CORS for reading from anywhere.

A list is ``{"data": [...], "meta": {...}, "links": {...}}``, one item ``{"data": {...}}``.
Every answer carries a strong ETag (a hash of its body), so If-None-Match gives 304 whatever
changed; Last-Modified is given where the tray's timestamps can vouch for it.
"""

import hashlib
from datetime import UTC, datetime, time

from flask import current_app, request, url_for

from tarjotin.timeutil import REGION_TZ

# Short enough that an edit shows within a minute; caches revalidate with the ETag after it.
MAX_AGE_SECONDS = 60
CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    # Last-Modified is readable by scripts anyway; the ETag has to be named.
    "Access-Control-Expose-Headers": "ETag",
}
PREFLIGHT_HEADERS = {
    "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
    # Any request header: nothing is sent with credentials, which "*" would not cover.
    "Access-Control-Allow-Headers": "*",
    "Access-Control-Max-Age": "86400",
}


def data(payload, last_modified=None):
    """Answer ``{"data": payload}``: one item, or a short list given whole (a vocabulary)."""
    return answer({"data": payload}, last_modified)


def page(items, pagination, endpoint, args, meta=None, last_modified=None):
    """Answer one page of a list, with its place in the list and links to its neighbours.

    ``args`` are the query parameters that made the list, without ``page``.
    """

    def link(number):
        return url_for(endpoint, **args, **({"page": number} if number > 1 else {}), _external=True)

    body = {
        "data": items,
        "meta": {
            "total": pagination.total,
            "page": pagination.page,
            "per_page": pagination.per_page,
            "pages": pagination.pages,
            **(meta or {}),
        },
        "links": {
            "self": link(pagination.page),
            "first": link(1),
            "prev": link(pagination.page - 1) if pagination.has_previous else None,
            "next": link(pagination.page + 1) if pagination.has_next else None,
            "last": link(pagination.pages),
        },
    }
    return answer(body, last_modified)


def json_response(body, status=200):
    """Return ``body`` as JSON in UTF-8, letters as they are (Flask's default escapes "ä")."""
    text = current_app.json.dumps(body, ensure_ascii=False, separators=(",", ":"), sort_keys=False)
    return current_app.response_class(text, status=status, mimetype="application/json")


def answer(body, last_modified=None):
    """Return ``body`` as JSON with its validators; 304 when the client's copy is current."""
    response = json_response(body)
    response.set_etag(hashlib.sha256(response.get_data()).hexdigest()[:32])
    if last_modified is not None:
        response.last_modified = last_modified
    response.cache_control.public = True
    response.cache_control.max_age = MAX_AGE_SECONDS
    if _client_copy_is_current(response):
        # Werkzeug sends no body and no content headers with a 304.
        response.status_code = 304
    return response


def _client_copy_is_current(response):
    # RFC 9110 13.2.2: If-None-Match, when given, decides alone, by weak comparison.
    etag, _weak = response.get_etag()
    if request.if_none_match:
        return request.if_none_match.contains_weak(etag)
    since = request.if_modified_since
    return (
        since is not None and response.last_modified is not None and response.last_modified <= since
    )


def changed_since_midnight(*moments, today):
    """Return the latest of ``moments`` (naive UTC) and the start of ``today`` in the region.

    What is public, and when an activity next runs, can change at midnight with no row
    changing, so no answer is older than the day it was made for.
    """
    midnight = datetime.combine(today, time(0), REGION_TZ).astimezone(UTC)
    return max([midnight, *(moment.replace(tzinfo=UTC) for moment in moments if moment)])


def preflight(methods):
    """Answer a CORS preflight (or any OPTIONS request) for a resource that allows ``methods``."""
    response = current_app.response_class(status=204)
    response.headers["Allow"] = ", ".join(sorted(methods))
    response.headers.update(PREFLIGHT_HEADERS)
    return response


def add_cors_headers(response):
    """Let pages on any origin read the answer; the API is public and uses no cookies."""
    response.headers.update(CORS_HEADERS)
    return response
