from datetime import date, time, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tarjotin.catalogue.schedules import (
    DAYTIMES,
    Occurrence,
    OneOff,
    Schedule,
    Slot,
    daytime_mask,
    daytime_of,
    finnish_public_holidays,
    holidays_between,
    next_occurrences,
    occurrences,
    refresh_masks,
    schedule_of,
    weekday_mask,
)
from tarjotin.models import Activity, Cancellation, Session, WeeklySlot

MON, TUE, WED, THU, FRI, SAT, SUN = range(7)
TEN, NOON = time(10), time(12)


def dates_of(found):
    return [occurrence.date for occurrence in found]


# Weekly slots


def test_weekly_slot_occurs_on_its_weekday_every_week():
    schedule = Schedule(slots=(Slot(TUE, TEN, NOON),))

    found = occurrences(schedule, date(2026, 1, 1), date(2026, 1, 31))

    assert found == [Occurrence(date(2026, 1, day), TEN, NOON) for day in (6, 13, 20, 27)]


def test_window_includes_both_its_ends():
    schedule = Schedule(slots=(Slot(TUE, TEN, NOON),))

    found = occurrences(schedule, date(2026, 1, 6), date(2026, 1, 13))

    assert dates_of(found) == [date(2026, 1, 6), date(2026, 1, 13)]


def test_window_ending_before_it_starts_is_empty():
    schedule = Schedule(slots=(Slot(TUE, TEN, NOON),))

    assert occurrences(schedule, date(2026, 1, 31), date(2026, 1, 1)) == []


def test_biweekly_slot_counts_weeks_from_the_monday_of_valid_from():
    # valid_from is a Wednesday: the Tuesday before it is week 0, so it is "on" but too early.
    schedule = Schedule(slots=(Slot(TUE, TEN, NOON, interval=2),), valid_from=date(2026, 1, 7))

    found = occurrences(schedule, date(2026, 1, 1), date(2026, 2, 10))

    assert dates_of(found) == [date(2026, 1, 20), date(2026, 2, 3)]


def test_biweekly_slot_without_valid_from_counts_weeks_from_1970_01_05():
    schedule = Schedule(slots=(Slot(MON, TEN, NOON, interval=2),))

    assert dates_of(occurrences(schedule, date(1970, 1, 1), date(1970, 1, 31))) == [
        date(1970, 1, 5),
        date(1970, 1, 19),
    ]
    assert dates_of(occurrences(schedule, date(2026, 1, 1), date(2026, 2, 5))) == [
        date(2026, 1, 5),
        date(2026, 1, 19),
        date(2026, 2, 2),
    ]


@pytest.mark.parametrize("start", [date(2026, 1, 1), date(2026, 1, 12), date(2026, 1, 18)])
def test_biweekly_weeks_do_not_depend_on_the_window_asked_for(start):
    schedule = Schedule(slots=(Slot(MON, TEN, NOON, interval=2),))
    on_mondays = [date(2026, 1, 5) + timedelta(weeks=2 * n) for n in range(4)]

    found = occurrences(schedule, start, date(2026, 2, 28))

    assert dates_of(found) == [monday for monday in on_mondays if monday >= start]


@pytest.mark.parametrize("interval", [0, -1])
def test_interval_below_one_is_read_as_every_week(interval):
    schedule = Schedule(slots=(Slot(TUE, TEN, NOON, interval=interval),))

    found = occurrences(schedule, date(2026, 1, 1), date(2026, 1, 31))

    assert len(found) == 4


def test_slot_ending_before_it_starts_is_returned_as_given():
    schedule = Schedule(slots=(Slot(TUE, NOON, TEN),))

    found = occurrences(schedule, date(2026, 1, 5), date(2026, 1, 11))

    assert found == [Occurrence(date(2026, 1, 6), NOON, TEN)]
    assert daytime_mask(schedule) == 0b010


# Validity and cancellations


