"""HSDS data in its three forms, converted to and from tabular rows.

- tabular JSON: ``{"service": [rows], "schedule": [rows], …}`` (``compiled/tabular.json``);
  files from other systems may key the tables by CSV name ("services.csv") instead;
- full services: a service with its organisation, schedules, locations … nested in it
  (``compiled/service_with_definitions.json``), alone, in a list or in an API page;
- the CSV package: a zip (or folder) with one CSV per table and ``datapackage.json``.

Extension fields (``x-…``) ride on the rows in JSON; in CSV, where a column the standard
does not name would break its tables, they go to one more file, ``x-extensions.csv``:
table, id, field and the value as JSON.
"""

import copy
import csv
import io
import json
import zipfile
from datetime import date
from pathlib import Path

from tarjotin.opendata import hsds

EXTENSIONS_PATH = "x-extensions.csv"
EXTENSIONS_FIELDS = ("table", "id", "field", "value")


class FormatError(ValueError):
    """The data is not HSDS in a form tarjotin reads; the message says why."""


# --- Nested records ------------------------------------------------------------------------

_ANY = (("attributes", "attribute", "link_id"), ("metadata", "metadata", "resource_id"))
# For each table: the arrays of rows nested in it, as (key, table, field naming the parent).
CHILDREN = {
    "service": (
        ("phones", "phone", "service_id"),
        ("schedules", "schedule", "service_id"),
        ("service_areas", "service_area", "service_id"),
        ("service_at_locations", "service_at_location", "service_id"),
        ("languages", "language", "service_id"),
        ("funding", "funding", "service_id"),
        ("cost_options", "cost_option", "service_id"),
        ("required_documents", "required_document", "service_id"),
        ("contacts", "contact", "service_id"),
        *_ANY,
    ),
    "organization": (
        ("funding", "funding", "organization_id"),
        ("contacts", "contact", "organization_id"),
        ("phones", "phone", "organization_id"),
        ("locations", "location", "organization_id"),
        ("programs", "program", "organization_id"),
        ("organization_identifiers", "organization_identifier", "organization_id"),
        ("services", "service", "organization_id"),
        *_ANY,
    ),
    "service_at_location": (
        ("contacts", "contact", "service_at_location_id"),
        ("phones", "phone", "service_at_location_id"),
        ("schedules", "schedule", "service_at_location_id"),
        *_ANY,
    ),
    "location": (
        ("languages", "language", "location_id"),
        ("addresses", "address", "location_id"),
        ("contacts", "contact", "location_id"),
        ("accessibility", "accessibility", "location_id"),
        ("phones", "phone", "location_id"),
        ("schedules", "schedule", "location_id"),
        *_ANY,
    ),
    "contact": (("phones", "phone", "contact_id"), *_ANY),
    "phone": (("languages", "language", "phone_id"), *_ANY),
    "taxonomy_term": (("metadata", "metadata", "resource_id"),),
    "taxonomy": (("metadata", "metadata", "resource_id"),),
    "metadata": (),
}
# For each table: the single records nested in it, as (key, table, field holding its id).
PARENTS = {
    "service": (
        ("organization", "organization", "organization_id"),
        ("program", "program", "program_id"),
    ),
    "service_at_location": (
        ("location", "location", "location_id"),
        ("service", "service", "service_id"),
    ),
    "attribute": (("taxonomy_term", "taxonomy_term", "taxonomy_term_id"),),
    "taxonomy_term": (("taxonomy_detail", "taxonomy", "taxonomy_id"),),
}


def _children(table):
    return CHILDREN.get(table, _ANY)


def flatten(records, table=None):
    """Return the tabular dataset of nested ``records`` (of ``table``, or told by their keys).

    Also returns which nested lists each record gave, by (table, id): a list left out is
    not the same as an empty one ("no schedules"), and the import keeps what it cannot know.
    """
    dataset = hsds.empty_tables()
    seen, given = {}, {}
    for index, record in enumerate(records):
        root = table or _root_table(record, f"[{index}]")
        _flatten(record, root, None, (dataset, seen, given), f"{root}[{index}]")
    return dataset, given


def _root_table(record, where):
    if isinstance(record, dict):
        if "status" in record:
            return "service"
        if isinstance(record.get("services"), list):
            return "organization"
        if isinstance(record.get("service"), dict):
            return "service_at_location"
    raise FormatError(
        f"{where}: tarjotin reads services, organizations with their services, or services "
        "at locations"
    )


