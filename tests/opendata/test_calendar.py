"""iCalendar files: one activity, a filtered list; their times agree with the schedule's."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from dateutil.rrule import rrulestr
from icalendar import Calendar
from sqlalchemy import select

from tarjotin.catalogue.schedules import Occurrence, occurrences, schedule_of
from tarjotin.catalogue.visibility import public_clause
from tarjotin.extensions import db
from tarjotin.models import Activity, Cancellation, Session
from tarjotin.opendata.calendar import calendar_of
from tarjotin.timeutil import region_today
from tests.factories import make_activity, make_location, make_step
from tests.webpage import count_statements, find, get_page, parse

TODAY = date(2026, 12, 1)  # a Tuesday
NOW = datetime(2026, 12, 1, 8, 30, tzinfo=UTC)
HELSINKI = ZoneInfo("Europe/Helsinki")
WINDOW_END = TODAY + timedelta(days=500)
LANGUAGES = ("fi", "sv", "en")


@pytest.fixture
def today(monkeypatch):
    """Fix the region's today for the public views to a known Tuesday."""
    for module in ("feeds", "activity", "activities"):
        monkeypatch.setattr(f"tarjotin.public.{module}.region_today", lambda: TODAY)
    return TODAY


def scheduled(slots=(), sessions=(), cancelled=(), **values):
    """Return a public activity with weekly ``slots`` (weekday, start, end, interval),
    dated ``sessions`` (date, start, end) and ``cancelled`` dates."""
    activity = make_activity(slots=[slot[:3] for slot in slots], **values)
    for model, slot in zip(activity.weekly_slots, slots, strict=True):
        model.interval = slot[3]
    activity.sessions = [Session(date=day, start_time=s, end_time=e) for day, s, e in sessions]
    activity.cancellations = [Cancellation(date=day) for day in cancelled]
    db.session.flush()
    return activity


def page_url(activity):
    return f"https://tarjotin.example/fi/activities/{activity.id}"


def build(activities, locale="fi", today=TODAY, now=NOW):
    return calendar_of(
        activities, locale=locale, today=today, now=now, page_url=page_url, name="Testi"
    )


def events(body):
    return Calendar.from_ical(body).walk("VEVENT")


def rules_of(event):
    """Return the recurrence set dateutil reads from the event's own lines."""
    lines = [
        line for line in event.content_lines() if line.startswith(("DTSTART", "RRULE", "EXDATE"))
    ]
    return rrulestr("\n".join(lines), forceset=True, tzids={HELSINKI.key: HELSINKI})


def expand(body, first=TODAY, last=WINDOW_END):
    """Return every time in the calendar from ``first`` to ``last``, expanded by dateutil
    from the file's own DTSTART, RRULE and EXDATE lines; repeats are kept."""
    found = []
    window = (
        datetime.combine(first, time.min, HELSINKI),
        datetime.combine(last, time.max, HELSINKI),
    )
    for event in events(body):
        start = event.decoded("DTSTART")
        duration = event.decoded("DTEND") - start
        moments = [start] if "RRULE" not in event else rules_of(event).between(*window, inc=True)
        for moment in moments:
            if not window[0] <= moment <= window[1]:
                continue
            assert moment.tzinfo.key == HELSINKI.key
            found.append(Occurrence(moment.date(), moment.time(), (moment + duration).time()))
    return sorted(found)


# Schedules whose calendar must give exactly the times ``occurrences`` gives.
SCHEDULES = {
    "weekly": {"slots": [(1, time(10), time(12), 1)]},
    "every other week from a Thursday's week": {
        "slots": [(0, time(9), time(11), 2)],
        "valid_from": date(2026, 11, 19),
    },
    "every other week without a start date": {"slots": [(2, time(13), time(15), 2)]},
    "every third week until an end date": {
        "slots": [(4, time(17, 30), time(19), 3)],
        "valid_until": date(2027, 4, 30),
    },
    "cancelled on the first time and later": {
        "slots": [(1, time(18), time(20), 1)],
        "cancelled": [date(2026, 12, 1), date(2026, 12, 24), date(2026, 12, 22), date(2027, 1, 5)],
    },
    "cancelled biweekly, on and off its weeks": {
        "slots": [(3, time(10), time(11), 2)],
        "valid_from": date(2026, 11, 30),
        "cancelled": [date(2026, 12, 3), date(2026, 12, 10), date(2026, 12, 17)],
    },
    "two days and dated sessions": {
        "slots": [(0, time(9), time(11), 1), (3, time(9), time(11), 1)],
        "sessions": [
            (date(2026, 12, 12), time(12), time(14)),  # a Saturday
            (date(2026, 12, 7), time(9), time(11)),  # the Monday slot's own time
            (date(2026, 12, 19), time(12), time(14)),  # cancelled below
            (date(2026, 11, 28), time(12), time(14)),  # already past
            (date(2027, 3, 6), time(12), time(14)),  # after valid_until
        ],
        "cancelled": [date(2026, 12, 19), date(2026, 12, 24)],
        "valid_until": date(2027, 2, 28),
    },
    "starts later": {"slots": [(1, time(10), time(12), 1)], "valid_from": date(2027, 1, 12)},
    "dated sessions only": {
        "sessions": [
            (date(2026, 12, 3), time(17), time(19)),
            (date(2027, 6, 3), time(17), time(19)),
        ],
    },
    "the same slot twice": {"slots": [(1, time(10), time(12), 1), (1, time(10), time(12), 1)]},
    "ends before its first time": {
        "slots": [(4, time(10), time(12), 1)],
        "valid_until": date(2026, 12, 3),
    },
    "every time cancelled": {
        "slots": [(1, time(10), time(12), 1)],
        "valid_until": date(2026, 12, 15),
        "cancelled": [date(2026, 12, 1), date(2026, 12, 8), date(2026, 12, 15)],
    },
}