def test_nothing_occurs_outside_valid_from_and_valid_until():
    schedule = Schedule(
        slots=(Slot(TUE, TEN, NOON),),
        sessions=(OneOff(date(2026, 1, 1), TEN, NOON), OneOff(date(2026, 2, 1), TEN, NOON)),
        valid_from=date(2026, 1, 10),
        valid_until=date(2026, 1, 20),
    )

    found = occurrences(schedule, date(2025, 12, 1), date(2026, 3, 1))

    assert dates_of(found) == [date(2026, 1, 13), date(2026, 1, 20)]


def test_valid_until_before_valid_from_yields_nothing():
    schedule = Schedule(
        slots=(Slot(TUE, TEN, NOON),), valid_from=date(2026, 2, 1), valid_until=date(2026, 1, 1)
    )

    assert occurrences(schedule, date(2025, 1, 1), date(2027, 1, 1)) == []
    assert weekday_mask(schedule) == 0


def test_cancelled_date_removes_slots_and_sessions_that_day():
    schedule = Schedule(
        slots=(Slot(TUE, TEN, NOON),),
        sessions=(OneOff(date(2026, 1, 13), time(18), time(20)),),
        cancelled=frozenset({date(2026, 1, 13)}),
    )

    found = occurrences(schedule, date(2026, 1, 1), date(2026, 1, 31))

    assert dates_of(found) == [date(2026, 1, 6), date(2026, 1, 20), date(2026, 1, 27)]


# Sessions, merging and sorting


def test_sessions_merge_with_slots_in_date_and_time_order():
    schedule = Schedule(
        slots=(Slot(TUE, time(14), time(16)), Slot(MON, TEN, NOON)),
        sessions=(
            OneOff(date(2026, 1, 6), time(9), time(10)),
            OneOff(date(2026, 1, 8), time(17), time(19)),
        ),
    )

    found = occurrences(schedule, date(2026, 1, 5), date(2026, 1, 11))

    assert found == [
        Occurrence(date(2026, 1, 5), TEN, NOON),
        Occurrence(date(2026, 1, 6), time(9), time(10)),
        Occurrence(date(2026, 1, 6), time(14), time(16)),
        Occurrence(date(2026, 1, 8), time(17), time(19)),
    ]


def test_identical_slots_and_sessions_give_one_occurrence():
    schedule = Schedule(
        slots=(Slot(TUE, TEN, NOON), Slot(TUE, TEN, NOON)),
        sessions=(OneOff(date(2026, 1, 6), TEN, NOON), OneOff(date(2026, 1, 6), TEN, NOON)),
    )

    found = occurrences(schedule, date(2026, 1, 5), date(2026, 1, 11))

    assert found == [Occurrence(date(2026, 1, 6), TEN, NOON)]


def test_same_day_same_start_sorts_by_end():
    schedule = Schedule(slots=(Slot(TUE, TEN, time(13)), Slot(TUE, TEN, time(11))))

    found = occurrences(schedule, date(2026, 1, 5), date(2026, 1, 11))

    assert [occurrence.end for occurrence in found] == [time(11), time(13)]


# Next occurrences


def test_next_occurrences_start_today_and_stop_at_the_limit():
    schedule = Schedule(slots=(Slot(TUE, TEN, NOON), Slot(THU, TEN, NOON)))

    found = next_occurrences(schedule, date(2026, 1, 6), limit=3)

    assert dates_of(found) == [date(2026, 1, 6), date(2026, 1, 8), date(2026, 1, 13)]


def test_next_occurrences_stop_at_the_horizon():
    schedule = Schedule(slots=(Slot(TUE, TEN, NOON),))

    found = next_occurrences(schedule, date(2026, 1, 6), limit=10, horizon_days=14)

    assert dates_of(found) == [date(2026, 1, 6), date(2026, 1, 13), date(2026, 1, 20)]


def test_next_occurrences_of_an_ended_activity_are_none():
    schedule = Schedule(slots=(Slot(TUE, TEN, NOON),), valid_until=date(2025, 12, 31))

    assert next_occurrences(schedule, date(2026, 1, 1)) == []


@pytest.mark.parametrize("limit", [0, -1])
def test_next_occurrences_with_no_room_are_none(limit):
    schedule = Schedule(slots=(Slot(TUE, TEN, NOON),))

    assert next_occurrences(schedule, date(2026, 1, 1), limit=limit) == []