def _flatten(record, table, parent, state, where):
    dataset, seen, given = state
    if not isinstance(record, dict):
        raise FormatError(f"{where}: a {table} must be an object")
    nested = {key for key, _table, _field in _children(table)}
    nested |= {key for key, _table, _field in PARENTS.get(table, ())}
    row = {key: value for key, value in record.items() if key not in nested}
    if parent is not None:
        parent_table, parent_id, field = parent
        row.setdefault(field, parent_id)
        if table == "attribute":
            row.setdefault("link_entity", parent_table)
        if table == "metadata":
            row.setdefault("resource_type", parent_table)
    for key, other, field in PARENTS.get(table, ()):
        if isinstance(record.get(key), dict):
            if "id" in record[key]:
                row.setdefault(field, record[key]["id"])
            _flatten(record[key], other, None, state, f"{where}.{key}")
    record_id = row.get("id")
    if not isinstance(record_id, str) or not record_id:
        raise FormatError(f"{where}: a {table} without an id")
    given.setdefault((table, record_id), set()).update(key for key in nested if key in record)
    for key, other, field in _children(table):
        items = record.get(key)
        if items is None:
            continue
        if not isinstance(items, list):
            raise FormatError(f"{where}.{key}: must be a list")
        for index, item in enumerate(items):
            child_where = f"{where}.{key}[{index}]"
            _flatten(item, other, (table, record_id, field), state, child_where)
    _add_row(dataset, seen, table, row, where)


def _add_row(dataset, seen, table, row, where):
    """Add ``row``; the same record nested twice (an organisation of two services) once."""
    key = (table, row["id"])
    if key not in seen:
        seen[key] = row
        dataset[table].append(row)
        return
    known = seen[key]
    for field, value in row.items():
        if field not in known:
            known[field] = value
        elif known[field] != value:
            raise FormatError(f"{where}: {table} {row['id']!r} is given twice, with two {field}s")


def nest_services(dataset):
    """Return every service of tabular ``dataset`` as a full service, records nested in it."""
    by_id = {name: {row["id"]: row for row in rows} for name, rows in dataset.items()}
    children = {}
    for name, rows in dataset.items():
        for row in rows:
            for field, value in row.items():
                if field.endswith("_id") or field == "link_id":
                    children.setdefault((name, field, value), []).append(row)
    return [_nest("service", row, by_id, children, ("service",)) for row in dataset["service"]]


def _nest(table, row, by_id, children, path):
    record = dict(row)
    for key, other, field in PARENTS.get(table, ()):
        target = by_id.get(other, {}).get(row.get(field))
        if target is not None and other not in path:
            record[key] = _nest(other, target, by_id, children, (*path, other))
    for key, other, field in _children(table):
        if other in path:
            continue
        rows = children.get((other, field, row["id"]), ())
        if other == "attribute":
            rows = [item for item in rows if item.get("link_entity") == table]
        if rows:
            record[key] = [_nest(other, item, by_id, children, (*path, other)) for item in rows]
    return record


def services_page(services):
    """Return ``services`` as one HSDS API page holding them all."""
    return {
        "total_items": len(services),
        "total_pages": 1,
        "page_number": 1,
        "size": len(services),
        "first_page": True,
        "last_page": True,
        "empty": not services,
        "contents": services,
    }


# --- JSON ----------------------------------------------------------------------------------


def dataset_from_json(data):
    """Return (tabular dataset, keys left out, nested lists given) of parsed JSON ``data``.

    Accepts tabular JSON (tables keyed by name or by CSV file name), and full services,
    organisations with their services or services at locations: alone, in a list, or in
    an API page (``contents``). The third value is None for tabular data, whose tables
    are complete, else what ``flatten`` says.
    """
    if isinstance(data, dict) and isinstance(data.get("contents"), list):
        data = data["contents"]
    if isinstance(data, list):
        return _records(data)
    if not isinstance(data, dict):
        raise FormatError("the file holds neither HSDS tables nor records")
    if "id" in data:
        return _records([data])
    names, paths = hsds.tables(), hsds.table_by_path()
    if not any(key in names or key in paths for key in data):
        raise FormatError("the file holds neither HSDS tables nor records")
    dataset = hsds.empty_tables()
    ignored = []
    for key, rows in data.items():
        name = key if key in names else paths.get(key)
        if name is None:
            ignored.append(key)
            continue
        if not isinstance(rows, list):
            raise FormatError(f"{key}: must be a list of rows")
        # Coercion replaces a row's values, never changes them: a copy of each row will do.
        dataset[name].extend(dict(row) if isinstance(row, dict) else row for row in rows)
    return dataset, ignored, None


def _records(records):
    dataset, given = flatten(records)
    return dataset, [], given