# --- The times agree with the schedule ------------------------------------------------------


@pytest.mark.parametrize("values", SCHEDULES.values(), ids=SCHEDULES.keys())
def test_calendar_gives_exactly_the_times_of_the_schedule(app, values):
    activity = scheduled(**values)
    expected = occurrences(schedule_of(activity), TODAY, WINDOW_END)
    assert expand(build([activity])) == expected


def test_calendar_of_several_activities_holds_the_times_of_each(app):
    first = scheduled(**SCHEDULES["weekly"])
    second = scheduled(**SCHEDULES["two days and dated sessions"])
    expected = sorted(
        occurrences(schedule_of(first), TODAY, WINDOW_END)
        + occurrences(schedule_of(second), TODAY, WINDOW_END)
    )
    assert expand(build([first, second])) == expected


def test_weekly_slot_is_one_event_with_a_weekly_rule(app):
    activity = scheduled(slots=[(2, time(13), time(15), 2)], valid_from=date(2026, 11, 30))
    (event,) = events(build([activity]))
    assert event.decoded("DTSTART") == datetime(2026, 12, 2, 13, tzinfo=HELSINKI)
    assert event.decoded("DTEND") == datetime(2026, 12, 2, 15, tzinfo=HELSINKI)
    rule = event["RRULE"]
    assert rule["FREQ"] == ["WEEKLY"]
    assert rule["INTERVAL"] == [2]
    assert rule["BYDAY"] == ["WE"]
    assert "UNTIL" not in rule


def test_first_time_of_a_biweekly_slot_follows_the_weeks_counted_from_valid_from(app):
    # valid_from is a Thursday: its week's Monday has passed, the next "on" Monday is 14 days on.
    activity = scheduled(slots=[(0, time(9), time(11), 2)], valid_from=date(2026, 12, 3))
    (event,) = events(build([activity]))
    assert event.decoded("DTSTART").date() == date(2026, 12, 14)


def test_until_is_the_last_start_in_utc(app):
    activity = scheduled(slots=[(1, time(18), time(20), 1)], valid_until=date(2027, 6, 29))
    (event,) = events(build([activity]))
    rule_line = next(line for line in event.content_lines() if line.startswith("RRULE"))
    # 18:00 in Helsinki in summer is 15:00 UTC.
    assert "UNTIL=20270629T150000Z" in rule_line
    assert expand(build([activity]))[-1].date == date(2027, 6, 29)


def test_cancelled_dates_are_exdates_with_the_time_zone_and_time_of_dtstart(app):
    activity = scheduled(
        slots=[(1, time(18), time(20), 1)],
        cancelled=[date(2026, 12, 1), date(2026, 12, 22), date(2026, 12, 24)],
    )
    (event,) = events(build([activity]))
    # The first time is cancelled: the series starts a week later instead.
    assert event.decoded("DTSTART") == datetime(2026, 12, 8, 18, tzinfo=HELSINKI)
    lines = [line for line in event.content_lines() if line.startswith("EXDATE")]
    # Thursday 24 December is no Tuesday: nothing to take out of the series.
    assert lines == ["EXDATE;TZID=Europe/Helsinki:20261222T180000"]


@pytest.mark.parametrize(
    ("first", "last"),
    [(date(2027, 3, 16), date(2027, 4, 6)), (date(2027, 10, 19), date(2027, 11, 9))],
    ids=["spring forward", "fall back"],
)
def test_evening_slot_stays_at_18_across_a_change_of_clocks(app, first, last):
    activity = scheduled(slots=[(1, time(18), time(20), 1)])
    body = build([activity])
    (event,) = events(body)
    window = (
        datetime.combine(first, time.min, HELSINKI),
        datetime.combine(last, time.max, HELSINKI),
    )
    moments = rules_of(event).between(*window, inc=True)
    assert len(moments) == 4
    assert {moment.time() for moment in moments} == {time(18)}
    utc_hours = [moment.astimezone(UTC).hour for moment in moments]
    # Winter is UTC+2 and summer UTC+3: the same local hour is another hour in UTC.
    assert sorted(set(utc_hours)) == [15, 16]


