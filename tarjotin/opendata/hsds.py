"""The HSDS 3.0 standard as tarjotin reads it: tables, field types and schema validation.

The schemas in ``hsds/`` are the official Open Referral files, vendored unchanged (see
``hsds/README.md``). Data is handled in the *tabular* form: a dict from table name
("service", "schedule" …) to a list of flat rows, as ``schema/compiled/tabular.json``
describes it; the CSV package and nested services are converted to and from it in
``formats``.
"""

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.exceptions import NoSuchResource
from referencing.jsonschema import DRAFT202012

HSDS_DIR = Path(__file__).resolve().parent / "hsds"
SCHEMA_DIR = HSDS_DIR / "schema"
HSDS_VERSION = "3.0.0"
# Where the vendored files live upstream; their relative $refs resolve against it.
SCHEMA_URI = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/"
TABULAR_URI = SCHEMA_URI + "compiled/tabular.json"
PAGE_URI = SCHEMA_URI + "openapi.json#/components/schemas/Page"
EXTENSION_PREFIX = "x-"
MAX_ERRORS = 20


@dataclass(frozen=True)
class Table:
    """One HSDS table: its name ("service"), CSV file ("services.csv") and fields in order."""

    name: str
    path: str
    fields: tuple  # field names, in the order of the CSV columns
    types: dict  # field name -> JSON type: "string" or "number"
    required: frozenset  # fields every row must have


@cache
def datapackage():
    """Return the official HSDS 3.0 datapackage descriptor (a fresh copy is the caller's)."""
    return json.loads((HSDS_DIR / "datapackage.json").read_text(encoding="utf-8"))


@cache
def tables():
    """Return every HSDS table by name, in the order of the datapackage."""
    items = _schema("compiled/tabular.json")["properties"]
    found = {}
    for resource in datapackage()["resources"]:
        item = items[resource["name"]]["items"]
        properties = item["properties"]
        found[resource["name"]] = Table(
            name=resource["name"],
            path=resource["path"],
            fields=tuple(field["name"] for field in resource["schema"]["fields"]),
            types={
                name: spec["type"]
                for name, spec in properties.items()
                if spec.get("type") in ("string", "number")
            },
            required=frozenset(item.get("required", ())),
        )
    return found


def table_by_path():
    """Return the table names keyed by their CSV file name ("services.csv" -> "service")."""
    return {table.path: name for name, table in tables().items()}


def empty_tables():
    """Return a dataset with every table and no rows."""
    return {name: [] for name in tables()}


def is_extension(field):
    """Tell whether ``field`` is an extension (``x-…``), which HSDS schemas allow."""
    return field.startswith(EXTENSION_PREFIX)


# --- Validation ----------------------------------------------------------------------------


@cache
def _schema(relative):
    return json.loads((SCHEMA_DIR / relative).read_text(encoding="utf-8"))


def _resource(relative):
    return Resource.from_contents(_schema(relative), default_specification=DRAFT202012)


def _retrieve(uri):
    # tabular.json lives in compiled/ but names its neighbours in schema/ as if they sat
    # beside it ("attribute.json"): find every file by its name among the vendored ones.
    name = uri.split("#")[0].rsplit("/", 1)[-1]
    for relative in (name, f"compiled/{name}"):
        if (SCHEMA_DIR / relative).is_file():
            return _resource(relative)
    raise NoSuchResource(ref=uri)


@cache
def _registry():
    relatives = [path.relative_to(SCHEMA_DIR).as_posix() for path in SCHEMA_DIR.rglob("*.json")]
    resources = [(SCHEMA_URI + relative, _resource(relative)) for relative in sorted(relatives)]
    return Registry(retrieve=_retrieve).with_resources(resources)


@cache
def validator(uri):
    """Return a Draft 2020-12 validator (formats checked) for the schema at ``uri``."""
    return _checker({"$ref": uri})


