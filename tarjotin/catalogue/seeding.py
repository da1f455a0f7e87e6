"""Seeds: the step model, the vocabularies and a demo region, read from ``seeds/*.toml``.

Every seeded record has a stable key: vocabularies their ``code``, organisations,
locations and activities a ``uid`` derived from the key they have in the TOML. Seeding
inserts what is missing and never overwrites a row that exists, because a coordinator may
have edited it since. Dates in the demo files are counted in days from the seeding day, so
the demo region looks current whenever it is seeded. Everything is read and checked
before the first row is added: a mistake in a seed file raises :class:`SeedError` naming
the file and the record, and adds nothing. Only flushes; the caller commits.
"""

import re
import tomllib
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path

from sqlalchemy import select

from tarjotin.catalogue.lifecycle import ARCHIVED, PUBLISHED, STATUSES
from tarjotin.catalogue.schedules import holidays_between, refresh_masks
from tarjotin.config import ROOT
from tarjotin.models import (
    Activity,
    Area,
    Cancellation,
    Language,
    Location,
    Organization,
    Session,
    Step,
    TargetGroup,
    Theme,
    WeeklySlot,
)
from tarjotin.models.activity import (
    COST_FEE,
    COST_FREE,
    NO,
    REGISTRATION_NONE,
    REGISTRATION_REQUIRED,
    UNKNOWN,
    YES,
)
from tarjotin.models.organisation import ORGANIZATION_KINDS
from tarjotin.models.text import LANGUAGES
from tarjotin.timeutil import region_today

SEEDS_DIR = ROOT / "seeds"
DEMO_FOLDER = "demo"
# Fixed for good: the uids of seeded records are derived from it and their keys.
NAMESPACE = uuid.UUID("0c6f4f3e-7d5a-5b8e-9c41-7a2d3b9e6f10")
SUMMARY_MAX = 200
# Open-ended activities get their holidays cancelled this far ahead.
HOLIDAY_HORIZON_DAYS = 365

_KEY = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_TIME = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")


class SeedError(ValueError):
    """A seed file is wrong; the message names the file and the record."""


def seed_uid(kind, key):
    """Return the stable uid of the seeded ``kind`` ("organization" …) with ``key``."""
    return str(uuid.uuid5(NAMESPACE, f"{kind}:{key}"))


@dataclass
class SeedReport:
    """What one seeding run added, and how many records it found already there."""

    added: Counter = field(default_factory=Counter)
    present: Counter = field(default_factory=Counter)

    def summary(self):
        kinds = [
            ("step", "steps"),
            ("area", "areas"),
            ("theme", "themes"),
            ("target_group", "target groups"),
            ("language", "languages"),
            ("organization", "organisations"),
            ("location", "locations"),
            ("activity", "activities"),
        ]
        added = [f"{self.added[kind]} {label}" for kind, label in kinds if self.added[kind]]
        present = sum(self.present.values())
        if not added:
            return f"Nothing to add: all {present} seeded records are already there."
        return f"Added {', '.join(added)}; {present} seeded records were already there."


def is_empty(session):
    """Tell whether the database has neither activities nor steps (a fresh install)."""
    no_activity = session.scalar(select(Activity.id).limit(1)) is None
    return no_activity and session.scalar(select(Step.id).limit(1)) is None


