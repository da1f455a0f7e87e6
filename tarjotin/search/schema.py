"""The index's fields, and the document of one activity.

Each language has three text fields, analysed in that language: the name, the summary, and
the body (the description, and the names of the place, the organiser, the area, the themes
and the target groups). An activity's Finnish texts are always there; its Swedish and
English ones where it has them, and a search in Swedish or English looks in the Finnish
fields too, so Finnish texts are never indexed twice. The texts as a card shows them are
stored apart, unindexed.

The filters of the list are keyword fields, so that a filter is a Whoosh filter query, and
are packed once more into one column per document, from which the facet counts are added
up without asking Whoosh to group.
"""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload
from whoosh.fields import COLUMN, ID, KEYWORD, NUMERIC, STORED, TEXT, Schema

from tarjotin.catalogue.lifecycle import PUBLISHED
from tarjotin.catalogue.schedules import DAYTIMES
from tarjotin.catalogue.visibility import is_public
from tarjotin.models import LANGUAGES, Activity, Area, Location
from tarjotin.models.activity import COST_FREE, REGISTRATION_NONE, YES
from tarjotin.search.analysis import language_analyzer

# Raise it with every change of the fields or of what goes into them: an index built by an
# older version is then "outdated", unused until `flask index rebuild` (scripts/run does it).
SCHEMA_VERSION = 2
# Query fields per language and how much a match in each weighs.
TEXT_FIELDS = {"name": 4.0, "summary": 2.0, "body": 1.0}
# The texts stored per language for snippets, in this order.
STORED_TEXTS = ("name", "summary", "description")
# Keyword fields that the list's filters become; their values are ids or codes.
FILTER_FIELDS = ("step", "area", "theme", "weekday", "daytime", "language", "target_group", "flag")
# An activity without an end date stays in the index until it gets one.
NO_END = 99991231


def make_schema(finnish="auto"):
    """Return the schema; ``finnish`` picks the Finnish analysis (see analysis.py)."""
    fields = {
        "id": ID(stored=True, unique=True),
        "valid_until": NUMERIC(int, bits=32, signed=False),
        "facets": COLUMN(),
        "texts": STORED(),
    }
    for lang in LANGUAGES:
        analyzer = language_analyzer(lang, finnish)
        for name in TEXT_FIELDS:
            fields[f"{name}_{lang}"] = TEXT(analyzer=analyzer, phrase=False)
    for name in FILTER_FIELDS:
        fields[name] = KEYWORD(scorable=False)
    return Schema(**fields)


@dataclass(frozen=True)
class FacetValues:
    """What the facet counts of one document need, packed into its ``facets`` column."""

    step: int
    area: int
    themes: tuple[int, ...]
    weekdays: int  # mask
    daytimes: int  # mask
    languages: tuple[int, ...]
    target_groups: tuple[int, ...]
    flags: int  # tarjotin.search.query.FLAG_BITS
    verified: int  # date.toordinal() of the last verification, 0 when never

    def pack(self):
        def ids(values):
            return ",".join(map(str, values))

        parts = (
            self.step,
            self.area,
            ids(self.themes),
            self.weekdays,
            self.daytimes,
            ids(self.languages),
            ids(self.target_groups),
            self.flags,
            self.verified,
        )
        return "|".join(map(str, parts)).encode("ascii")

    @classmethod
    def unpack(cls, packed):
        def ids(value):
            return tuple(int(v) for v in value.split(",") if v)

        step, area, themes, weekdays, daytimes, languages, groups, flags, verified = packed.decode(
            "ascii"
        ).split("|")
        return cls(
            int(step),
            int(area),
            ids(themes),
            int(weekdays),
            int(daytimes),
            ids(languages),
            ids(groups),
            int(flags),
            int(verified),
        )


FLAG_BITS = {"free": 1, "step_free": 2, "no_registration": 4}
FLAG_NAMES = {1: "free", 2: "step_free", 4: "no_registration"}


