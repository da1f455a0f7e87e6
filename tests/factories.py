"""Factories that build valid records with defaults; pass keywords to vary them.

Each returns a flushed object; vocabularies are created on first use by code.
"""

import itertools
from datetime import time

from tarjotin.catalogue.lifecycle import PUBLISHED
from tarjotin.extensions import db
from tarjotin.models import (
    Activity,
    Area,
    Language,
    Location,
    Organization,
    Step,
    TargetGroup,
    Theme,
    WeeklySlot,
)

_counter = itertools.count(1)


def _get_or_create(model, code, **values):
    found = db.session.scalar(db.select(model).filter_by(code=code))
    if found is None:
        found = model(code=code, **values)
        db.session.add(found)
        db.session.flush()
    return found


def make_step(number=1, **values):
    """Return step ``number``, creating it with plain names when missing."""
    values.setdefault("name_fi", f"Askel {number}")
    values.setdefault("name_sv", f"Steg {number}")
    values.setdefault("name_en", f"Step {number}")
    values.setdefault("description_fi", f"Askeleen {number} kuvaus.")
    values.setdefault("position", number)
    return _get_or_create(Step, f"step-{number}", number=number, **values)


def make_area(code="keskusta", parent_code="vaasa", **values):
    """Return a district (or a municipality when ``parent_code`` is None)."""
    parent = None
    if parent_code:
        parent = _get_or_create(
            Area, parent_code, kind=Area.MUNICIPALITY, name_fi=parent_code.title()
        )
    values.setdefault("name_fi", code.title())
    kind = Area.DISTRICT if parent else Area.MUNICIPALITY
    return _get_or_create(Area, code, kind=kind, parent=parent, **values)


def make_theme(code="nature", **values):
    values.setdefault("name_fi", code.title())
    return _get_or_create(Theme, code, **values)


def make_target_group(code="young-adults", **values):
    values.setdefault("name_fi", code.title())
    return _get_or_create(TargetGroup, code, **values)


def make_language(code="fi", **values):
    values.setdefault("name_fi", code)
    return _get_or_create(Language, code, **values)


def make_organization(**values):
    values.setdefault("name_fi", f"Yhdistys {next(_counter)} ry")
    values.setdefault("kind", "association")
    organization = Organization(**values)
    db.session.add(organization)
    db.session.flush()
    return organization


def make_location(**values):
    values.setdefault("name", f"Paikka {next(_counter)}")
    values.setdefault("street_address", "Kauppapuistikko 1")
    values.setdefault("postal_code", "65100")
    values.setdefault("post_office", "Vaasa")
    if "area" not in values and "area_id" not in values:
        values["area"] = make_area()
    values.setdefault("step_free", "yes")
    location = Location(**values)
    db.session.add(location)
    db.session.flush()
    return location


def make_activity(slots=((1, time(10), time(12)),), **values):
    """Return a published activity on step 1 with a weekly Tuesday-morning slot by default.

    ``slots`` are (weekday, start, end) tuples; the derived weekday and daytime masks
    are refreshed from them.
    """
    from tarjotin.catalogue.schedules import refresh_masks

    values.setdefault("name_fi", f"Toiminta {next(_counter)}")
    values.setdefault("summary_fi", "Lyhyt kuvaus.")
    values.setdefault("description_fi", "Pidempi kuvaus toiminnasta.")
    values.setdefault("status", PUBLISHED)
    values.setdefault("cost", "free")
    values.setdefault("registration", "none")
    if "step" not in values and "step_id" not in values:
        values["step"] = make_step(1)
    if "organization" not in values and "organization_id" not in values:
        values["organization"] = make_organization()
    if "location" not in values and "location_id" not in values:
        values["location"] = make_location()
    activity = Activity(**values)
    activity.weekly_slots = [
        WeeklySlot(weekday=day, start_time=start, end_time=end) for day, start, end in slots
    ]
    refresh_masks(activity)
    db.session.add(activity)
    db.session.flush()
    return activity
