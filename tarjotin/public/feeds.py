"""Calendars, feeds and linked data for activities and filtered lists."""

from tarjotin.public.views import bp  # noqa: F401  (routes on bp)
