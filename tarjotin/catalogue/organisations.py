"""Organisers: the directory of those with activities on the tray, and one organiser's list."""

import unicodedata
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import load_only, selectinload

from tarjotin.catalogue.activities import is_storable_id
from tarjotin.catalogue.visibility import public_clause
from tarjotin.models import Activity, Area, Location, Organization, Step, localized
from tarjotin.models.organisation import ORGANIZATION_KINDS

# Finnish and Swedish sort å, ä and ö as letters of their own after z; other accents
# (é, ü …) sort with their base letter.
_NORDIC_LETTERS = str.maketrans({"å": "{", "ä": "|", "æ": "|", "ö": "}", "ø": "}"})


def name_key(name):
    """Return a sort key that orders names as a Finnish or Swedish reader expects."""
    key = name.casefold().translate(_NORDIC_LETTERS)
    if key.isascii():
        return key
    return "".join(c for c in unicodedata.normalize("NFD", key) if not unicodedata.combining(c))


@dataclass(frozen=True)
class DirectoryEntry:
    organisation: Organization
    count: int  # public activities


@dataclass(frozen=True)
class KindGroup:
    kind: str
    entries: tuple  # DirectoryEntry values, by name


def get_organisation(session, organisation_id):
    """Return the organisation ``organisation_id``, or None when there is no such one."""
    if not is_storable_id(organisation_id):
        return None
    return session.get(Organization, organisation_id)


def organisation_directory(session, today, locale, kind=None):
    """Return organisations with public activities on ``today``, grouped by kind.

    Groups follow the order of ORGANIZATION_KINDS and leave out empty kinds; inside a
    group organisations are sorted by their name in ``locale``. ``kind`` keeps one group.
    """
    counts = (
        select(Activity.organization_id, func.count(Activity.id).label("count"))
        .where(public_clause(today))
        .group_by(Activity.organization_id)
        .subquery()
    )
    query = (
        select(Organization, counts.c.count)
        .join(counts, counts.c.organization_id == Organization.id)
        # The directory shows names only; descriptions can be long.
        .options(
            load_only(
                Organization.name_fi, Organization.name_sv, Organization.name_en, Organization.kind
            )
        )
    )
    if kind is not None:
        query = query.where(Organization.kind == kind)
    entries = [
        DirectoryEntry(organisation, count) for organisation, count in session.execute(query)
    ]
    entries.sort(key=lambda entry: name_key(str(localized(entry.organisation, "name", locale))))
    order = {name: position for position, name in enumerate(ORGANIZATION_KINDS)}
    groups = {}
    for entry in entries:
        # A kind the code does not know (old data) is shown with "other".
        kind_of = entry.organisation.kind if entry.organisation.kind in order else "other"
        groups.setdefault(kind_of, []).append(entry)
    return [KindGroup(name, tuple(groups[name])) for name in sorted(groups, key=order.get)]


def public_activities_of(session, organisation, today):
    """Return the public activities of ``organisation`` on ``today``, by step, then name."""
    return session.scalars(
        select(Activity)
        .outerjoin(Activity.step)
        .where(Activity.organization_id == organisation.id, public_clause(today))
        .order_by(Step.number.nulls_last(), Activity.name_fi, Activity.id)
        .options(
            selectinload(Activity.step),
            # What activity_card shows.
            selectinload(Activity.location).selectinload(Location.area).selectinload(Area.parent),
        )
    ).all()
