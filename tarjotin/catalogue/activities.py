"""Looking up one public activity and what a resident needs to know about its times."""

from dataclasses import dataclass, replace
from datetime import date, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from tarjotin.catalogue.schedules import next_occurrences, schedule_of
from tarjotin.catalogue.visibility import public_clause
from tarjotin.models import Activity, Area, Location

# Ids are 32-bit INTEGER columns; a larger number from a URL cannot name a row, and
# PostgreSQL would reject it as an out-of-range parameter instead of finding nothing.
MAX_ID = 2**31 - 1

NEXT_OCCURRENCES = 6
NEXT_CANCELLATIONS = 6
HORIZON_DAYS = 366


def is_storable_id(value):
    """Tell whether ``value`` fits the database's integer ids."""
    return 1 <= value <= MAX_ID


@dataclass(frozen=True)
class WeeklyTime:
    """Weekly slots that share their hours and rhythm: "Monday to Thursday, 10-14"."""

    weekdays: tuple  # 0 is Monday, in order
    start: time
    end: time
    interval: int  # weeks

    @property
    def is_range(self):
        """Three or more days in a row, said best as "Monday to Thursday"."""
        days = self.weekdays
        return len(days) >= 3 and days == tuple(range(days[0], days[-1] + 1))


@dataclass(frozen=True)
class Timetable:
    """When an activity runs, as a resident reads it: next times, regular slots, breaks."""

    occurrences: tuple  # the next Occurrence(date, start, end) values, soonest first
    weekly: tuple  # WeeklyTime values, by first weekday and start
    cancelled: tuple  # the next dates on which the activity would have run but does not
    valid_from: date | None
    valid_until: date | None
    starts_later: bool  # the activity has not begun yet on ``today``


def get_public_activity(session, activity_id, today):
    """Return the public activity ``activity_id`` with all it shows, or None.

    None also for an id that cannot exist and for an activity that is not public on
    ``today`` (not published, or ended).
    """
    if not is_storable_id(activity_id):
        return None
    return session.scalar(
        select(Activity)
        .where(Activity.id == activity_id, public_clause(today))
        .options(
            selectinload(Activity.organization),
            selectinload(Activity.step),
            selectinload(Activity.location).selectinload(Location.area).selectinload(Area.parent),
            selectinload(Activity.themes),
            selectinload(Activity.target_groups),
            selectinload(Activity.languages),
            selectinload(Activity.weekly_slots),
            selectinload(Activity.sessions),
            selectinload(Activity.cancellations),
        )
    )


def timetable_of(activity, today, limit=NEXT_OCCURRENCES):
    """Return the ``limit`` next times of ``activity`` from ``today`` and its weekly times.

    A cancelled date is listed only when the activity would otherwise have run that day
    within the coming year: "no session on Wednesday" means nothing to a Tuesday group.
    """
    schedule = schedule_of(activity)
    uncancelled = replace(schedule, cancelled=frozenset())
    horizon = today + timedelta(days=HORIZON_DAYS)
    cancelled = sorted(
        day
        for day in schedule.cancelled
        if today <= day <= horizon and next_occurrences(uncancelled, day, limit=1, horizon_days=0)
    )
    return Timetable(
        occurrences=tuple(
            next_occurrences(schedule, today, limit=limit, horizon_days=HORIZON_DAYS)
        ),
        weekly=weekly_times(schedule.slots),
        cancelled=tuple(cancelled[:NEXT_CANCELLATIONS]),
        valid_from=schedule.valid_from,
        valid_until=schedule.valid_until,
        starts_later=schedule.valid_from is not None and schedule.valid_from > today,
    )


def weekly_times(slots):
    """Return ``slots`` joined into WeeklyTime values where hours and rhythm match."""
    days = {}
    for slot in slots:
        days.setdefault((slot.start, slot.end, slot.interval), set()).add(slot.weekday)
    times = [
        WeeklyTime(tuple(sorted(weekdays)), start, end, interval)
        for (start, end, interval), weekdays in days.items()
    ]
    return tuple(sorted(times, key=lambda t: (t.weekdays[0], t.start, t.end, t.interval)))