def seed(session, demo=True, *, today=None, seeds_dir=None):
    """Add the steps and vocabularies, and with ``demo`` the demo region, where missing.

    Relative dates are resolved against ``today`` (the region's today by default); the
    files are read from ``seeds_dir`` (the project's ``seeds/`` by default).
    """
    today = today or region_today()
    seeds = load_seeds(Path(seeds_dir or SEEDS_DIR), demo=demo, today=today)
    report = SeedReport()
    terms = {
        Step: _add_terms(session, Step, seeds.steps, report, "step"),
        Area: _add_areas(session, seeds.areas, report),
        Theme: _add_terms(session, Theme, seeds.themes, report, "theme"),
        TargetGroup: _add_terms(session, TargetGroup, seeds.target_groups, report, "target_group"),
        Language: _add_terms(session, Language, seeds.languages, report, "language"),
    }
    if demo:
        organizations = _add_by_uid(
            session, Organization, seeds.organizations, report, "organization", _organization
        )
        locations = _add_by_uid(
            session,
            Location,
            seeds.locations,
            report,
            "location",
            lambda record: _location(record, terms[Area]),
        )
        _add_by_uid(
            session,
            Activity,
            seeds.activities,
            report,
            "activity",
            lambda record: _activity(record, terms, organizations, locations, today),
        )
    session.flush()
    return report


# --- Reading and checking the files ------------------------------------------------------


@dataclass(frozen=True)
class SlotSeed:
    weekday: int
    start: time
    end: time
    interval: int


@dataclass(frozen=True)
class SessionSeed:
    day: date
    start: time
    end: time


@dataclass
class Seeds:
    """Everything read from a seeds folder, checked, with dates resolved."""

    steps: list = field(default_factory=list)
    areas: list = field(default_factory=list)
    themes: list = field(default_factory=list)
    target_groups: list = field(default_factory=list)
    languages: list = field(default_factory=list)
    organizations: list = field(default_factory=list)
    locations: list = field(default_factory=list)
    activities: list = field(default_factory=list)


def load_seeds(folder, *, demo=True, today):
    """Read and check the seed files in ``folder``; raise :class:`SeedError` on a mistake."""
    seeds = Seeds()
    seeds.steps = [_read_step(e) for e in _entries(folder, "steps.toml", "steps")]
    seeds.areas = _read_areas(folder)
    for name in ("themes", "target_groups", "languages"):
        setattr(seeds, name, [_read_term(e) for e in _entries(folder, f"{name}.toml", name)])
    for attribute in ("steps", "areas", "themes", "target_groups", "languages"):
        _check_unique(getattr(seeds, attribute), "code")
    _check_unique(seeds.steps, "number")
    if not demo:
        return seeds

    codes = {
        "step": {s["code"] for s in seeds.steps},
        "area": {a["code"] for a in seeds.areas},
        "theme": {t["code"] for t in seeds.themes},
        "target group": {t["code"] for t in seeds.target_groups},
        "language": {t["code"] for t in seeds.languages},
    }
    files = sorted((folder / DEMO_FOLDER).glob("*.toml"))
    raw = {"organizations": [], "locations": [], "activities": []}
    for path in files:
        data = _load(folder, path)
        unknown = set(data) - set(raw)
        if unknown:
            raise SeedError(
                f"{_name(folder, path)}: unknown table {sorted(unknown)[0]!r}; "
                "expected organizations, locations or activities"
            )
        for table in raw:
            raw[table].extend(_table_entries(folder, path, data, table))
    seeds.organizations = [_read_organization(e) for e in raw["organizations"]]
    seeds.locations = [_read_location(e, codes) for e in raw["locations"]]
    references = {
        **codes,
        "organisation": {o["key"] for o in seeds.organizations},
        "location": {loc["key"] for loc in seeds.locations},
    }
    seeds.activities = [_read_activity(e, references, today) for e in raw["activities"]]
    for attribute in ("organizations", "locations", "activities"):
        _check_unique(getattr(seeds, attribute), "key")
    return seeds


