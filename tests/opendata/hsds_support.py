"""Helpers for the HSDS tests: the demo's exports, a canonical dump of the tray, row counts."""

import json
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from tarjotin.catalogue.visibility import public_clause
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
)

DATA = Path(__file__).resolve().parent / "data"
EXAMPLES = DATA / "hsds-examples"
# CI checks the shared reference copy out beside the repository.
SHARED_EXAMPLES = Path(__file__).resolve().parents[3] / "shared" / "hsds" / "examples"

_TEXTS = ("name", "summary", "description", "cost_description", "registration_description")
_LANGS = ("fi", "sv", "en")
_ACTIVITY_FIELDS = (
    "uid", "status", "cost", "registration", "contact_name", "contact_email",
    "contact_phone", "website", "capacity", "min_age", "max_age", "valid_from",
    "valid_until", "last_verified", "weekday_mask", "daytime_mask",
)  # fmt: skip


def _texts(obj, names):
    return {f"{name}_{lang}": getattr(obj, f"{name}_{lang}") for name in names for lang in _LANGS}


def tray_dump(session, today):
    """Return everything a resident sees of the tray on ``today``, in plain values."""
    activities = session.scalars(
        select(Activity)
        .where(public_clause(today))
        .order_by(Activity.uid)
        .options(
            selectinload(Activity.organization),
            selectinload(Activity.location).selectinload(Location.area),
            selectinload(Activity.step),
            selectinload(Activity.themes),
            selectinload(Activity.target_groups),
            selectinload(Activity.languages),
            selectinload(Activity.weekly_slots),
            selectinload(Activity.sessions),
            selectinload(Activity.cancellations),
        )
    ).all()
    return {
        "activities": [_activity(activity) for activity in activities],
        "vocabularies": vocabulary_dump(session),
    }


def _activity(activity):
    location = activity.location
    organization = activity.organization
    return {
        **{name: getattr(activity, name) for name in _ACTIVITY_FIELDS},
        **_texts(activity, _TEXTS),
        "step": activity.step.code if activity.step else None,
        "themes": [term.code for term in activity.themes],
        "target_groups": [term.code for term in activity.target_groups],
        "languages": [term.code for term in activity.languages],
        "slots": sorted(
            (s.weekday, s.start_time, s.end_time, s.interval) for s in activity.weekly_slots
        ),
        "sessions": sorted((s.date, s.start_time, s.end_time) for s in activity.sessions),
        "cancellations": sorted((c.date, c.note) for c in activity.cancellations),
        "organization": {
            "uid": organization.uid,
            "kind": organization.kind,
            "website": organization.website,
            "email": organization.email,
            "phone": organization.phone,
            **_texts(organization, ("name", "description")),
        },
        "location": location
        and {
            "uid": location.uid,
            "name": location.name,
            "street_address": location.street_address,
            "postal_code": location.postal_code,
            "post_office": location.post_office,
            "area": location.area.code,
            "latitude": location.latitude,
            "longitude": location.longitude,
            "step_free": location.step_free,
            **_texts(location, ("accessibility",)),
        },
    }


def vocabulary_dump(session):
    """Return every vocabulary in its order, with its names in three languages."""
    dump = {}
    for model in (Step, Theme, TargetGroup, Language, Area):
        terms = session.scalars(select(model).order_by(model.position, model.code)).all()
        rows = []
        for term in terms:
            row = {"code": term.code, **_texts(term, ("name",))}
            if model is Step:
                row |= {"number": term.number, **_texts(term, ("tagline", "description"))}
            if model is Area:
                row |= {"kind": term.kind, "parent": term.parent.code if term.parent else None}
            rows.append(row)
        dump[model.__tablename__] = rows
    return dump


def row_counts():
    """Return the number of rows in every table of the database."""
    return {
        table.name: db.session.scalar(select(func.count()).select_from(table))
        for table in db.metadata.sorted_tables
    }


def organisation_uids():
    return set(db.session.scalars(select(Organization.uid)))


def read_json(path):
    return json.loads(Path(path).read_text(encoding="utf-8"))
