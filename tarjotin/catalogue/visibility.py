"""What the public may see: published activities that have not ended."""

from sqlalchemy import or_

from tarjotin.catalogue.lifecycle import PUBLISHED
from tarjotin.models import Activity


def public_clause(today):
    """Return the SQL condition for an activity a resident may see on ``today``."""
    return (Activity.status == PUBLISHED) & or_(
        Activity.valid_until.is_(None), Activity.valid_until >= today
    )


def is_public(activity, today):
    """Tell whether ``activity`` may be shown to the public on ``today``."""
    return activity.status == PUBLISHED and (
        activity.valid_until is None or activity.valid_until >= today
    )
