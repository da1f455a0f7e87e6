"""Import HSDS 3.0 data: tarjotin's own export, or what another system produced.

All or nothing per file: the file is read, coerced where that is safe, validated against
the official schema, its references checked and every record mapped before the first
row is written. An error anywhere (not HSDS, a schema violation, a broken reference)
refuses the whole file and adds nothing to the session. Records that are valid HSDS but
that the tray cannot take as they are go on:

- *refused* records are left out, with the reason (a name longer than the tray keeps,
  a service without an organisation); what depends on them is left out too;
- records the tray cannot *place* (no step, a location in no known area, a schedule it
  cannot show) are imported as ``submitted``: in the coordinator's review queue, not public.

Ids are kept: an HSDS id is the uid of the organisation, location or activity, so a
second import of the same file finds every record and changes nothing. A file in
tarjotin's profile (it carries the step taxonomy) is authoritative for every field it
maps; a file from elsewhere leaves alone what it cannot say (the step a coordinator
chose, the Swedish texts, …). Vocabulary terms are matched by code and never
overwritten; missing ones are created. Nothing is ever deleted. Only flushes: the caller
commits an accepted import, or rolls back.
"""

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from tarjotin.catalogue.lifecycle import PUBLISHED
from tarjotin.catalogue.schedules import refresh_masks
from tarjotin.models import (
    Activity,
    Area,
    Cancellation,
    Location,
    Organization,
    Session,
    WeeklySlot,
)
from tarjotin.models.activity import (
    NO,
    UNKNOWN,
    YES,
)
from tarjotin.models.organisation import ORGANIZATION_KINDS
from tarjotin.opendata import formats, hsds
from tarjotin.opendata.formats import FormatError
from tarjotin.opendata.hsds_services import ServicePlanner
from tarjotin.opendata.hsds_values import (
    KEEP,
    extension,
    set_translated,
    text,
    too_long,
    whole,
)
from tarjotin.opendata.profile import (
    VOCABULARIES,
    VOCABULARY,
    X_STEP_FREE,
    X_STEP_NUMBER,
    X_TAGLINE,
)
from tarjotin.timeutil import utcnow

MAX_ID_LENGTH = 36
USED_TABLES = {
    "organization", "service", "service_at_location", "location", "address", "accessibility",
    "schedule", "contact", "phone", "language", "cost_option", "attribute", "taxonomy",
    "taxonomy_term", "meta_table_description",
}  # fmt: skip


class _Refusal(Exception):
    """A reason to refuse the whole file (internal: it ends up in the report)."""


@dataclass
class Entry:
    """One record of the file and what the import did with it."""

    action: str  # created | updated | unchanged | refused
    kind: str  # organization | location | activity | step | theme | target_group | area …
    id: str
    label: str
    detail: str = ""  # the fields changed, or why it was refused
    review: str = ""  # why an imported activity waits for the coordinator


@dataclass
class ImportReport:
    """What an import did: per record, and the notes and errors on the whole file."""

    source: str = ""
    errors: list = field(default_factory=list)  # non-empty: the file was refused
    error_count: int = 0
    entries: list = field(default_factory=list)
    notes: list = field(default_factory=list)  # what was coerced or left out

    @property
    def accepted(self):
        return not self.errors

    def count(self, action, kind=None):
        return sum(1 for e in self.entries if e.action == action and kind in (None, e.kind))

    def of(self, action):
        return [entry for entry in self.entries if entry.action == action]

    @property
    def review(self):
        return [entry for entry in self.entries if entry.review]

    def counts(self):
        """Return {kind: Counter(action -> n)} in a stable order."""
        result = {}
        for entry in self.entries:
            result.setdefault(entry.kind, Counter())[entry.action] += 1
        return result

    def summary(self, verbose=False):
        """Return the report as plain text lines for the command line."""
        lines = [f"HSDS import of {self.source or 'the data'}"]
        if not self.accepted:
            more = self.error_count - len(self.errors)
            lines.append("REFUSED: nothing was imported.")
            lines += [f"  error: {message}" for message in self.errors]
            if more > 0:
                lines.append(f"  … and {more} more errors")
            return "\n".join(lines)
        for kind, counts in self.counts().items():
            parts = [f"{counts[a]} {a}" for a in ("created", "updated", "unchanged", "refused")]
            lines.append(f"  {kind}: {', '.join(parts)}")
        details = [e for e in self.entries if e.action == "refused" or e.review]
        if verbose:
            details = [e for e in self.entries if e.action != "unchanged" or e.review]
        for entry in details:
            line = f"  {entry.action} {entry.kind} {entry.id} {entry.label!r}"
            if entry.action == "refused":
                line += f": {entry.detail}"
            elif entry.detail:
                line += f" (changed: {entry.detail})"
            if entry.review:
                line += f"; in review: {entry.review}"
            lines.append(line)
        if self.review:
            waiting = len(self.review)
            verb = "activity waits" if waiting == 1 else "activities wait"
            lines.append(f"  {waiting} {verb} in the review queue (not public).")
        lines += [f"  note: {note}" for note in self.notes]
        return "\n".join(lines)


