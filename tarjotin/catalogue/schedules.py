"""Schedules: weekly slots, dated sessions and cancellations turned into occurrences.

Plain values in, plain values out: ``schedule_of`` reads an activity once, everything else
works on the frozen ``Schedule``. Days are counted as proleptic ordinals so that windows
reaching ``date.min`` or ``date.max`` never overflow.

An occurrence is never before ``valid_from``, never after ``valid_until`` and never on a
cancelled date; that holds for dated sessions too, because a cancellation means "the
activity does not run that day".
"""

import heapq
from dataclasses import dataclass
from datetime import date, time, timedelta
from functools import lru_cache

from dateutil.easter import easter
from dateutil.relativedelta import FR, SA, relativedelta

DAYTIMES = ("morning", "afternoon", "evening")
_AFTERNOON_FROM = time(12)
_EVENING_FROM = time(17)

# Slots that repeat every few weeks count their weeks from the Monday of valid_from, or
# from this fixed Monday when the activity has none, so that which weeks are "on" does
# not depend on the window a caller asks for.
_EPOCH_MONDAY = date(1970, 1, 5)

_FIRST_DAY = date.min.toordinal()
_LAST_DAY = date.max.toordinal()


@dataclass(frozen=True)
class Slot:
    """A weekly time: every ``interval`` weeks on ``weekday`` (0 is Monday)."""

    weekday: int
    start: time
    end: time
    interval: int = 1


@dataclass(frozen=True)
class OneOff:
    """A dated one-off session."""

    date: date
    start: time
    end: time


@dataclass(frozen=True)
class Schedule:
    """When an activity runs: its slots and sessions, less cancellations, within its validity."""

    slots: tuple[Slot, ...] = ()
    sessions: tuple[OneOff, ...] = ()
    cancelled: frozenset[date] = frozenset()
    valid_from: date | None = None
    valid_until: date | None = None


@dataclass(frozen=True, order=True)
class Occurrence:
    """One time the activity takes place; orders by date, then start, then end."""

    date: date
    start: time
    end: time


def schedule_of(activity) -> Schedule:
    """Return the schedule of ``activity`` (a ``models.Activity``, saved or not)."""
    slots = sorted(
        (
            # A slot not yet flushed has no column default applied: interval is None.
            Slot(slot.weekday, slot.start_time, slot.end_time, slot.interval or 1)
            for slot in activity.weekly_slots
        ),
        key=lambda slot: (slot.weekday, slot.start, slot.end, slot.interval),
    )
    sessions = sorted(
        (
            OneOff(session.date, session.start_time, session.end_time)
            for session in activity.sessions
        ),
        key=lambda session: (session.date, session.start, session.end),
    )
    return Schedule(
        slots=tuple(slots),
        sessions=tuple(sessions),
        cancelled=frozenset(cancellation.date for cancellation in activity.cancellations),
        valid_from=activity.valid_from,
        valid_until=activity.valid_until,
    )


def occurrences(schedule: Schedule, start: date, end: date) -> list[Occurrence]:
    """Return the occurrences dated from ``start`` to ``end`` inclusive, sorted and unique."""
    return list(_occurrences(schedule, start.toordinal(), end.toordinal()))


def next_occurrences(
    schedule: Schedule, today: date, limit: int = 5, horizon_days: int = 366
) -> list[Occurrence]:
    """Return at most ``limit`` occurrences from ``today`` to ``horizon_days`` days later."""
    if limit <= 0:
        return []
    first = today.toordinal()
    found = []
    # Lazy merge: a card needs a handful of dates, not a year of them.
    for occurrence in _occurrences(schedule, first, first + horizon_days):
        found.append(occurrence)
        if len(found) == limit:
            break
    return found


def daytime_of(t: time) -> str:
    """Return the part of the day (one of ``DAYTIMES``) of an activity starting at ``t``."""
    if t < _AFTERNOON_FROM:
        return "morning"
    if t < _EVENING_FROM:
        return "afternoon"
    return "evening"


def weekday_mask(schedule: Schedule) -> int:
    """Return a bit mask with bit n set when the schedule has an occurrence on weekday n."""
    mask = 0
    for weekday, _start in _running(schedule):
        mask |= 1 << weekday
    return mask


def daytime_mask(schedule: Schedule) -> int:
    """Return a bit mask with bit n set when an occurrence starts in ``DAYTIMES[n]``."""
    mask = 0
    for _weekday, start in _running(schedule):
        mask |= 1 << DAYTIMES.index(daytime_of(start))
    return mask


