"""iCalendar files (RFC 5545) of activities: one activity, a plan's choice, a filtered list.

Every time is local to the region: events carry TZID=Europe/Helsinki and the file its
VTIMEZONE, so that an 18:00 group stays at 18:00 on both sides of a change of clocks. A
weekly slot is one event with an RRULE (EXDATE for its cancelled dates), a dated session one
event of its own. The times agree with ``tarjotin.catalogue.schedules.occurrences``, whose
rules (validity, cancellations, the weeks of a biweekly slot) this module reuses rather than
restates.
"""

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta

from icalendar import Calendar, Event, Timezone
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from tarjotin.catalogue.schedules import (
    Occurrence,
    OneOff,
    Slot,
    next_occurrences,
    occurrences,
    schedule_of,
)
from tarjotin.models import Activity, localized
from tarjotin.timeutil import REGION_TZ

PRODID = "-//tarjotin//Service tray//EN"
ICAL_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
# How often a subscribed calendar should be fetched again (RFC 7986 REFRESH-INTERVAL).
REFRESH_INTERVAL = timedelta(hours=12)
# The VTIMEZONE lists the region's changes of clocks this far past the last date an event
# needs, and at least this far ahead for series that run until further notice.
TIMEZONE_YEARS = 10


@dataclass(frozen=True)
class WeeklySeries:
    """One weekly slot from its first coming time on: what RRULE and EXDATE say."""

    key: int | None  # the WeeklySlot's id, for a stable UID
    slot: Slot
    first: date  # the first time it runs on or after the day asked for
    until: date | None  # the activity's valid_until
    skipped: tuple[date, ...]  # cancelled dates after ``first`` on which it would have run


@dataclass(frozen=True)
class DatedSession:
    """A dated session that still runs and is not one of the weekly times."""

    key: int | None  # the Session's id, for a stable UID
    session: OneOff


def weekly_series(activity, since: date) -> tuple[WeeklySeries, ...]:
    """Return each distinct weekly slot of ``activity`` that runs on or after ``since``."""
    schedule = schedule_of(activity)
    start = max(since, schedule.valid_from) if schedule.valid_from else since
    found = []
    seen = set()
    for model in sorted(activity.weekly_slots, key=_by_id):
        slot = Slot(model.weekday, model.start_time, model.end_time, model.interval or 1)
        if slot in seen:
            continue
        seen.add(slot)
        alone = replace(schedule, slots=(slot,), sessions=())
        # Every cancelled date puts the first time off by one stride at most.
        stride = 7 * slot.interval
        upcoming = next_occurrences(
            alone, start, limit=1, horizon_days=stride * (len(schedule.cancelled) + 1)
        )
        if not upcoming:
            continue
        first = upcoming[0].date
        uncancelled = replace(alone, cancelled=frozenset())
        skipped = tuple(
            sorted(
                day
                for day in schedule.cancelled
                if day > first and occurrences(uncancelled, day, day)
            )
        )
        found.append(WeeklySeries(model.id, slot, first, schedule.valid_until, skipped))
    return tuple(found)


def dated_sessions(activity, since: date) -> tuple[DatedSession, ...]:
    """Return the dated sessions of ``activity`` that run on or after ``since``.

    A session at the very time of a weekly slot is left out: the series already has it.
    """
    schedule = schedule_of(activity)
    weekly = replace(schedule, sessions=())
    found = []
    seen = set()
    for model in sorted(activity.sessions, key=_by_id):
        session = OneOff(model.date, model.start_time, model.end_time)
        if session in seen or session.date < since:
            continue
        seen.add(session)
        runs = occurrences(replace(schedule, slots=(), sessions=(session,)), since, session.date)
        same = Occurrence(session.date, session.start, session.end)
        if runs and same not in occurrences(weekly, session.date, session.date):
            found.append(DatedSession(model.id, session))
    return tuple(sorted(found, key=lambda found: (found.session.date, found.session.start)))


def with_schedules(session, activities):
    """Load the slots, sessions and cancellations of ``activities`` in three statements."""
    ids = [activity.id for activity in activities]
    if ids:
        session.scalars(
            select(Activity)
            .where(Activity.id.in_(ids))
            .options(
                selectinload(Activity.weekly_slots),
                selectinload(Activity.sessions),
                selectinload(Activity.cancellations),
            )
        ).all()
    return activities