# --- Reading -------------------------------------------------------------------------------


def import_path(session, path, *, now=None):
    """Import the HSDS file or CSV package at ``path`` (.json, .zip or a folder)."""
    path = Path(path)
    report = ImportReport(source=str(path))
    try:
        if path.is_dir() or path.suffix.lower() == ".zip":
            dataset, notes = formats.dataset_from_csv(path)
            report.notes += notes
            return _import(session, dataset, None, report, from_text=True, now=now)
        data = json.loads(path.read_bytes())
    except (OSError, ValueError) as error:
        report.errors.append(_reading_error(error))
        report.error_count = 1
        return report
    return import_data(session, data, now=now, report=report)


def import_data(session, data, *, now=None, report=None):
    """Import parsed HSDS JSON: tabular tables, full services, a list or page of them."""
    report = report or ImportReport()
    try:
        dataset, ignored, given = formats.dataset_from_json(data)
    except FormatError as error:
        report.errors.append(str(error))
        report.error_count = 1
        return report
    report.notes += [f"{key}: not an HSDS table, left out" for key in ignored]
    return _import(session, dataset, given, report, from_text=False, now=now)


def _reading_error(error):
    if isinstance(error, json.JSONDecodeError):
        return f"not valid JSON: {error}"
    if isinstance(error, UnicodeDecodeError):
        return "not UTF-8 text"
    if isinstance(error, OSError):
        return f"cannot read the file: {error.strerror or error}"
    return str(error)


def _import(session, dataset, given, report, *, from_text, now):
    changes = hsds.coerce(dataset, from_text=from_text)
    report.notes += [f"{t}.{f}: {n} × {what}" for (t, f, what), n in sorted(changes.items())]
    errors, total = hsds.tabular_errors(dataset)
    if errors:
        report.errors, report.error_count = errors, total
        return report
    try:
        plan = _Planner(session, dataset, given, report).plan()
    except _Refusal as error:
        errors = error.args[0]
        report.errors, report.error_count = errors[: hsds.MAX_ERRORS], len(errors)
        report.entries.clear()
        return report
    _Writer(session, plan, now or utcnow(), report).write()
    session.flush()
    return report


# --- Planning ------------------------------------------------------------------------------

_CHILD_TABLES = (
    "service_at_location", "schedule", "contact", "phone", "language", "cost_option",
    "address", "accessibility",
)  # fmt: skip
_PARENT_KEYS = ("service_id", "location_id", "contact_id", "service_at_location_id")


@dataclass
class _Plan:
    terms: list = field(default_factory=list)  # (vocabulary key, code, file row, extra)
    organizations: list = field(default_factory=list)  # (uid, values, existing or None)
    locations: list = field(default_factory=list)
    activities: list = field(default_factory=list)  # (uid, values, existing, review)
    known: dict = field(default_factory=dict)  # model -> {uid: record} already in the database
    vocabulary: dict = field(default_factory=dict)  # (key, code) -> term in the database