def test_windows_at_the_ends_of_the_calendar_do_not_overflow():
    schedule = Schedule(slots=(Slot(SUN, TEN, NOON, interval=3), Slot(MON, TEN, NOON)))

    assert next_occurrences(schedule, date.max - timedelta(days=4)) == [
        Occurrence(date(9999, 12, 27), TEN, NOON)
    ]
    # 0001-01-01 is a Monday, and its week is a multiple of three weeks before 1970-01-05.
    assert dates_of(occurrences(schedule, date.min, date.min + timedelta(days=6))) == [
        date.min,
        date(1, 1, 7),
    ]
    assert weekday_mask(schedule) == 1 << MON | 1 << SUN


# Daytimes and masks


@pytest.mark.parametrize(
    ("start", "daytime"),
    [
        (time(0), "morning"),
        (time(11, 59), "morning"),
        (time(11, 59, 59), "morning"),
        (time(12), "afternoon"),
        (time(16, 59), "afternoon"),
        (time(17), "evening"),
        (time(23, 59), "evening"),
    ],
)
def test_daytime_of_start_time(start, daytime):
    assert daytime_of(start) == daytime


def test_daytimes_are_mask_bits_in_order():
    assert DAYTIMES == ("morning", "afternoon", "evening")


def test_masks_come_from_slots_and_sessions():
    schedule = Schedule(
        slots=(Slot(MON, TEN, NOON), Slot(WED, time(12), time(14))),
        sessions=(OneOff(date(2026, 1, 10), time(17), time(19)),),  # a Saturday
    )

    assert weekday_mask(schedule) == 1 << MON | 1 << WED | 1 << SAT
    assert daytime_mask(schedule) == 0b111


def test_empty_schedule_has_empty_masks():
    assert weekday_mask(Schedule()) == 0
    assert daytime_mask(Schedule()) == 0


def test_masks_leave_out_what_never_occurs():
    schedule = Schedule(
        # Valid Monday to Wednesday of one week: the Friday slot never comes round.
        slots=(Slot(MON, time(18), time(20)), Slot(FRI, TEN, NOON)),
        sessions=(
            OneOff(date(2026, 1, 6), TEN, NOON),  # cancelled
            OneOff(date(2026, 2, 1), time(13), time(15)),  # after valid_until
        ),
        cancelled=frozenset({date(2026, 1, 6)}),
        valid_from=date(2026, 1, 5),
        valid_until=date(2026, 1, 7),
    )

    assert weekday_mask(schedule) == 1 << MON
    assert daytime_mask(schedule) == 0b100


def test_slot_whose_every_date_is_cancelled_is_left_out_of_masks():
    schedule = Schedule(
        slots=(Slot(TUE, TEN, NOON), Slot(WED, time(18), time(20))),
        cancelled=frozenset({date(2026, 1, 6), date(2026, 1, 13)}),
        valid_from=date(2026, 1, 5),
        valid_until=date(2026, 1, 18),
    )

    assert weekday_mask(schedule) == 1 << WED
    assert daytime_mask(schedule) == 0b100


# Model instances


def unsaved_activity(**values):
    values.setdefault("name_fi", "Kahvila")
    return Activity(**values)


def test_schedule_of_reads_an_unsaved_activity():
    activity = unsaved_activity(valid_from=date(2026, 1, 1), valid_until=date(2026, 6, 30))
    activity.weekly_slots = [
        WeeklySlot(weekday=THU, start_time=time(17), end_time=time(19), interval=2),
        WeeklySlot(weekday=TUE, start_time=TEN, end_time=NOON),
    ]
    activity.sessions = [Session(date=date(2026, 3, 7), start_time=TEN, end_time=NOON)]
    activity.cancellations = [Cancellation(date=date(2026, 4, 7), note="Pääsiäinen")]

    schedule = schedule_of(activity)

    assert schedule == Schedule(
        # Sorted by weekday; an unflushed slot's interval is still None, read as every week.
        slots=(Slot(TUE, TEN, NOON, 1), Slot(THU, time(17), time(19), 2)),
        sessions=(OneOff(date(2026, 3, 7), TEN, NOON),),
        cancelled=frozenset({date(2026, 4, 7)}),
        valid_from=date(2026, 1, 1),
        valid_until=date(2026, 6, 30),
    )