class _Entry:
    """One table of a seed file; every error it raises names the file and the record."""

    def __init__(self, file, table, index, data):
        self.file = file
        self.data = data
        label = (data.get("key") or data.get("code")) if isinstance(data, dict) else None
        self.where = f"{table} {label!r}" if isinstance(label, str) else f"{table}[{index}]"
        if not isinstance(data, dict):
            raise self.error("must be a table")

    def error(self, message):
        return SeedError(f"{self.file}: {self.where}: {message}")

    def allow(self, *names):
        unknown = sorted(set(self.data) - set(names))
        if unknown:
            raise self.error(f"unknown field {unknown[0]!r}")

    def get(self, name, kind, default=None, *, required=False):
        if name not in self.data:
            if required:
                raise self.error(f"{name} is missing")
            return default
        value = self.data[name]
        # bool is an int in Python, but true is no number of days.
        if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
            raise self.error(f"{name} must be {_KIND_NAMES[kind]}")
        return value

    def key(self, name="key"):
        value = self.get(name, str, required=True)
        if not _KEY.match(value):
            raise self.error(f"{name} {value!r} must be lowercase letters, digits and dashes")
        return value

    def choice(self, name, choices, default=None):
        value = self.get(name, str, default, required=default is None)
        if value not in choices:
            raise self.error(f"{name} must be one of {', '.join(choices)}, not {value!r}")
        return value

    def texts(self, name, *, required=False, max_length=None):
        """Return ``{"fi": …, "sv": …, "en": …}`` from a ``name.fi = …`` table."""
        value = self.get(name, dict, {})
        unknown = sorted(set(value) - set(LANGUAGES))
        if unknown:
            raise self.error(f"{name} has an unknown language {unknown[0]!r}")
        texts = {}
        for lang in LANGUAGES:
            text = value.get(lang)
            if text is not None and not isinstance(text, str):
                raise self.error(f"{name}.{lang} must be text")
            text = " ".join(text.split()) if text else None
            if max_length and text and len(text) > max_length:
                raise self.error(f"{name}.{lang} is longer than {max_length} characters")
            texts[lang] = text
        if required and not texts["fi"]:
            raise self.error(f"{name}.fi is missing")
        return texts

    def reference(self, name, kind, codes, *, required=True):
        value = self.get(name, str, required=required)
        if value is not None and value not in codes:
            raise self.error(f"unknown {kind} {value!r}")
        return value

    def references(self, name, kind, codes, *, required=True):
        values = self.get(name, list, [])
        if required and not values:
            raise self.error(f"{name} must list at least one {kind}")
        for value in values:
            if value not in codes:
                raise self.error(f"unknown {kind} {value!r}")
        if len(set(values)) != len(values):
            raise self.error(f"{name} lists a {kind} twice")
        return values


_KIND_NAMES = {
    str: "text",
    int: "a whole number",
    (int, float): "a number",
    bool: "true or false",
    list: "a list",
    dict: "a table",
}


def _name(folder, path):
    return path.relative_to(folder).as_posix()


def _load(folder, path):
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        raise SeedError(f"{_name(folder, path)}: the file is missing") from None
    except tomllib.TOMLDecodeError as error:
        raise SeedError(f"{_name(folder, path)}: not valid TOML: {error}") from None


def _table_entries(folder, path, data, table):
    rows = data.get(table, [])
    if not isinstance(rows, list):
        raise SeedError(f"{_name(folder, path)}: {table} must be an array of tables")
    return [_Entry(_name(folder, path), table, i, row) for i, row in enumerate(rows)]


def _entries(folder, filename, table):
    path = folder / filename
    return _table_entries(folder, path, _load(folder, path), table)


def _check_unique(records, attribute):
    seen = set()
    for record in records:
        value = record[attribute]
        if value in seen:
            raise record["entry"].error(f"{attribute} {value!r} is used twice")
        seen.add(value)


def _read_term(entry, *extra):
    entry.allow("code", "name", *extra)
    return {"entry": entry, "code": entry.key("code"), "name": entry.texts("name", required=True)}


def _read_step(entry):
    entry.allow("code", "number", "name", "tagline", "description")
    number = entry.get("number", int, required=True)
    if not 1 <= number <= 9:
        raise entry.error("number must be between 1 and 9")
    return {
        "entry": entry,
        "code": entry.key("code"),
        "number": number,
        "name": entry.texts("name", required=True),
        "tagline": entry.texts("tagline", required=True),
        "description": entry.texts("description", required=True),
    }