class _Planner:
    """Check the file and decide each record's fate before anything is written."""

    def __init__(self, session, dataset, given, report):
        self.session = session
        self.data = dataset
        self.given = given
        self.report = report
        self.errors = []
        self.ignored = Counter()
        self.rows = {name: {} for name in dataset}
        for name, rows in dataset.items():
            for row in rows:
                if row["id"] in self.rows[name]:
                    self.fail(f"{name} {row['id']!r}: the id is used twice")
                self.rows[name][row["id"]] = row
        self.children = {}
        for name in _CHILD_TABLES:
            for row in dataset[name]:
                for key in _PARENT_KEYS:
                    if row.get(key):
                        self.children.setdefault((name, key, row[key]), []).append(row)
        self.attributes = {}
        for row in dataset["attribute"]:
            link = (row.get("link_entity"), row.get("link_id"))
            self.attributes.setdefault(link, []).append(row.get("taxonomy_term_id"))
        self.vocabulary = _Vocabulary(self)
        # A file that has the step taxonomy speaks tarjotin's profile.
        self.profile = "step" in self.vocabulary.defined
        self.plan_ = _Plan()

    def fail(self, message):
        self.errors.append(message)

    def entry(self, action, kind, record_id, label, detail=""):
        self.report.entries.append(Entry(action, kind, record_id, label or "", detail))

    def kids(self, table, key, parent_id):
        return self.children.get((table, key, parent_id), [])

    def gives(self, table, record_id, key):
        """Tell whether the file gives the record's nested list ``key`` (tables give all)."""
        return self.given is None or key in self.given.get((table, record_id), ())

    def plan(self):
        for name, rows in self.data.items():
            if rows and name not in USED_TABLES:
                self.report.notes.append(f"{name}: {len(rows)} rows the tray has no place for")
            for row in rows:
                if len(row["id"]) > MAX_ID_LENGTH:
                    self.fail(f"{name} {row['id'][:40]!r}…: an id longer than 36 characters")
        self._check_references()
        if not self.errors:
            self.vocabulary.plan(self.plan_)
            organizations = self._plan_organizations()
            locations = self._plan_locations()
            self._plan_activities(organizations, locations)
        if self.errors:
            raise _Refusal(self.errors)
        for what, count in sorted(self.ignored.items()):
            self.report.notes.append(f"{what} ({count})")
        return self.plan_

    def existing(self, model, uids, *options):
        """Return the records of ``model`` with those uids, by uid, and remember them."""
        uids = sorted(set(uids))
        found = {}
        for start in range(0, len(uids), 500):
            query = select(model).where(model.uid.in_(uids[start : start + 500])).options(*options)
            found.update((obj.uid, obj) for obj in self.session.scalars(query))
        self.plan_.known.setdefault(model, {}).update(found)
        return found

    # -- References ---------------------------------------------------------------------

    def _check_references(self):
        def need(table, row, key, target, also=()):
            value = row.get(key)
            if value and value not in self.rows[target] and value not in also:
                self.fail(f"{table} {row['id']!r}: {key} {value!r} names no {target} in the file")

        services = self.data["service"]
        organizations = self.existing(Organization, _values(services, "organization_id"))
        links = self.data["service_at_location"]
        locations = self.existing(Location, _values(links, "location_id"))
        for row in services:
            need("service", row, "organization_id", "organization", organizations)
        for row in links:
            need("service_at_location", row, "service_id", "service")
            need("service_at_location", row, "location_id", "location", locations)
        for table in ("schedule", "contact", "language", "cost_option", "phone"):
            for row in self.data[table]:
                need(table, row, "service_id", "service")
        for row in self.data["schedule"]:
            if not row.get("service_id"):
                need("schedule", row, "service_at_location_id", "service_at_location")
        for table in ("address", "accessibility"):
            for row in self.data[table]:
                need(table, row, "location_id", "location")
        for row in self.data["attribute"]:
            entity = row.get("link_entity")
            if entity in ("service", "location", "organization"):
                need("attribute", row, "link_id", entity)
                if not self.vocabulary.knows(row.get("taxonomy_term_id")):
                    need("attribute", row, "taxonomy_term_id", "taxonomy_term")
            else:
                what = f"of {entity!r} records" if entity else "without a link_entity"
                self.ignored[f"attributes {what}, left out"] += 1

    # -- Organisations ------------------------------------------------------------------

    def _plan_organizations(self):
        rows = self.data["organization"]
        existing = self.existing(Organization, (row["id"] for row in rows))
        phones = {}
        for phone in self.data["phone"]:
            if phone.get("organization_id") and not any(phone.get(k) for k in _PARENT_KEYS):
                phones.setdefault(phone["organization_id"], phone.get("number"))
        planned = set()
        for row in rows:
            current = existing.get(row["id"])
            values = {
                "name_fi": text(row.get("name")),
                "description_fi": text(row.get("description")) or "",
                "website": text(row.get("website")),
                "email": text(row.get("email")),
            }
            if current is None or self.gives("organization", row["id"], "phones"):
                values["phone"] = text(phones.get(row["id"]))
            kind = row.get("legal_status")
            if kind in ORGANIZATION_KINDS:
                values["kind"] = kind
            elif kind:
                self.ignored[f"organization.legal_status {kind!r} read as the kind other"] += 1
                values["kind"] = "other"
            fields = {"name": "name", "description": "description"}
            set_translated(values, row, fields, self.profile)
            problem = too_long(Organization, values) or ("" if values["name_fi"] else "no name")
            if problem:
                self.entry("refused", "organization", row["id"], row.get("name"), problem)
                continue
            planned.add(row["id"])
            self.plan_.organizations.append((row["id"], values, current))
        return planned

    # -- Locations ----------------------------------------------------------------------

    def _plan_locations(self):
        used = {row["location_id"] for row in self.data["service_at_location"]}
        rows = [row for row in self.data["location"] if row["id"] in used]
        if len(rows) < len(self.data["location"]):
            unused = len(self.data["location"]) - len(rows)
            self.report.notes.append(f"location: {unused} that no service uses, left out")
        existing = self.existing(Location, (row["id"] for row in rows))
        refused = {}
        for row in rows:
            current = existing.get(row["id"])
            values, problem = self._location_values(row, current)
            if problem:
                self.entry("refused", "location", row["id"], row.get("name"), problem)
                refused[row["id"]] = problem
            else:
                self.plan_.locations.append((row["id"], values, current))
        return refused

    def _location_values(self, row, current):
        addresses = self.kids("address", "location_id", row["id"])
        address = next((a for a in addresses if a.get("address_type") == "physical"), None)
        address = address or (addresses[0] if addresses else {})
        values = {
            "name": text(row.get("name")) or text(address.get("address_1")),
            "latitude": row.get("latitude"),
            "longitude": row.get("longitude"),
        }
        if current is None or self.gives("location", row["id"], "addresses"):
            values["street_address"] = text(address.get("address_1")) or ""
            values["postal_code"] = text(address.get("postal_code")) or ""
            values["post_office"] = text(address.get("city")) or ""
        for key, limit in (("latitude", 90), ("longitude", 180)):
            if values[key] is not None and not -limit <= values[key] <= limit:
                self.ignored[f"location.{key} out of range, left out"] += 1
                values[key] = None
        if not values["name"]:
            return None, "it has neither a name nor a street address"
        problem = too_long(Location, values)
        if problem:
            return None, problem
        area = self.vocabulary.area_of(row["id"], address)
        if area is not None:
            values["area"] = area
        elif current is None:
            keys = ("address_2", "city", "region", "state_province")
            places = ", ".join(text(address.get(k)) for k in keys if text(address.get(k)))
            return None, f"no area of the tray matches its address ({places or 'none given'})"
        if current is not None and not self.gives("location", row["id"], "accessibility"):
            return values, ""
        accessibility = self.kids("accessibility", "location_id", row["id"])
        first = accessibility[0] if accessibility else {}
        values["accessibility_fi"] = text(first.get("description"))
        fields = {"description": "accessibility"}
        set_translated(values, first, fields, self.profile or bool(first))
        step_free = extension(first, X_STEP_FREE, self.profile, UNKNOWN)
        if step_free in (YES, NO, UNKNOWN):
            values["step_free"] = step_free
        elif step_free is not KEEP:
            self.fail(f"accessibility {first['id']!r}: {X_STEP_FREE} must be yes, no or unknown")
        return values, ""

    # -- Activities ---------------------------------------------------------------------

    def _plan_activities(self, organizations, refused_locations):
        rows = self.data["service"]
        existing = self.existing(
            Activity,
            (row["id"] for row in rows),
            selectinload(Activity.themes),
            selectinload(Activity.target_groups),
            selectinload(Activity.languages),
            selectinload(Activity.weekly_slots),
            selectinload(Activity.sessions),
            selectinload(Activity.cancellations),
        )
        known = self.plan_.known[Organization]
        for row in rows:
            organization = row.get("organization_id")
            why = ""
            if not organization:
                why = "it has no organization"
            elif organization not in organizations and organization not in known:
                why = "its organization was refused"
            current = existing.get(row["id"])
            if not why:
                planner = ServicePlanner(self, row, current, refused_locations)
                values, review, why = planner.plan()
            if why:
                self.entry("refused", "activity", row["id"], row.get("name"), why)
                continue
            values["organization"] = organization
            self.plan_.activities.append((row["id"], values, current, review))