def test_schedule_of_an_activity_without_a_schedule_is_empty():
    assert schedule_of(unsaved_activity()) == Schedule()


def test_refresh_masks_sets_both_masks_from_the_schedule():
    activity = unsaved_activity(weekday_mask=0b1111111, daytime_mask=0b111)
    activity.weekly_slots = [WeeklySlot(weekday=TUE, start_time=TEN, end_time=NOON)]
    activity.sessions = [Session(date=date(2026, 3, 7), start_time=time(13), end_time=time(15))]

    refresh_masks(activity)

    assert activity.weekday_mask == 1 << TUE | 1 << SAT
    assert activity.daytime_mask == 0b011


def test_refresh_masks_clears_masks_of_an_activity_without_a_schedule():
    activity = unsaved_activity(weekday_mask=0b1, daytime_mask=0b1)

    refresh_masks(activity)

    assert (activity.weekday_mask, activity.daytime_mask) == (0, 0)


# Holidays


def test_finnish_public_holidays_of_2026():
    assert finnish_public_holidays(2026) == {
        date(2026, 1, 1): "new_years_day",
        date(2026, 1, 6): "epiphany",
        date(2026, 4, 3): "good_friday",
        date(2026, 4, 5): "easter_sunday",
        date(2026, 4, 6): "easter_monday",
        date(2026, 5, 1): "may_day",
        date(2026, 5, 14): "ascension_day",
        date(2026, 5, 24): "whitsunday",
        date(2026, 6, 19): "midsummer_eve",
        date(2026, 6, 20): "midsummer_day",
        date(2026, 10, 31): "all_saints_day",
        date(2026, 12, 6): "independence_day",
        date(2026, 12, 24): "christmas_eve",
        date(2026, 12, 25): "christmas_day",
        date(2026, 12, 26): "boxing_day",
    }


def test_finnish_public_holidays_are_in_date_order():
    days = list(finnish_public_holidays(2027))

    assert days == sorted(days)


@pytest.mark.parametrize(
    ("year", "eve", "all_saints", "good_friday"),
    [
        (2024, date(2024, 6, 21), date(2024, 11, 2), date(2024, 3, 29)),
        (2025, date(2025, 6, 20), date(2025, 11, 1), date(2025, 4, 18)),
        (2027, date(2027, 6, 25), date(2027, 11, 6), date(2027, 3, 26)),
    ],
)
def test_movable_holidays_follow_their_rules(year, eve, all_saints, good_friday):
    holidays = finnish_public_holidays(year)

    assert holidays[eve] == "midsummer_eve"
    assert holidays[eve + timedelta(days=1)] == "midsummer_day"
    assert holidays[all_saints] == "all_saints_day"
    assert holidays[good_friday] == "good_friday"


def test_ascension_day_on_may_day_keeps_the_may_day_code():
    holidays = finnish_public_holidays(2008)

    assert holidays[date(2008, 5, 1)] == "may_day"
    assert "ascension_day" not in holidays.values()
    assert len(holidays) == 14


def test_changing_the_returned_holidays_does_not_change_the_next_answer():
    finnish_public_holidays(2026).clear()

    assert len(finnish_public_holidays(2026)) == 15


def test_holidays_between_spans_years_inclusively():
    assert holidays_between(date(2025, 12, 24), date(2026, 1, 6)) == [
        date(2025, 12, 24),
        date(2025, 12, 25),
        date(2025, 12, 26),
        date(2026, 1, 1),
        date(2026, 1, 6),
    ]


def test_holidays_between_a_reversed_window_are_none():
    assert holidays_between(date(2026, 12, 31), date(2026, 1, 1)) == []


# Properties

