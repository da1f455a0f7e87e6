"""Calendars, feeds and linked data for activities and filtered lists.

The list's files read the list's own filters (``BrowseForm``) and answer a bad address as
the list does, with the translated 400 page.
"""

import json
from datetime import UTC, datetime
from urllib.parse import urlencode

from flask import abort, current_app, url_for
from flask_babel import gettext as _

from tarjotin.catalogue import activities as activity_queries
from tarjotin.extensions import db
from tarjotin.i18n import current_language, loc
from tarjotin.opendata import atom, calendar, linked_data
from tarjotin.public.activities import browse_from_address
from tarjotin.public.forms import filter_args
from tarjotin.public.views import bp
from tarjotin.timeutil import region_today

# The most activities one list file holds; more than a person follows, and the list's
# order (by name) decides which come when more match.
MAX_LISTED = 1000


@bp.get("/activities/<int:activity_id>.ics")
def activity_calendar(activity_id):
    found = _public_activity_or_404(activity_id)
    body = calendar.calendar_of(
        [found],
        locale=current_language(),
        today=region_today(),
        now=datetime.now(UTC),
        page_url=_page_url,
        name=str(loc(found, "name")),
    )
    return _file(body, "text/calendar", f"activity-{found.id}.ics")


@bp.get("/activities/<int:activity_id>.jsonld")
def activity_linked_data(activity_id):
    found = _public_activity_or_404(activity_id)
    data = linked_data.linked_data_of(
        found, locale=current_language(), today=region_today(), page_url=_page_url(found)
    )
    return _file(json.dumps(data, ensure_ascii=False, indent=2), "application/ld+json")


@bp.get("/activities.ics")
def activities_calendar():
    found, _args = _matching_activities()
    body = calendar.calendar_of(
        calendar.with_schedules(db.session, found),
        locale=current_language(),
        today=region_today(),
        now=datetime.now(UTC),
        page_url=_page_url,
        name=_("Activities on the service tray"),
    )
    return _file(body, "text/calendar", "activities.ics")


@bp.get("/activities.atom")
def activities_feed():
    found, args = _matching_activities()
    body = atom.feed_of(
        atom.newest(found),
        locale=current_language(),
        key=urlencode(args, doseq=True),
        title=_("New activities on the service tray"),
        author=_("Service tray"),
        self_url=url_for("public.activities_feed", **args, _external=True),
        alternate_url=url_for("public.activities", **args, _external=True),
        page_url=_page_url,
        now=datetime.now(UTC),
    )
    return _file(body, "application/atom+xml")


def _public_activity_or_404(activity_id):
    found = activity_queries.get_public_activity(db.session, activity_id, region_today())
    if found is None:
        abort(404)
    return found


def _matching_activities():
    """Return the public activities the list's address chooses, and its filters.

    :raise 400: the address has a filter that is malformed or names nothing.
    """
    result = browse_from_address(MAX_LISTED, paged=False)
    return list(result.items), filter_args(result.filters)


def _page_url(activity):
    return url_for("public.activity", activity_id=activity.id, _external=True)


def _file(body, mimetype, filename=None):
    response = current_app.response_class(body, mimetype=mimetype)
    if filename:
        response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