def to_json(data):
    """Return ``data`` as compact UTF-8 JSON bytes, the same bytes for the same data."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


# --- CSV package ---------------------------------------------------------------------------


def package_descriptor():
    """Return the datapackage.json of tarjotin's CSV package: HSDS 3.0's and one more file."""
    descriptor = copy.deepcopy(hsds.datapackage())
    # HSDS's own licence is that of the standard, not of the data in this package.
    descriptor.pop("license", None)
    descriptor["resources"].append(
        {
            "name": "x-extensions",
            "path": EXTENSIONS_PATH,
            "description": (
                "tarjotin's extension fields (x-…) of the records in the other files: "
                "Swedish and English texts, summaries, registration, cancelled dates and "
                "more (see docs/hsds.md). value is the field's value as JSON."
            ),
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "profile": "tabular-data-resource",
            "schema": {
                "primaryKey": ["table", "id", "field"],
                "fields": [
                    {"name": "table", "type": "string", "constraints": {"required": True}},
                    {
                        "name": "id",
                        "type": "string",
                        "format": "uuid",
                        "constraints": {"required": True},
                    },
                    {"name": "field", "type": "string", "constraints": {"required": True}},
                    {"name": "value", "type": "string", "constraints": {"required": True}},
                ],
            },
        }
    )
    return descriptor


def to_csv_package(dataset, day):
    """Return the tabular ``dataset`` as the bytes of a zipped CSV package dated ``day``."""
    buffer = io.BytesIO()
    stamp = (day.year, day.month, day.day, 0, 0, 0)
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:

        def write(name, text):
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, text.encode("utf-8"))

        write("datapackage.json", json.dumps(package_descriptor(), indent=2) + "\n")
        extensions = []
        for table in hsds.tables().values():
            rows = dataset.get(table.name, ())
            write(table.path, _csv_text(table.fields, rows, table.name, extensions))
        write(EXTENSIONS_PATH, _csv_text(EXTENSIONS_FIELDS, extensions, None, None))
    return buffer.getvalue()


def _csv_text(fields, rows, table, extensions):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(fields)
    for row in rows:
        writer.writerow([_cell(row.get(field)) for field in fields])
        if extensions is not None:
            extensions.extend(
                {"table": table, "id": row["id"], "field": field, "value": to_json_text(value)}
                for field, value in row.items()
                if hsds.is_extension(field)
            )
    return out.getvalue()


def to_json_text(value):
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def dataset_from_csv(source):
    """Return the tabular dataset of a CSV package (a zip file or a folder) and its notes.

    The notes name files that are not HSDS tables and columns the standard does not have;
    both are left out.
    """
    files = _package_files(source)
    dataset = hsds.empty_tables()
    notes = []
    known = hsds.table_by_path()
    rows_by_id = {}
    for path, read in files.items():
        if path == "datapackage.json" or path == EXTENSIONS_PATH:
            continue
        name = known.get(path)
        if name is None:
            notes.append(f"{path}: not an HSDS table, left out")
            continue
        fields = set(hsds.tables()[name].fields)
        rows = _read_csv(path, read())
        unknown = sorted({str(field) for row in rows[:1] for field in row} - fields)
        if unknown:
            notes.append(f"{path}: columns {', '.join(unknown)} are not HSDS, left out")
        for row in rows:
            record = {field: value for field, value in row.items() if field in fields}
            dataset[name].append(record)
            if record.get("id"):
                rows_by_id[(name, record["id"])] = record
    if EXTENSIONS_PATH in files:
        _attach_extensions(_read_csv(EXTENSIONS_PATH, files[EXTENSIONS_PATH]()), rows_by_id)
    return dataset, notes


def _attach_extensions(rows, rows_by_id):
    for index, row in enumerate(rows, start=2):
        where = f"{EXTENSIONS_PATH} line {index}"
        record = rows_by_id.get((row.get("table"), row.get("id")))
        if record is None:
            raise FormatError(f"{where}: no {row.get('table')} {row.get('id')!r} in the package")
        if not hsds.is_extension(row.get("field") or ""):
            raise FormatError(f"{where}: {row.get('field')!r} is not an extension field")
        try:
            record[row["field"]] = json.loads(row.get("value") or "")
        except json.JSONDecodeError:
            raise FormatError(f"{where}: the value is not JSON") from None


def _package_files(source):
    """Return {file name: function returning its bytes} of a zip or a folder."""
    source = Path(source)
    if source.is_dir():
        return {p.name: p.read_bytes for p in sorted(source.iterdir()) if p.is_file()}
    try:
        archive = zipfile.ZipFile(source)
    except zipfile.BadZipFile:
        raise FormatError("the file is not a zip archive") from None
    with archive:
        names = [name for name in archive.namelist() if not name.endswith("/")]
        # Packages zipped with their folder ("hsds/services.csv") are read alike.
        contents = {name.rsplit("/", 1)[-1]: archive.read(name) for name in names}
    return {name: (lambda data=data: data) for name, data in contents.items()}


def _read_csv(path, data):
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FormatError(f"{path}: not UTF-8 text") from None
    try:
        return list(csv.DictReader(io.StringIO(text, newline=""), restkey="(unnamed)"))
    except csv.Error as error:
        raise FormatError(f"{path}: not valid CSV: {error}") from None


def iso(day: date | None):
    """Return ``day`` as an ISO date, or None."""
    return day.isoformat() if day else None
