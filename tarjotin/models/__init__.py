"""The data model. Names follow Open Referral HSDS 3.0 where they fit."""

from tarjotin.models.activity import (
    Activity,
    Cancellation,
    Location,
    Session,
    WeeklySlot,
    activity_language,
    activity_target_group,
    activity_theme,
)
from tarjotin.models.organisation import Organization
from tarjotin.models.search import SearchChange, ZeroResultSearch
from tarjotin.models.taxonomy import Area, Language, Step, TargetGroup, Theme
from tarjotin.models.text import LANGUAGES, Localized, localized

__all__ = [
    "LANGUAGES",
    "Activity",
    "Area",
    "Cancellation",
    "Language",
    "Localized",
    "Location",
    "Organization",
    "SearchChange",
    "Session",
    "Step",
    "TargetGroup",
    "Theme",
    "WeeklySlot",
    "ZeroResultSearch",
    "activity_language",
    "activity_target_group",
    "activity_theme",
    "localized",
]