def _values(rows, key):
    return (row[key] for row in rows if row.get(key))


# --- Vocabularies --------------------------------------------------------------------------


class _Vocabulary:
    """tarjotin's taxonomies in the file and in the database, by term id and by code."""

    def __init__(self, planner):
        self.planner = planner
        session = planner.session
        self.terms = {
            v.key: {term.code: term for term in session.scalars(select(v.model))}
            for v in VOCABULARIES
        }
        self.by_id = {
            v.term_id(code): (v.key, code) for v in VOCABULARIES for code in self.terms[v.key]
        }
        keys = {v.taxonomy_id: v.key for v in VOCABULARIES}
        self.carried = {keys[id_] for id_ in planner.rows["taxonomy"] if id_ in keys}
        self.file_terms = {}  # (key, code) -> row
        for row in planner.data["taxonomy_term"]:
            key = keys.get(row.get("taxonomy_id"))
            if key is None:
                continue
            self.carried.add(key)
            code = row.get("code")
            if not isinstance(code, str) or not code.strip():
                planner.fail(
                    f"taxonomy_term {row['id']!r}: a term of tarjotin's {key}s needs a code"
                )
                continue
            self.by_id[row["id"]] = (key, code)
            self.file_terms[(key, code)] = row
        self.defined = set(self.carried)  # by rows of the taxonomy or of its terms
        # Tags with the tray's terms carry their vocabulary too, rows of it or not.
        for row in planner.data["attribute"]:
            if row.get("taxonomy_term_id") in self.by_id:
                self.carried.add(self.by_id[row["taxonomy_term_id"]][0])
        self.languages = {code.lower(): code for code in self.terms["language"]}
        self.languages.update(
            (code.lower(), code) for key, code in self.file_terms if key == "language"
        )

    def knows(self, term_id):
        return term_id in self.by_id

    def plan(self, plan):
        """Plan the terms the file has and the tray lacks; check the steps' numbers."""
        plan.vocabulary = {
            (k, code): t for k, terms in self.terms.items() for code, t in terms.items()
        }
        numbers = {step.number: code for code, step in self.terms["step"].items()}
        differ = 0
        for (key, code), row in self.file_terms.items():
            model = VOCABULARY[key].model
            current = self.terms[key].get(code)
            if current is not None:
                differ += current.name_fi != text(row.get("name"))
                self.planner.entry("unchanged", key, row["id"], code)
                continue
            extra = {}
            values = {"code": code, "name_fi": text(row.get("name"))}
            problem = too_long(model, values) or ("" if values["name_fi"] else "it has no name")
            if key == "step":
                given = row.get(X_STEP_NUMBER, max(numbers, default=0) + 1)
                number = whole(given)
                if number is None or not 1 <= number <= 9 or number in numbers:
                    problem = problem or f"{X_STEP_NUMBER} {given!r} is not a free step number 1-9"
                else:
                    numbers[number] = code
                    extra["number"] = number
            if key == "area" and row.get("parent_id"):
                parent = self.by_id.get(row["parent_id"])
                if parent is None or parent[0] != "area":
                    problem = problem or f"its parent {row['parent_id']!r} is no area of the file"
                elif self._parent_code(parent[1]) is not None:
                    problem = problem or "areas are municipalities and their districts, no deeper"
                else:
                    extra["parent"] = parent[1]
            if problem:
                self.planner.fail(f"taxonomy_term {row['id']!r} ({key} {code!r}): {problem}")
                continue
            plan.terms.append((key, code, row, extra))
            self.planner.entry("created", key, row["id"], code)
        if differ:
            self.planner.report.notes.append(
                f"taxonomy_term: {differ} named otherwise in the file; the tray's names were kept"
            )

    def _parent_code(self, code):
        """Return the code of the parent of area ``code`` (in the tray or the file), or None."""
        current = self.terms["area"].get(code)
        if current is not None:
            return current.parent.code if current.parent is not None else None
        row = self.file_terms.get(("area", code), {})
        parent = self.by_id.get(row.get("parent_id"))
        return parent[1] if parent else None

    def links(self, entity, record_id, key):
        """Return the codes of the ``key`` terms the record is tagged with, in file order."""
        codes = []
        for term_id in self.planner.attributes.get((entity, record_id), ()):
            found = self.by_id.get(term_id)
            if found and found[0] == key and found[1] not in codes:
                codes.append(found[1])
        return codes

    def area_of(self, location_id, address):
        """Return the code of the location's area: its tag, or a name in its address."""
        codes = self.links("location", location_id, "area")
        districts = [code for code in codes if self._parent_code(code) is not None]
        if districts or codes:
            return (districts or codes)[0]
        names = {}
        for code, area in self.terms["area"].items():
            for lang in ("fi", "sv", "en"):
                name = getattr(area, f"name_{lang}")
                if name:
                    names.setdefault((area.kind == Area.MUNICIPALITY, name.casefold()), code)
        places = [text(address.get(k)) for k in ("address_2", "city", "region", "state_province")]
        for municipality in (False, True):  # a district says more than its municipality
            for place in filter(None, places):
                if (municipality, place.casefold()) in names:
                    return names[(municipality, place.casefold())]
        return None

    def language(self, code):
        return self.languages.get(code.lower()) if isinstance(code, str) else None