def _read_areas(folder):
    areas = []
    for entry in _entries(folder, "areas.toml", "municipalities"):
        municipality = _read_term(entry, "districts")
        municipality.update(kind=Area.MUNICIPALITY, parent=None)
        areas.append(municipality)
        districts = entry.get("districts", list, [])
        for index, data in enumerate(districts):
            district = _read_term(_Entry(entry.file, f"{entry.where} districts", index, data))
            district.update(kind=Area.DISTRICT, parent=municipality["code"])
            areas.append(district)
    return areas


def _read_organization(entry):
    entry.allow("key", "kind", "name", "description", "website", "email", "phone")
    return {
        "entry": entry,
        "key": entry.key(),
        "kind": entry.choice("kind", ORGANIZATION_KINDS),
        "name": entry.texts("name", required=True),
        "description": entry.texts("description", required=True),
        "website": entry.get("website", str),
        "email": entry.get("email", str),
        "phone": entry.get("phone", str),
    }


def _read_location(entry, codes):
    entry.allow(
        "key", "name", "street_address", "postal_code", "post_office", "area",
        "step_free", "accessibility", "latitude", "longitude",
    )  # fmt: skip
    postal_code = entry.get("postal_code", str, "")
    if postal_code and not re.fullmatch(r"\d{5}", postal_code):
        raise entry.error(f"postal_code {postal_code!r} must be five digits")
    coordinates = {}
    for name in ("latitude", "longitude"):
        value = entry.get(name, (int, float))
        coordinates[name] = float(value) if value is not None else None
    return {
        "entry": entry,
        "key": entry.key(),
        "name": entry.get("name", str, required=True),
        "street_address": entry.get("street_address", str, ""),
        "postal_code": postal_code,
        "post_office": entry.get("post_office", str, ""),
        "area": entry.reference("area", "area", codes["area"]),
        "step_free": entry.choice("step_free", (YES, NO, UNKNOWN), UNKNOWN),
        "accessibility": entry.texts("accessibility"),
        **coordinates,
    }


_ACTIVITY_FIELDS = (
    "key", "organization", "location", "step", "status", "themes", "target_groups",
    "languages", "name", "summary", "description", "cost", "cost_description",
    "registration", "registration_description", "contact", "website", "capacity",
    "min_age", "max_age", "valid_from_days", "valid_until_days", "verified_days_ago",
    "published_days_ago", "created_days_ago", "slots", "sessions", "cancel_on_holidays",
    "cancellations",
)  # fmt: skip


