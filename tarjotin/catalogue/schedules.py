"""Schedules: weekly slots, dated sessions, cancellations -> occurrences (being written)."""


def refresh_masks(activity):
    """Recompute ``weekday_mask`` and ``daytime_mask`` of ``activity`` from its schedule."""
    weekdays = 0
    daytimes = 0
    for slot in activity.weekly_slots:
        weekdays |= 1 << slot.weekday
        daytimes |= 1 if slot.start_time.hour < 12 else 2 if slot.start_time.hour < 17 else 4
    activity.weekday_mask = weekdays
    activity.daytime_mask = daytimes