FIRST, LAST = date(2025, 1, 1), date(2026, 12, 31)
days = st.dates(min_value=FIRST, max_value=LAST)
times = st.times().map(lambda t: t.replace(second=0, microsecond=0))
slots = st.builds(Slot, st.integers(0, 6), times, times, st.integers(1, 4))
sessions = st.builds(OneOff, days, times, times)
schedules = st.builds(
    Schedule,
    slots=st.lists(slots, max_size=4).map(tuple),
    sessions=st.lists(sessions, max_size=6).map(tuple),
    cancelled=st.frozensets(days, max_size=40),
    valid_from=st.none() | days,
    valid_until=st.none() | days,
)
windows = st.tuples(days, days).map(sorted)
property_settings = settings(max_examples=60)


def naive_occurrences(schedule, start, end):
    """Walk day by day: slow but plainly right."""
    anchor = date(1970, 1, 5)
    if schedule.valid_from:
        anchor = schedule.valid_from - timedelta(days=schedule.valid_from.weekday())
    found = set()
    day = start
    while day <= end:
        runs = (
            (schedule.valid_from is None or day >= schedule.valid_from)
            and (schedule.valid_until is None or day <= schedule.valid_until)
            and day not in schedule.cancelled
        )
        if runs:
            weeks = (day - anchor).days // 7
            for slot in schedule.slots:
                if day.weekday() == slot.weekday and weeks % slot.interval == 0:
                    found.add(Occurrence(day, slot.start, slot.end))
            for session in schedule.sessions:
                if session.date == day:
                    found.add(Occurrence(day, session.start, session.end))
        day += timedelta(days=1)
    return sorted(found)


@property_settings
@given(schedules, windows)
def test_occurrences_keep_every_rule(schedule, window):
    start, end = window

    found = occurrences(schedule, start, end)

    for occurrence in found:
        assert start <= occurrence.date <= end
        assert schedule.valid_from is None or occurrence.date >= schedule.valid_from
        assert schedule.valid_until is None or occurrence.date <= schedule.valid_until
        assert occurrence.date not in schedule.cancelled
    assert all(earlier < later for earlier, later in zip(found, found[1:]))


@property_settings
@given(schedules, windows)
def test_occurrences_match_a_day_by_day_walk(schedule, window):
    start, end = window

    assert occurrences(schedule, start, end) == naive_occurrences(schedule, start, end)


@property_settings
@given(schedules, windows, windows)
def test_a_narrower_window_sees_the_same_occurrences(schedule, outer, inner):
    start, end = outer
    inner_start, inner_end = max(inner[0], start), min(inner[1], end)

    wide = occurrences(schedule, start, end)

    assert occurrences(schedule, inner_start, inner_end) == [
        occurrence for occurrence in wide if inner_start <= occurrence.date <= inner_end
    ]


@property_settings
@given(schedules, days, st.integers(0, 8), st.integers(0, 400))
def test_next_occurrences_are_the_first_few_from_today(schedule, today, limit, horizon):
    found = next_occurrences(schedule, today, limit=limit, horizon_days=horizon)

    assert len(found) <= limit
    assert all(occurrence.date >= today for occurrence in found)
    assert found == occurrences(schedule, today, today + timedelta(days=horizon))[:limit]


@property_settings
@given(schedules, windows)
def test_every_occurrence_is_in_the_masks(schedule, window):
    weekdays, daytimes = weekday_mask(schedule), daytime_mask(schedule)

    for occurrence in occurrences(schedule, *window):
        assert weekdays & 1 << occurrence.date.weekday()
        assert daytimes & 1 << DAYTIMES.index(daytime_of(occurrence.start))


@property_settings
@given(schedules, days, days)
def test_masks_of_a_bounded_schedule_are_exactly_its_occurrences(schedule, valid_from, until):
    bounded = Schedule(
        slots=schedule.slots,
        sessions=schedule.sessions,
        cancelled=schedule.cancelled,
        valid_from=valid_from,
        valid_until=until,
    )
    found = occurrences(bounded, valid_from, until)

    assert weekday_mask(bounded) == sum({1 << o.date.weekday() for o in found})
    assert daytime_mask(bounded) == sum({1 << DAYTIMES.index(daytime_of(o.start)) for o in found})