def flags_of(activity):
    """Return the yes/no filters an activity passes, as FLAG_BITS."""
    location = activity.location
    return (
        (FLAG_BITS["free"] if activity.cost == COST_FREE else 0)
        | (FLAG_BITS["step_free"] if location is not None and location.step_free == YES else 0)
        | (FLAG_BITS["no_registration"] if activity.registration == REGISTRATION_NONE else 0)
    )


def verified_on(activity):
    """The day an activity was last confirmed current: verified, else published, else created."""
    moment = activity.last_verified or activity.published_at or activity.created_at
    if moment is None:
        return None
    return moment if type(moment) is date else moment.date()


def weekday_codes(mask):
    """Return the weekday codes of the list's filter ("mon" …) whose bits ``mask`` has."""
    from tarjotin.catalogue.browse import WEEKDAYS  # browse searches through this package

    return [code for bit, code in enumerate(WEEKDAYS) if mask & (1 << bit)]


def daytime_codes(mask):
    """Return the times of day ("morning" …) whose bits ``mask`` has."""
    return [code for bit, code in enumerate(DAYTIMES) if mask & (1 << bit)]


def document(activity):
    """Return the index document of a public ``activity`` (loaded with what it links to)."""
    location = activity.location
    organization = activity.organization
    area = location.area if location is not None else None
    verified = verified_on(activity)
    flags = flags_of(activity)
    values = FacetValues(
        step=activity.step_id or 0,
        area=location.area_id if location is not None else 0,
        themes=tuple(theme.id for theme in activity.themes),
        weekdays=activity.weekday_mask,
        daytimes=activity.daytime_mask,
        languages=tuple(language.id for language in activity.languages),
        target_groups=tuple(group.id for group in activity.target_groups),
        flags=flags,
        verified=verified.toordinal() if verified else 0,
    )
    until = activity.valid_until
    doc = {
        "id": str(activity.id),
        "valid_until": int(until.strftime("%Y%m%d")) if until else NO_END,
        "facets": values.pack(),
        "step": str(values.step),
        "area": str(values.area),
        "theme": " ".join(map(str, values.themes)),
        "weekday": " ".join(weekday_codes(values.weekdays)),
        "daytime": " ".join(daytime_codes(values.daytimes)),
        "language": " ".join(map(str, values.languages)),
        "target_group": " ".join(map(str, values.target_groups)),
        "flag": " ".join(name for bit, name in FLAG_NAMES.items() if flags & bit),
    }
    texts = {}
    for lang in LANGUAGES:
        own = [getattr(activity, f"{name}_{lang}") or "" for name in STORED_TEXTS]
        place = [
            organization.text("name", lang) if organization is not None else "",
            location.name if location is not None else "",
            location.street_address if location is not None else "",
            location.post_office if location is not None else "",
            area.text("name", lang) if area is not None else "",
            area.parent.text("name", lang) if area is not None and area.parent else "",
            *(term.text("name", lang) for term in (*activity.themes, *activity.target_groups)),
        ]
        texts[lang] = own
        doc[f"name_{lang}"], doc[f"summary_{lang}"] = own[0], own[1]
        doc[f"body_{lang}"] = "\n".join(str(text) for text in (own[2], *place) if text)
    doc["texts"] = texts
    return doc


def load_activities(session, ids=None):
    """Select the published activities (all, or those of ``ids``) with what documents show."""
    statement = (
        select(Activity)
        .where(Activity.status == PUBLISHED)
        .options(
            joinedload(Activity.organization),
            joinedload(Activity.location).joinedload(Location.area).joinedload(Area.parent),
            selectinload(Activity.themes),
            selectinload(Activity.target_groups),
            selectinload(Activity.languages),
        )
        .order_by(Activity.id)
    )
    if ids is not None:
        statement = statement.where(Activity.id.in_(ids))
    return session.scalars(statement)


def indexable(activity, today):
    """Tell whether ``activity`` belongs in the index on ``today`` (public, not ended)."""
    return is_public(activity, today)