# --- Writing -------------------------------------------------------------------------------

_TAGS = {"themes": "theme", "target_groups": "target_group", "languages": "language"}


class _Writer:
    """Create and update what the plan says; count what changed."""

    def __init__(self, session, plan, now, report):
        self.session = session
        self.plan = plan
        self.now = now
        self.report = report
        self.terms = {}
        self.records = {model: dict(found) for model, found in plan.known.items()}

    def write(self):
        self._write_terms()
        for model, kind, rows in (
            (Organization, "organization", self.plan.organizations),
            (Location, "location", self.plan.locations),
        ):
            for uid, values, current in rows:
                self._write(model, kind, uid, values, current)
        for uid, values, current, review in self.plan.activities:
            activity = self._write(Activity, "activity", uid, values, current, review)
            if activity.status == PUBLISHED and activity.published_at is None:
                activity.published_at = self.now

    def _write_terms(self):
        self.terms = dict(self.plan.vocabulary)
        positions = {}
        created = []
        for key, code, row, extra in self.plan.terms:
            model = VOCABULARY[key].model
            if model not in positions:
                positions[model] = self.session.scalar(select(func.max(model.position))) or 0
            positions[model] += 1
            term = model(code=code, position=positions[model], name_fi=text(row["name"]))
            names = {"name": "name"}
            if key == "step":
                term.number = extra["number"]
                term.tagline_fi = text(row.get(X_TAGLINE)) or ""
                term.description_fi = text(row.get("description")) or ""
                names.update({"description": "description", X_TAGLINE: "tagline"})
            if key == "area":
                term.kind = Area.DISTRICT if "parent" in extra else Area.MUNICIPALITY
            values = {}
            set_translated(values, row, names, True)
            for name, value in values.items():
                setattr(term, name, value)
            self.terms[(key, code)] = term
            created.append((term, extra))
        for term, extra in created:  # parents exist now, in the tray or created above
            if "parent" in extra:
                term.parent = self.terms[("area", extra["parent"])]
            self.session.add(term)

    def _write(self, model, kind, uid, values, current, review=""):
        if current is None:
            record = model(uid=uid)
            for key, value in values.items():
                self._assign(record, key, value)
            self.session.add(record)
            changed = ["everything"]
            action = "created"
        else:
            record = current
            changed = [key for key, value in values.items() if _current(record, key) != value]
            for key in changed:
                self._assign(record, key, values[key])
            action = "updated" if changed else "unchanged"
        if model is Activity and (current is None or set(changed) & _SCHEDULE_KEYS):
            refresh_masks(record)
        self.records.setdefault(model, {})[uid] = record
        label = values.get("name_fi") or values.get("name") or ""
        detail = ", ".join(changed) if action == "updated" else ""
        self.report.entries.append(Entry(action, kind, uid, label, detail, review))
        return record

    def _assign(self, record, key, value):
        if key in ("organization", "location"):
            model = Organization if key == "organization" else Location
            setattr(record, key, self.records[model][value] if value else None)
        elif key in ("step", "area"):
            setattr(record, key, self.terms[(key, value)] if value else None)
        elif key in _TAGS:
            setattr(record, key, [self.terms[(_TAGS[key], code)] for code in value])
        elif key == "slots":
            _sync(record.weekly_slots, value, _slot_key, _new_slot)
        elif key == "sessions":
            _sync(record.sessions, value, _session_key, _new_session)
        elif key == "cancellations":
            notes = dict(value)
            for cancellation in list(record.cancellations):
                if cancellation.date not in notes:
                    record.cancellations.remove(cancellation)
                else:
                    cancellation.note = notes.pop(cancellation.date)
            record.cancellations += [Cancellation(date=d, note=n) for d, n in notes.items()]
        else:
            setattr(record, key, value)