def _read_activity(entry, references, today):
    entry.allow(*_ACTIVITY_FIELDS)
    status = entry.choice("status", STATUSES, PUBLISHED)
    record = {
        "entry": entry,
        "key": entry.key(),
        "organization": entry.reference("organization", "organisation", references["organisation"]),
        "location": entry.reference("location", "location", references["location"], required=False),
        "step": entry.reference("step", "step", references["step"]),
        "status": status,
        "themes": entry.references("themes", "theme", references["theme"]),
        "target_groups": entry.references(
            "target_groups", "target group", references["target group"]
        ),
        "languages": entry.references("languages", "language", references["language"]),
        "name": entry.texts("name", required=True, max_length=200),
        "summary": entry.texts("summary", required=True, max_length=SUMMARY_MAX),
        "description": entry.texts("description", required=True),
        "cost": entry.choice("cost", (COST_FREE, COST_FEE, UNKNOWN), UNKNOWN),
        "cost_description": entry.texts("cost_description", max_length=500),
        "registration": entry.choice(
            "registration", (REGISTRATION_NONE, REGISTRATION_REQUIRED, UNKNOWN), UNKNOWN
        ),
        "registration_description": entry.texts("registration_description", max_length=500),
        "contact": _read_contact(entry),
        "website": entry.get("website", str),
        "capacity": _read_count(entry, "capacity", 1, 10_000),
        "min_age": _read_count(entry, "min_age", 0, 120),
        "max_age": _read_count(entry, "max_age", 0, 120),
        "cancel_on_holidays": entry.get("cancel_on_holidays", bool, False),
    }
    if len(record["themes"]) > 3:
        raise entry.error("an activity has at most three themes")
    ages = (record["min_age"], record["max_age"])
    if None not in ages and ages[0] > ages[1]:
        raise entry.error("min_age is greater than max_age")
    if record["cost"] == COST_FEE and not record["cost_description"]["fi"]:
        raise entry.error("cost_description.fi is missing for an activity with a fee")

    record["valid_from"] = _days_from(entry, "valid_from_days", today)
    record["valid_until"] = _days_from(entry, "valid_until_days", today)
    validity = (record["valid_from"], record["valid_until"])
    if None not in validity and validity[0] > validity[1]:
        raise entry.error("valid_from_days is after valid_until_days")
    verified = entry.get("verified_days_ago", int)
    record["last_verified"] = today - timedelta(days=verified) if verified is not None else None
    published = entry.get("published_days_ago", int, verified)
    if status in (PUBLISHED, ARCHIVED):
        if published is None:
            raise entry.error("a published activity needs verified_days_ago or published_days_ago")
        record["published_at"] = _morning(today - timedelta(days=published))
    else:
        if "published_days_ago" in entry.data:
            raise entry.error(f"a {status} activity has no published_days_ago")
        record["published_at"] = None
    created = entry.get("created_days_ago", int, (published or 0) + 7)
    record["created_at"] = _morning(today - timedelta(days=created))

    record["slots"] = [_read_slot(entry, i, s) for i, s in enumerate(entry.get("slots", list, []))]
    record["sessions"] = [
        session
        for i, s in enumerate(entry.get("sessions", list, []))
        for session in _read_sessions(entry, i, s, today)
    ]
    first, last = record["valid_from"] or date.min, record["valid_until"] or date.max
    for session in record["sessions"]:
        if not first <= session.day <= last:
            raise entry.error(f"a session on {session.day} is outside valid_from … valid_until")
    if record["cancel_on_holidays"] and not record["slots"]:
        raise entry.error("cancel_on_holidays needs weekly slots")
    record["cancellations"] = [
        _read_cancellation(entry, i, c, today)
        for i, c in enumerate(entry.get("cancellations", list, []))
    ]
    return record


def _read_contact(entry):
    contact = entry.get("contact", dict, {})
    unknown = sorted(set(contact) - {"name", "email", "phone"})
    if unknown:
        raise entry.error(f"contact has an unknown field {unknown[0]!r}")
    for name, value in contact.items():
        if not isinstance(value, str):
            raise entry.error(f"contact.{name} must be text")
    return contact


def _read_count(entry, name, lowest, highest):
    value = entry.get(name, int)
    if value is not None and not lowest <= value <= highest:
        raise entry.error(f"{name} must be between {lowest} and {highest}")
    return value


def _days_from(entry, name, today):
    days = entry.get(name, int)
    return today + timedelta(days=days) if days is not None else None


def _morning(day):
    # Stored as naive UTC like utcnow(); 07:00 UTC is a working morning in Finland.
    return datetime.combine(day, time(7))


def _sub(entry, name, index, data, allowed):
    where = f"{name}[{index}]"
    if not isinstance(data, dict):
        raise entry.error(f"{where} must be a table")
    unknown = sorted(set(data) - set(allowed))
    if unknown:
        raise entry.error(f"{where} has an unknown field {unknown[0]!r}")
    return where


def _read_times(entry, where, data):
    start, end = (_read_time(entry, f"{where}.{name}", data.get(name)) for name in ("start", "end"))
    if start >= end:
        raise entry.error(f"{where} ends before it starts")
    return start, end