def test_vtimezone_of_the_file_gives_the_region_s_offsets(app):
    activity = scheduled(slots=[(1, time(18), time(20), 1)])
    body = build([activity])
    (timezone,) = Calendar.from_ical(body).timezones
    assert timezone["TZID"] == "Europe/Helsinki"
    own = timezone.to_tz(lookup_tzid=False)  # built from the VTIMEZONE's lines alone
    for moment in expand(body, TODAY, TODAY + timedelta(days=3650)):
        local = datetime.combine(moment.date, moment.start)
        assert local.replace(tzinfo=own).utcoffset() == local.replace(tzinfo=HELSINKI).utcoffset()


def test_calendar_without_times_is_still_a_valid_calendar(app):
    activity = scheduled(**SCHEDULES["ends before its first time"])
    calendar = Calendar.from_ical(build([activity]))
    assert calendar["VERSION"] == "2.0"
    assert calendar["PRODID"]
    assert calendar.walk("VEVENT") == []
    assert len(calendar.timezones) == 1


# --- What each event says -------------------------------------------------------------------


def test_uids_are_stable_and_unique(app):
    activity = scheduled(**SCHEDULES["two days and dated sessions"])
    uids = [str(event["UID"]) for event in events(build([activity]))]
    later = [str(event["UID"]) for event in events(build([activity], now=NOW + timedelta(days=3)))]
    assert uids == later
    # Two slots and the one dated session that runs and is no slot's own time.
    assert len(set(uids)) == len(uids) == 3
    assert all(uid.startswith(activity.uid) for uid in uids)
    slot_ids = {f"{activity.uid}-slot-{slot.id}" for slot in activity.weekly_slots}
    assert slot_ids <= set(uids)


def test_event_has_its_texts_place_address_and_stamp(app):
    location = make_location(
        name="Olohuone", street_address="Kauppapuistikko 1", postal_code="65100"
    )
    location.latitude, location.longitude = 63.0951, 21.6165
    activity = scheduled(
        slots=[(1, time(10), time(12), 1)],
        name_fi="Ruokakurssi",
        name_sv="Matlagningskurs",
        summary_fi="Laitetaan ruokaa.",
        summary_sv="Vi lagar mat.",
        description_fi="Pitkä kuvaus.",
        location=location,
    )
    (event,) = events(build([activity], locale="sv"))
    assert str(event["SUMMARY"]) == "Matlagningskurs"
    assert event["SUMMARY"].params["LANGUAGE"] == "sv"
    # The summary is Swedish, the description falls back to Finnish: no single language.
    assert str(event["DESCRIPTION"]) == f"Vi lagar mat.\n\nPitkä kuvaus.\n\n{page_url(activity)}"
    assert "LANGUAGE" not in event["DESCRIPTION"].params
    assert str(event["LOCATION"]) == "Olohuone, Kauppapuistikko 1, 65100 Vaasa"
    assert str(event["URL"]) == page_url(activity)
    assert event.decoded("DTSTAMP") == NOW
    assert event.decoded("GEO") == (63.0951, 21.6165)


def test_missing_translation_falls_back_to_finnish_and_says_so(app):
    activity = scheduled(slots=[(1, time(10), time(12), 1)], name_fi="Kahvila", name_en=None)
    (event,) = events(build([activity], locale="en"))
    assert str(event["SUMMARY"]) == "Kahvila"
    assert event["SUMMARY"].params["LANGUAGE"] == "fi"


# --- The calendar of one activity -----------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_activity_calendar_is_a_file_in_the_page_language(client, today, lang):
    activity = scheduled(
        slots=[(1, time(10), time(12), 1)],
        name_fi="Kahvila",
        name_sv="Kafé",
        name_en="Café",
    )
    db.session.commit()
    response = client.get(f"/{lang}/activities/{activity.id}.ics")
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    assert response.mimetype_params["charset"] == "utf-8"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    (event,) = events(response.data)
    assert str(event["SUMMARY"]) == {"fi": "Kahvila", "sv": "Kafé", "en": "Café"}[lang]
    assert str(event["URL"]) == f"http://localhost/{lang}/activities/{activity.id}"
    assert expand(response.data) == occurrences(schedule_of(activity), TODAY, WINDOW_END)


# --- Who may have the files ------------------------------------------------------------------

# The files of one activity and of the list; the page's rules hold for them.
ACTIVITY_FILES = (".ics", ".jsonld")
LIST_FILES = (".ics", ".atom")