def _checker(schema):
    return Draft202012Validator(
        schema, registry=_registry(), format_checker=Draft202012Validator.FORMAT_CHECKER
    )


def tabular_errors(dataset, limit=MAX_ERRORS):
    """Return up to ``limit`` messages for what in ``dataset`` breaks ``tabular.json``, and
    how many there are in all.

    Each table's rows are checked against that table's row schema in ``tabular.json``:
    the same as validating the whole document, and a third faster on a large one.
    """
    messages, total = [], 0
    validators = _row_validators()
    for name, rows in dataset.items():
        if name not in validators:
            continue
        if not isinstance(rows, list):
            total += 1
            messages.append(f"{name}: must be a list of rows")
            continue
        for index, row in enumerate(rows):
            for error in validators[name].iter_errors(row):
                total += 1
                if len(messages) < limit:
                    messages.append(_describe(name, index, row, error))
    return messages, total


@cache
def _row_validators():
    # The row schemas themselves, not $refs to them: a $ref per row costs a third more. Their
    # own relative $refs ("phone.json") are found by _retrieve.
    tabular = _schema("compiled/tabular.json")["properties"]
    return {name: _checker(spec["items"]) for name, spec in tabular.items()}


def services_page_errors(page, limit=MAX_ERRORS):
    """Return messages for a page of full services that breaks the HSDS API schemas."""
    errors = [f"page: {e.message}" for e in validator(PAGE_URI).iter_errors(page)]
    service = _service_validator()
    for index, record in enumerate(page.get("contents") or ()):
        errors.extend(
            f"contents[{index}] {'.'.join(map(str, e.path))}: {e.message}"
            for e in service.iter_errors(record)
        )
    return errors[:limit], len(errors)


@cache
def _service_validator():
    # The schema itself rather than a $ref to it, as for rows.
    return _checker(_schema("compiled/service_with_definitions.json"))


def _describe(table, index, row, error):
    label = f"{table} {row.get('id')!r}" if isinstance(row, dict) else f"{table}[{index}]"
    where = ".".join(map(str, error.path))
    return f"{label}{': ' + where if where else ''}: {error.message}"


# --- Coercion ------------------------------------------------------------------------------


def coerce(dataset, *, from_text=False):
    """Turn values into the JSON types HSDS asks for, in place; return what was changed.

    JSON from other systems gives numbers where text is asked (a phone extension, an
    external identifier) or null for "no value": both are safe to read. CSV cells are all
    text, so ``from_text`` reads numbers from them and empty cells as missing, silently.
    Values that cannot be read are left for the schema validation to report. The result
    counts changes by (table, field, what was done).
    """
    changes = {}
    for name, rows in dataset.items():
        table = tables().get(name)
        if table is None or not isinstance(rows, list):
            continue
        for row in rows:
            if not isinstance(row, dict):
                continue
            for field in list(row):
                if from_text and row[field] == "" and field in table.required:
                    continue  # an empty cell of a required text: the empty text
                change = _coerce_value(row, field, table.types.get(field), from_text)
                if change:
                    key = (name, field, change)
                    changes[key] = changes.get(key, 0) + 1
    return changes


def _coerce_value(row, field, kind, from_text):
    value = row[field]
    if value is None or (from_text and value == ""):
        del row[field]
        return None if from_text else "null read as no value"
    if kind == "string" and isinstance(value, int | float) and not isinstance(value, bool):
        row[field] = _number_text(value)
        return "number read as text"
    if kind == "number" and isinstance(value, str):
        number = _parse_number(value)
        if number is not None:
            row[field] = number
            return None if from_text else "text read as a number"
    return None


def _number_text(value):
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


def _parse_number(text):
    try:
        number = float(text.strip())
    except ValueError:
        return None
    if number != number or number in (float("inf"), float("-inf")):
        return None
    return int(number) if text.strip().lstrip("+-").isdigit() else number