def calendar_of(activities, *, locale, today, now, page_url, name) -> bytes:
    """Return an iCalendar file with the times of ``activities`` from ``today`` on.

    ``page_url(activity)`` gives the address of an activity's page, ``name`` names the
    calendar; texts are in ``locale`` with Finnish where a translation is missing.
    """
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.calendar_name = name  # NAME and X-WR-CALNAME
    calendar.add("x-wr-timezone", REGION_TZ.key)
    calendar.refresh_interval = REFRESH_INTERVAL
    last = date(today.year + TIMEZONE_YEARS, 12, 31)
    events = []
    for activity in activities:
        details = _details(activity, locale, page_url(activity), now)
        for series in weekly_series(activity, today):
            events.append(_weekly_event(activity, series, details))
            last = max(last, series.until or last)
        for dated in dated_sessions(activity, today):
            events.append(_dated_event(activity, dated, details))
            last = max(last, dated.session.date)
    # Always there, so that even a calendar without times has the component RFC 5545 needs.
    calendar.add_component(Timezone.from_tzid(REGION_TZ.key, first_date=today, last_date=last))
    for event in events:
        calendar.add_component(event)
    return calendar.to_ical()


def local_times(day, start, end):
    """Return the start and end of a time on ``day``; an end before the start is next day."""
    ends_on = day + timedelta(days=1) if end < start else day
    return _local(day, start), _local(ends_on, end)


def as_utc(moment):
    """Return ``moment`` in UTC; a naive datetime is UTC already, as the database keeps it."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def address_line(location):
    """Return a place and its address on one line: "Olohuone, Kauppapuistikko 1, 65100 Vaasa"."""
    town = " ".join(part for part in (location.postal_code, location.post_office) if part)
    return ", ".join(part for part in (location.name, location.street_address, town) if part)


def _by_id(model):
    return (model.id is None, model.id or 0)


def _local(day, moment):
    return datetime.combine(day, moment, tzinfo=REGION_TZ)


def _details(activity, locale, url, now):
    """The properties every event of ``activity`` shares, as (name, value, parameters)."""
    name = localized(activity, "name", locale)
    texts = [
        text
        for text in (
            localized(activity, "summary", locale),
            localized(activity, "description", locale),
        )
        if text
    ]
    description = "\n\n".join([*(str(text) for text in texts), url])
    details = [
        ("summary", str(name), {"LANGUAGE": name.lang}),
        ("description", description, _language_of(texts)),
        ("url", url, {}),
        ("dtstamp", as_utc(now), {}),
        ("last-modified", as_utc(activity.updated_at or now), {}),
    ]
    location = activity.location
    if location is not None:
        details.append(("location", address_line(location), {}))
        if location.latitude is not None and location.longitude is not None:
            details.append(("geo", (location.latitude, location.longitude), {}))
    return details


def _language_of(texts):
    languages = {text.lang for text in texts}
    return {"LANGUAGE": languages.pop()} if len(languages) == 1 else {}


def _event(uid, start, end, details):
    event = Event()
    event.add("uid", uid)
    event.add("dtstart", start)
    event.add("dtend", end)
    for name, value, parameters in details:
        event.add(name, value, parameters=parameters or None)
    return event


def _weekly_event(activity, series, details):
    slot = series.slot
    start, end = local_times(series.first, slot.start, slot.end)
    event = _event(f"{activity.uid}-slot-{series.key}", start, end, details)
    rule = {"freq": "weekly", "interval": slot.interval, "byday": ICAL_WEEKDAYS[slot.weekday]}
    if series.until is not None:
        # With a TZID on DTSTART, RFC 5545 wants UNTIL in UTC: the last start that may be.
        rule["until"] = _local(series.until, slot.start).astimezone(UTC)
    rule["wkst"] = "MO"
    event.add("rrule", rule)
    if series.skipped:
        event.add("exdate", [_local(day, slot.start) for day in series.skipped])
    return event


def _dated_event(activity, dated, details):
    session = dated.session
    start, end = local_times(session.date, session.start, session.end)
    return _event(f"{activity.uid}-session-{dated.key}", start, end, details)
