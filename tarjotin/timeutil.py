"""Clock helpers: times are stored in UTC, days are counted in the region's time zone."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

REGION_TZ = ZoneInfo("Europe/Helsinki")


def utcnow():
    """Return the current UTC time as a naive datetime, as the database stores it."""
    return datetime.now(UTC).replace(tzinfo=None)


def region_today() -> date:
    """Return today's date in the region (Europe/Helsinki)."""
    return datetime.now(REGION_TZ).date()