def refresh_masks(activity) -> None:
    """Recompute ``weekday_mask`` and ``daytime_mask`` of ``activity`` from its schedule."""
    schedule = schedule_of(activity)
    activity.weekday_mask = weekday_mask(schedule)
    activity.daytime_mask = daytime_mask(schedule)


def finnish_public_holidays(year: int) -> dict[date, str]:
    """Return Finland's public holidays and customary days off in ``year``, in date order.

    The rules are those in force since 1992. When two fall on one date (Ascension Day on
    May Day, as in 2008), the fixed-date holiday names it.
    """
    return dict(_holidays(year))


def holidays_between(start: date, end: date) -> list[date]:
    """Return the dates from ``start`` to ``end`` inclusive that are Finnish holidays, sorted."""
    return [
        day
        for year in range(start.year, end.year + 1)
        for day, _code in _holidays(year)
        if start <= day <= end
    ]


@lru_cache(maxsize=64)
def _holidays(year: int) -> tuple[tuple[date, str], ...]:
    easter_sunday = easter(year)
    fixed = {
        date(year, 1, 1): "new_years_day",
        date(year, 1, 6): "epiphany",
        date(year, 5, 1): "may_day",
        date(year, 12, 6): "independence_day",
        date(year, 12, 24): "christmas_eve",
        date(year, 12, 25): "christmas_day",
        date(year, 12, 26): "boxing_day",
    }
    movable = {
        easter_sunday - timedelta(days=2): "good_friday",
        easter_sunday: "easter_sunday",
        easter_sunday + timedelta(days=1): "easter_monday",
        easter_sunday + timedelta(days=39): "ascension_day",
        easter_sunday + timedelta(days=49): "whitsunday",
        # Midsummer Eve is the Friday of 19-25 June, Midsummer Day the Saturday after it.
        date(year, 6, 19) + relativedelta(weekday=FR): "midsummer_eve",
        date(year, 6, 20) + relativedelta(weekday=SA): "midsummer_day",
        date(year, 10, 31) + relativedelta(weekday=SA): "all_saints_day",
    }
    return tuple(sorted((movable | fixed).items()))


def _occurrences(schedule, first, last):
    """Yield the occurrences on days ``first`` to ``last`` (ordinals), sorted and unique."""
    if schedule.valid_from is not None:
        first = max(first, schedule.valid_from.toordinal())
    if schedule.valid_until is not None:
        last = min(last, schedule.valid_until.toordinal())
    last = min(last, _LAST_DAY)
    if first > last:
        return
    sources = [_slot_occurrences(schedule, slot, first, last) for slot in schedule.slots]
    sources.append(_session_occurrences(schedule, first, last))
    previous = None
    for occurrence in heapq.merge(*sources):
        if occurrence != previous:
            yield occurrence
        previous = occurrence


def _slot_occurrences(schedule, slot, first, last):
    """Yield the occurrences of one weekly slot on days ``first`` to ``last``, in order."""
    anchor = _EPOCH_MONDAY.toordinal()
    if schedule.valid_from is not None:
        anchor = schedule.valid_from.toordinal() - schedule.valid_from.weekday()
    origin = anchor + slot.weekday
    stride = 7 * max(slot.interval, 1)
    # Jump to the first matching day on or after ``first`` instead of walking day by day.
    day = origin - (origin - first) // stride * stride
    cancelled = schedule.cancelled
    while day <= last:
        when = date.fromordinal(day)
        if when not in cancelled:
            yield Occurrence(when, slot.start, slot.end)
        day += stride


def _session_occurrences(schedule, first, last):
    """Yield the dated sessions on days ``first`` to ``last``, in order."""
    kept = []
    for session in schedule.sessions:
        if first <= session.date.toordinal() <= last and session.date not in schedule.cancelled:
            kept.append(Occurrence(session.date, session.start, session.end))
    kept.sort()
    yield from kept


def _running(schedule):
    """Yield (weekday, start) of each slot and session that has at least one occurrence."""
    first = _FIRST_DAY if schedule.valid_from is None else schedule.valid_from.toordinal()
    last = _LAST_DAY if schedule.valid_until is None else schedule.valid_until.toordinal()
    for slot in schedule.slots:
        # At most len(cancelled) + 1 steps: a slot runs unless every date it has is cancelled.
        occurrence = next(_slot_occurrences(schedule, slot, first, last), None)
        if occurrence is not None:
            yield occurrence.date.weekday(), occurrence.start
    for occurrence in _session_occurrences(schedule, first, last):
        yield occurrence.date.weekday(), occurrence.start
