"""The page of one activity, and the date, time and contact helpers its template uses."""

import re

from babel.lists import format_list
from flask import abort, render_template
from flask_babel import format_date, format_time, get_locale

from tarjotin.catalogue import activities as activity_queries
from tarjotin.extensions import db
from tarjotin.public.views import bp
from tarjotin.timeutil import region_today


@bp.get("/activities/<int:activity_id>")
def activity(activity_id):
    today = region_today()
    found = activity_queries.get_public_activity(db.session, activity_id, today)
    if found is None:
        abort(404)
    timetable = activity_queries.timetable_of(found, today)
    return render_template("public/activity.html", activity=found, timetable=timetable)


@bp.app_template_global()
def format_day(day):
    """Return ``day`` short with its weekday in the page's language: "ti 1.12.", "Tue, Dec 1"."""
    return format_date(day, get_locale().datetime_skeletons["MMMEd"].pattern)


@bp.app_template_global()
def format_clock(moment):
    """Return a time of day on the 24-hour clock of the page's language: "10.00", "10:00"."""
    # A time of day has no zone to convert; rebasing would need a datetime.
    return format_time(moment, get_locale().datetime_skeletons["Hm"].pattern, rebase=False)


@bp.app_template_global()
def weekday_name(weekday):
    """Return the name of ``weekday`` (0 is Monday) as it stands alone: "tiistai", "Tuesday"."""
    return get_locale().days["stand-alone"]["wide"][weekday]


@bp.app_template_global()
def weekday_list(weekdays):
    """Return the names of ``weekdays`` as a list in words: "Monday and Wednesday"."""
    return format_list([weekday_name(day) for day in weekdays], locale=get_locale())


@bp.app_template_filter()
def tel_uri(phone):
    """Return a tel: address for a phone number as people write it ("040 123 4567")."""
    return "tel:" + re.sub(r"[^0-9+]", "", phone or "")


@bp.app_template_filter()
def web_address(url):
    """Return ``url`` when it is an http(s) address safe to link to, else None."""
    url = (url or "").strip()
    return url if re.match(r"https?://[^\s/]", url, re.IGNORECASE) else None