_SCHEDULE_KEYS = {"slots", "sessions", "cancellations", "valid_from", "valid_until"}


def _current(record, key):
    """Return the record's value for a planned ``key``, in the plan's terms."""
    if key in ("organization", "location"):
        related = getattr(record, key)
        return related.uid if related is not None else None
    if key in ("step", "area"):
        term = getattr(record, key)
        return term.code if term is not None else None
    if key in _TAGS:
        return tuple(sorted(term.code for term in getattr(record, key)))
    if key == "slots":
        return tuple(sorted(map(_slot_key, record.weekly_slots)))
    if key == "sessions":
        return tuple(sorted(map(_session_key, record.sessions)))
    if key == "cancellations":
        return tuple(sorted((c.date, c.note) for c in record.cancellations))
    return getattr(record, key)


def _slot_key(slot):
    return (slot.weekday, slot.start_time, slot.end_time, slot.interval or 1)


def _new_slot(key):
    weekday, start, end, interval = key
    return WeeklySlot(weekday=weekday, start_time=start, end_time=end, interval=interval)


def _session_key(session):
    return (session.date, session.start_time, session.end_time)


def _new_session(key):
    day, start, end = key
    return Session(date=day, start_time=start, end_time=end)


def _sync(items, wanted, key, make):
    """Make the collection ``items`` hold exactly ``wanted`` keys, keeping rows that match."""
    wanted = set(wanted)
    for item in list(items):
        if key(item) in wanted:
            wanted.discard(key(item))
        else:
            items.remove(item)
    items.extend(make(k) for k in sorted(wanted))