@pytest.mark.parametrize("suffix", ACTIVITY_FILES)
@pytest.mark.parametrize("status", ["submitted", "changes_requested", "archived", "rejected"])
def test_file_of_an_activity_that_is_not_published_is_not_found(client, today, status, suffix):
    activity = make_activity(status=status)
    db.session.commit()
    assert client.get(f"/fi/activities/{activity.id}{suffix}").status_code == 404


@pytest.mark.parametrize("suffix", ACTIVITY_FILES)
def test_file_of_an_ended_activity_is_not_found(client, today, suffix):
    activity = make_activity(valid_until=TODAY - timedelta(days=1))
    db.session.commit()
    assert client.get(f"/fi/activities/{activity.id}{suffix}").status_code == 404


@pytest.mark.parametrize("suffix", ACTIVITY_FILES)
@pytest.mark.parametrize("activity_id", ["12345", "2147483648", "99999999999999999999"])
def test_file_of_an_unknown_activity_is_not_found(client, today, activity_id, suffix):
    make_activity()
    db.session.commit()
    assert client.get(f"/en/activities/{activity_id}{suffix}").status_code == 404


@pytest.mark.parametrize("suffix", LIST_FILES)
@pytest.mark.parametrize(
    "query", ["step=abc", "step=9", "weekday=8", "daytime=night", "free=yes", "area=x", "page=0"]
)
def test_list_file_answers_a_bad_address_as_the_list_does(client, today, query, suffix):
    make_activity(step=make_step(1))
    db.session.commit()
    page = client.get(f"/en/activities?{query}")
    response = client.get(f"/en/activities{suffix}?{query}")
    assert response.status_code == page.status_code == 400
    detail = find(parse(page.text), class_="error-detail").get_text()
    assert find(parse(response.text), class_="error-detail").get_text() == detail


# --- Links to the calendars -------------------------------------------------------------------


def test_activity_page_links_to_its_calendar(client, today):
    activity = make_activity()
    _response, page = get_page(client, f"/sv/activities/{activity.id}")
    path = f"/sv/activities/{activity.id}.ics"
    assert find(page, "footer", class_="activity-footer").find("a", href=path)
    assert find(page, "head").find("link", rel="alternate", type="text/calendar", href=path)


# --- The calendar of a filtered list --------------------------------------------------------


def test_list_calendar_holds_the_activities_the_filters_choose(client, today):
    chosen = make_activity(step=make_step(2), name_fi="Kahvila", name_en="Café")
    fallback = make_activity(step=make_step(2), name_fi="Kävely")
    make_activity(step=make_step(3), name_fi="Kurssi")
    make_activity(step=make_step(2), name_fi="Arkistoitu", status="archived")
    db.session.commit()
    response = client.get("/en/activities.ics?step=2")
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    names = sorted(str(event["SUMMARY"]) for event in events(response.data))
    assert names == ["Café", "Kävely"]
    expected = sorted(
        occurrences(schedule_of(chosen), TODAY, WINDOW_END)
        + occurrences(schedule_of(fallback), TODAY, WINDOW_END)
    )
    assert expand(response.data) == expected


def test_list_calendar_without_filters_holds_every_public_activity(client, today):
    for _ in range(3):
        make_activity()
    make_activity(valid_until=TODAY - timedelta(days=1))
    db.session.commit()
    response = client.get("/fi/activities.ics")
    assert len(events(response.data)) == 3


def test_list_calendar_reads_the_schedules_in_a_fixed_number_of_statements(client, today):
    scheduled(**SCHEDULES["two days and dated sessions"])
    one = count_statements(client, "/fi/activities.ics")
    for values in SCHEDULES.values():
        scheduled(**values)
    assert count_statements(client, "/fi/activities.ics") == one


def test_list_links_to_its_calendar_with_its_filters(client, today):
    make_activity(step=make_step(2), cost="free")
    _response, page = get_page(client, "/fi/activities?free=1&step=2")
    assert find(page, class_="feed-links").find("a", href="/fi/activities.ics?step=2&free=1")


# --- The demo region ------------------------------------------------------------------------


def test_every_public_demo_activity_has_a_calendar_that_parses(demo_app, demo_client):
    ids = db.session.scalars(select(Activity.id).where(public_clause(region_today()))).all()
    assert ids
    for activity_id in ids:
        for lang in LANGUAGES:
            response = demo_client.get(f"/{lang}/activities/{activity_id}.ics")
            assert response.status_code == 200, (activity_id, lang)
            calendar = Calendar.from_ical(response.data)
            assert calendar.timezones
    listed = demo_client.get("/sv/activities.ics")
    assert listed.status_code == 200
    pages = {str(event["URL"]) for event in events(listed.data)}
    assert pages
    assert pages <= {f"http://localhost/sv/activities/{activity_id}" for activity_id in ids}