def _read_time(entry, where, value):
    if isinstance(value, time):
        return value
    if isinstance(value, str) and (match := _TIME.match(value)):
        return time(int(match[1]), int(match[2]))
    raise entry.error(f'{where} must be a time like "17:30", not {value!r}')


def _read_weekday(entry, where, data):
    weekday = data.get("weekday")
    if not isinstance(weekday, int) or isinstance(weekday, bool) or not 0 <= weekday <= 6:
        raise entry.error(f"{where}.weekday must be 0 (Monday) to 6 (Sunday)")
    return weekday


def _read_slot(entry, index, data):
    where = _sub(entry, "slots", index, data, ("weekday", "start", "end", "interval"))
    weekday = _read_weekday(entry, where, data)
    start, end = _read_times(entry, where, data)
    interval = data.get("interval", 1)
    if interval not in (1, 2, 3, 4) or isinstance(interval, bool):
        raise entry.error(f"{where}.interval must be 1 to 4 weeks")
    return SlotSeed(weekday, start, end, interval)


def _read_sessions(entry, index, data, today):
    """One dated session, or ``count`` of them a week apart."""
    where = _sub(
        entry, "sessions", index, data, ("in_days", "in_weeks", "weekday", "start", "end", "count")
    )
    start, end = _read_times(entry, where, data)
    count = data.get("count", 1)
    if not isinstance(count, int) or isinstance(count, bool) or not 1 <= count <= 52:
        raise entry.error(f"{where}.count must be 1 to 52")
    first = _relative_day(entry, where, data, today)
    return [SessionSeed(first + timedelta(weeks=n), start, end) for n in range(count)]


def _relative_day(entry, where, data, today):
    """Return the day ``in_days`` from today, or a weekday in the week ``in_weeks`` ahead."""
    if "in_days" in data and "in_weeks" not in data and "weekday" not in data:
        return _int_days(entry, f"{where}.in_days", data["in_days"], today)
    if "in_weeks" in data and "in_days" not in data:
        # Counting weeks from this Monday keeps a Tuesday course on Tuesdays.
        weekday = _read_weekday(entry, where, data)
        monday = today - timedelta(days=today.weekday())
        week = _int_days(entry, f"{where}.in_weeks", data["in_weeks"], monday, factor=7)
        return week + timedelta(days=weekday)
    raise entry.error(f"{where} needs in_days, or in_weeks with a weekday")


def _int_days(entry, where, value, base, factor=1):
    if not isinstance(value, int) or isinstance(value, bool):
        raise entry.error(f"{where} must be a whole number")
    return base + timedelta(days=value * factor)


def _read_cancellation(entry, index, data, today):
    where = _sub(entry, "cancellations", index, data, ("in_days", "in_weeks", "weekday", "note"))
    note = data.get("note")
    if note is not None and not isinstance(note, str):
        raise entry.error(f"{where}.note must be text")
    return _relative_day(entry, where, data, today), note


# --- Adding what is missing --------------------------------------------------------------


def _set_texts(obj, name, texts):
    for lang, text in texts.items():
        setattr(obj, f"{name}_{lang}", text)


def _term(model, record, position):
    obj = model(code=record["code"], position=position)
    _set_texts(obj, "name", record["name"])
    return obj


def _add_terms(session, model, records, report, kind):
    existing = {term.code: term for term in session.scalars(select(model))}
    for position, record in enumerate(records, start=1):
        if record["code"] in existing:
            report.present[kind] += 1
            continue
        term = _term(model, record, position)
        if model is Step:
            term.number = record["number"]
            _set_texts(term, "tagline", record["tagline"])
            _set_texts(term, "description", record["description"])
        session.add(term)
        existing[record["code"]] = term
        report.added[kind] += 1
    return existing


def _add_areas(session, records, report):
    existing = {area.code: area for area in session.scalars(select(Area))}
    for position, record in enumerate(records, start=1):
        if record["code"] in existing:
            report.present["area"] += 1
            continue
        area = _term(Area, record, position)
        area.kind = record["kind"]
        area.parent = existing[record["parent"]] if record["parent"] else None
        session.add(area)
        existing[record["code"]] = area
        report.added["area"] += 1
    return existing


def _add_by_uid(session, model, records, report, kind, build):
    """Add the records whose uid is missing; return every record's object by key."""
    uids = {record["key"]: seed_uid(kind, record["key"]) for record in records}
    existing = {
        obj.uid: obj
        for obj in session.scalars(select(model).where(model.uid.in_(list(uids.values()))))
    }
    by_key = {}
    for record in records:
        uid = uids[record["key"]]
        if uid in existing:
            by_key[record["key"]] = existing[uid]
            report.present[kind] += 1
            continue
        obj = build(record)
        obj.uid = uid
        session.add(obj)
        by_key[record["key"]] = obj
        report.added[kind] += 1
    return by_key


def _organization(record):
    organization = Organization(
        kind=record["kind"],
        website=record["website"],
        email=record["email"],
        phone=record["phone"],
    )
    _set_texts(organization, "name", record["name"])
    _set_texts(organization, "description", record["description"])
    return organization


def _location(record, areas):
    location = Location(
        name=record["name"],
        street_address=record["street_address"],
        postal_code=record["postal_code"],
        post_office=record["post_office"],
        area=areas[record["area"]],
        step_free=record["step_free"],
        latitude=record["latitude"],
        longitude=record["longitude"],
    )
    _set_texts(location, "accessibility", record["accessibility"])
    return location


def _activity(record, terms, organizations, locations, today):
    contact = record["contact"]
    activity = Activity(
        organization=organizations[record["organization"]],
        location=locations[record["location"]] if record["location"] else None,
        step=terms[Step][record["step"]],
        status=record["status"],
        cost=record["cost"],
        registration=record["registration"],
        contact_name=contact.get("name"),
        contact_email=contact.get("email"),
        contact_phone=contact.get("phone"),
        website=record["website"],
        capacity=record["capacity"],
        min_age=record["min_age"],
        max_age=record["max_age"],
        valid_from=record["valid_from"],
        valid_until=record["valid_until"],
        last_verified=record["last_verified"],
        published_at=record["published_at"],
        created_at=record["created_at"],
        updated_at=record["published_at"] or record["created_at"],
    )
    for name in ("name", "summary", "description", "cost_description", "registration_description"):
        _set_texts(activity, name, record[name])
    activity.themes = [terms[Theme][code] for code in record["themes"]]
    activity.target_groups = [terms[TargetGroup][code] for code in record["target_groups"]]
    activity.languages = [terms[Language][code] for code in record["languages"]]
    activity.weekly_slots = [
        WeeklySlot(weekday=s.weekday, start_time=s.start, end_time=s.end, interval=s.interval)
        for s in record["slots"]
    ]
    activity.sessions = [
        Session(date=s.day, start_time=s.start, end_time=s.end) for s in record["sessions"]
    ]
    notes = dict(record["cancellations"])
    if record["cancel_on_holidays"]:
        notes = _holidays(record, today) | notes
    activity.cancellations = [
        Cancellation(date=day, note=note) for day, note in sorted(notes.items())
    ]
    refresh_masks(activity)
    return activity


def _holidays(record, today):
    """Return the public holidays on which the activity's weekly slots would fall.

    They carry no note: a page can name a holiday in the reader's language from
    ``schedules.finnish_public_holidays``, which a stored Finnish note could not.
    """
    start, end = record["valid_from"] or today, record["valid_until"]
    if end is None:  # open-ended: the coming year, from today or from when it begins
        start, end = max(start, today), today + timedelta(days=HOLIDAY_HORIZON_DAYS)
    weekdays = {slot.weekday for slot in record["slots"]}
    return {day: None for day in holidays_between(start, end) if day.weekday() in weekdays}
