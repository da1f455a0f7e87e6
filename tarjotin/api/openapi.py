"""The OpenAPI 3.1 document of the API, served at /api/v1/openapi.json.

It is built per request because the filter parameters enumerate the tray's vocabularies
(step numbers, area, theme, language and target group codes): a client, and a test tool,
can then tell a known code from a mistyped one. The views check their query parameters
against these same parameter objects (tarjotin.api.parameters).
"""

from tarjotin.catalogue.browse import FACETS, MAX_QUERY_LENGTH, WEEKDAYS
from tarjotin.catalogue.schedules import DAYTIMES
from tarjotin.models import LANGUAGES
from tarjotin.models.organisation import ORGANIZATION_KINDS

VERSION = "1.0.0"
DEFAULT_PER_PAGE = 20
MAX_PER_PAGE = 100
# Which vocabulary lists the values of each filter parameter.
VOCABULARY_FILTERS = ("step", "area", "theme", "language", "target_group")

DESCRIPTION = """\
The published activities of the region's service tray (palvelutarjotin), sorted into the
five-step model, with their organisers and the vocabularies that describe them. Read-only;
no key is needed.

- **Languages.** Texts come in Finnish, Swedish and English at once, as
  `{"fi": …, "sv": …, "en": …}` objects with `null` where a translation is missing; the site
  falls back to Finnish. The `lang` parameter of a list chooses the language in which it is
  sorted by name and in which `q` searches (Finnish is searched too); with `q` the best
  matches come first, as on the site. Error messages are in English.
- **Identifiers.** URLs use the numeric `id`, as the site's pages do. Bodies also give the
  `uid`, the stable UUID that the HSDS export uses and that survives an export and import.
- **Lists.** `{"data": [...], "meta": {...}, "links": {...}}`, paged by `page` and
  `per_page` (at most 100); `links` has `self`, `first`, `prev`, `next` and `last` (null
  when there is no such page). A page past the last one is 404. One item: `{"data": {...}}`.
- **Filters.** `/activities` takes the activity list's filters with the same codes. Values
  of one filter are alternatives (`step=1&step=2`); filters narrow each other. Unknown
  codes and malformed values are 400.
- **Caching.** Every answer has a strong `ETag`; activities and organisations also have
  `Last-Modified`. `If-None-Match` and `If-Modified-Since` give 304.
- **CORS.** Any origin may read the API without credentials.
- **Errors.** `{"error": {"status", "code", "message", "field"}}` with the matching status:
  400 for bad parameters, 404 for nothing at that address, 405 for a method other than GET,
  HEAD or OPTIONS, 406 when the `Accept` header excludes JSON.
- **Times.** Times of day (`"10:00"`) are local to Europe/Helsinki; timestamps are UTC.
"""


# --- Building blocks ----------------------------------------------------------------------


def _ref(name):
    return {"$ref": f"#/components/schemas/{name}"}


def _nullable(schema):
    if "$ref" in schema:
        return {"anyOf": [schema, {"type": "null"}]}
    return {**schema, "type": [schema["type"], "null"]}


def _about(text, schema):
    return {"description": text, **schema}


def _array(items):
    return {"type": "array", "items": items}


def _object(about=None, /, **properties):
    """An object with exactly ``properties``, every one always present (null when empty).

    ``about`` is positional only, so that a property may be called "description".
    """
    schema = {
        "type": "object",
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
    }
    return {"description": about, **schema} if about else schema


STRING = {"type": "string"}
INTEGER = {"type": "integer"}
ID = {"type": "integer", "minimum": 1}
UID = {"type": "string", "format": "uuid"}
URI = {"type": "string", "format": "uri"}
DATE = {"type": "string", "format": "date"}
TIMESTAMP = {"type": "string", "format": "date-time"}
CLOCK = {"type": "string", "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9]$"}
TEXT = _ref("Text")


def _query(name, schema, description):
    parameter = {"name": name, "in": "query", "required": False, "schema": schema}
    if schema.get("type") == "array":
        parameter.update(style="form", explode=True)
    return {**parameter, "description": description}


def _codes(name, values, description):
    return _query(name, _array({"type": "string", "enum": list(values)}), description)


def _flag(name, description):
    return _query(name, {"type": "integer", "enum": [0, 1], "default": 0}, description)


LANG = _query(
    "lang",
    {"type": "string", "enum": list(LANGUAGES), "default": "fi"},
    "The language whose names order the list, and in which `q` searches.",
)
PAGE = _query("page", {"type": "integer", "minimum": 1, "default": 1}, "The page, from 1.")
PER_PAGE = _query(
    "per_page",
    {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE, "default": DEFAULT_PER_PAGE},
    "Items on a page.",
)
KIND = _query(
    "kind",
    {"type": "string", "enum": list(ORGANIZATION_KINDS)},
    "Only organisers of this kind.",
)


def activity_list_parameters(vocabulary):
    """The query parameters of GET /activities; ``vocabulary`` maps a filter to its codes."""
    return [
        LANG,
        _query(
            "q",
            {"type": "string", "maxLength": MAX_QUERY_LENGTH},
            "Search words, matched as the site's search does (word forms too); best first.",
        ),
        _query(
            "step",
            _array({"type": "integer", "enum": list(vocabulary["step"])}),
            "Step numbers (GET /steps).",
        ),
        _codes("area", vocabulary["area"], "Area codes; a municipality includes its districts."),
        _codes("theme", vocabulary["theme"], "Theme codes (GET /themes)."),
        _codes("weekday", WEEKDAYS, "Days on which the activity runs."),
        _codes("daytime", DAYTIMES, "Times of day at which it starts."),
        _codes("language", vocabulary["language"], "Languages it is run in."),
        _codes("target_group", vocabulary["target_group"], "Whom it is for."),
        _flag("free", "1: free of charge only."),
        _flag("step_free", "1: step-free access only."),
        _flag("no_registration", "1: no registration needed."),
        PAGE,
        PER_PAGE,
    ]


def organisation_list_parameters():
    return [KIND, LANG, PAGE, PER_PAGE]


# --- Schemas ------------------------------------------------------------------------------


def _schemas():
    links = _object(
        self=URI,
        pages=_object("The page on the site in each language.", fi=URI, sv=URI, en=URI),
    )
    step_reference = {"number": INTEGER, "code": STRING, "name": TEXT}
    area_reference = {
        "code": STRING,
        "kind": {"type": "string", "enum": ["municipality", "district"]},
        "name": TEXT,
    }
    organisation_reference = {"id": ID, "uid": UID, "name": TEXT}
    location_summary = {
        "uid": UID,
        "name": STRING,
        "area": _ref("AreaReference"),
        "municipality": _ref("AreaReference"),
        "step_free": {"type": "string", "enum": ["yes", "no", "unknown"]},
    }
    activity_summary = {
        "id": ID,
        "uid": UID,
        "name": TEXT,
        "summary": TEXT,
        "step": _nullable(_ref("StepReference")),
        "organisation": _ref("OrganisationReference"),
        "location": _nullable(_ref("LocationSummary")),
        "themes": _array(_ref("Term")),
        "target_groups": _array(_ref("Term")),
        "languages": _array(_ref("Term")),
        "cost": {"type": "string", "enum": ["free", "fee", "unknown"]},
        "registration": {"type": "string", "enum": ["none", "required", "unknown"]},
        "weekdays": _array({"type": "string", "enum": list(WEEKDAYS)}),
        "daytimes": _array({"type": "string", "enum": list(DAYTIMES)}),
        "valid_from": _nullable(DATE),
        "valid_until": _nullable(DATE),
        "updated_at": TIMESTAMP,
        "links": _ref("Links"),
    }
    organisation = {
        **organisation_reference,
        "kind": {"type": "string", "enum": list(ORGANIZATION_KINDS)},
        "description": TEXT,
        "website": _nullable(STRING),
        "email": _nullable(STRING),
        "phone": _nullable(STRING),
        "activity_count": {"type": "integer", "minimum": 0},
        "updated_at": TIMESTAMP,
        "links": _ref("Links"),
    }
    time_span = {"date": DATE, "start": CLOCK, "end": CLOCK}
    pagination = {
        "total": {"type": "integer", "minimum": 0},
        "page": {"type": "integer", "minimum": 1},
        "per_page": {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE},
        "pages": {"type": "integer", "minimum": 1},
    }
    return {
        "Text": _object(
            "A text in each language; null where it is missing.",
            **{lang: _nullable(STRING) for lang in LANGUAGES},
        ),
        "Links": links,
        "Term": _object(code=STRING, name=TEXT),
        "StepReference": _object(**step_reference),
        "Step": _object(**step_reference, tagline=TEXT, description=TEXT),
        "AreaReference": _object(**area_reference),
        "Area": _object(
            "A municipality with its districts.",
            **area_reference,
            districts=_array(_ref("AreaReference")),
        ),
        "OrganisationReference": _object(**organisation_reference),
        "Organisation": _object(**organisation),
        "OrganisationDetail": _object(**organisation, activities=_array(_ref("ActivitySummary"))),
        "LocationSummary": _object(**location_summary),
        "Location": _object(
            **location_summary,
            street_address=_nullable(STRING),
            postal_code=_nullable(STRING),
            post_office=_nullable(STRING),
            latitude=_nullable({"type": "number"}),
            longitude=_nullable({"type": "number"}),
            accessibility=TEXT,
        ),
        "ActivitySummary": _object(**activity_summary),
        "Activity": _object(
            **activity_summary
            | {
                "location": _nullable(_ref("Location")),
                "description": TEXT,
                "cost_description": TEXT,
                "registration_description": TEXT,
                "contact": _object(
                    name=_nullable(STRING), email=_nullable(STRING), phone=_nullable(STRING)
                ),
                "website": _nullable(STRING),
                "capacity": _nullable(INTEGER),
                "min_age": _nullable(INTEGER),
                "max_age": _nullable(INTEGER),
                "last_verified": _nullable(DATE),
                "published_at": _nullable(TIMESTAMP),
                "schedule": _ref("Schedule"),
            }
        ),
        "Schedule": _object(
            "When the activity runs. Times of day are local to `timezone`.",
            timezone={"type": "string", "const": "Europe/Helsinki"},
            weekly=_array(
                _object(
                    weekday={"type": "string", "enum": list(WEEKDAYS)},
                    start=CLOCK,
                    end=CLOCK,
                    interval_weeks={"type": "integer", "minimum": 1},
                )
            ),
            sessions=_array(_object("A dated one-off session.", **time_span)),
            cancellations=_array(
                _object(
                    "A date on which it does not run; `holiday` names a public holiday.",
                    date=DATE,
                    note=_nullable(STRING),
                    holiday=_nullable(STRING),
                )
            ),
            next=_array(_object("The next times it runs, soonest first.", **time_span)),
        ),
        "FacetValue": _object(
            "How many activities choosing this value would give, other choices kept.",
            code=STRING,
            count={"type": "integer", "minimum": 0},
            selected={"type": "boolean"},
            children=_array(_ref("FacetValue")),
        ),
        "ActivityListMeta": _object(
            **pagination,
            facets=_object(
                "Per filter, each value with its count, as on the list page.",
                **{name: _array(_ref("FacetValue")) for name in FACETS},
            ),
            search=_object(
                "How `q` was matched.",
                suggestion=_about(
                    "The search words with typos corrected, when they found little.",
                    _nullable(STRING),
                ),
                any_word=_about(
                    "No activity had every word; these have some of them.", {"type": "boolean"}
                ),
                degraded=_about(
                    "The search index was unavailable: the database matched every word as"
                    " text, and the list is by name.",
                    {"type": "boolean"},
                ),
            ),
        ),
        "Pagination": _object(**pagination),
        "PageLinks": _object(
            self=URI, first=URI, prev=_nullable(URI), next=_nullable(URI), last=URI
        ),
        "Error": _object(
            error=_object(
                status={"type": "integer", "minimum": 400, "maximum": 599},
                code={"type": "string", "examples": ["invalid_parameter", "not_found"]},
                message=STRING,
                field=_nullable(STRING),
            )
        ),
    }


def _list(item, meta="Pagination"):
    return _object(data=_array(_ref(item)), meta=_ref(meta), links=_ref("PageLinks"))


def _one(item):
    return _object(data=_ref(item))


# --- Answers and operations ----------------------------------------------------------------


def _header(description, schema=STRING, required=True):
    return {"description": description, "required": required, "schema": schema}


HEADERS = {
    "ETag": _header("A strong validator of the body, for If-None-Match."),
    "Last-Modified": _header("When what the answer shows last changed, for If-Modified-Since."),
    "Cache-Control": _header("How long the answer may be reused."),
    "Access-Control-Allow-Origin": _header("Any origin may read it.", {"const": "*"}),
}


def _header_refs(*names):
    return {name: {"$ref": f"#/components/headers/{name}"} for name in names}


def _error_answer(description):
    return {
        "description": description,
        "headers": _header_refs("Access-Control-Allow-Origin"),
        "content": {"application/json": {"schema": _ref("Error")}},
    }


RESPONSES = {
    "NotModified": {
        "description": "The client's copy (If-None-Match or If-Modified-Since) is current.",
        "headers": _header_refs("ETag", "Access-Control-Allow-Origin"),
    },
    "BadRequest": _error_answer("A query parameter is malformed or names nothing known."),
    "NotFound": _error_answer("Nothing at this address: no such item, or a page past the end."),
    "NotAcceptable": _error_answer("The Accept header excludes application/json."),
}


def _get(operation_id, summary, body, *, tag, parameters=(), errors=(), last_modified=False):
    """A GET operation answering ``body`` as JSON; 304 and 406 always, ``errors`` too."""
    headers = ("ETag", "Cache-Control", "Access-Control-Allow-Origin")
    if last_modified:
        headers = (*headers, "Last-Modified")
    responses = {
        "200": {
            "description": "OK",
            "headers": _header_refs(*headers),
            "content": {"application/json": {"schema": body}},
        },
        "304": {"$ref": "#/components/responses/NotModified"},
        "406": {"$ref": "#/components/responses/NotAcceptable"},
    }
    for status, name in errors:
        responses[status] = {"$ref": f"#/components/responses/{name}"}
    operation = {"operationId": operation_id, "summary": summary, "tags": [tag]}
    if parameters:
        operation["parameters"] = list(parameters)
    return {"get": {**operation, "responses": dict(sorted(responses.items()))}}


def _path_id(name, what):
    return {"name": name, "in": "path", "required": True, "schema": ID, "description": what}


BAD_REQUEST = ("400", "BadRequest")
NOT_FOUND = ("404", "NotFound")


def document(vocabulary):
    """Return the OpenAPI document; ``vocabulary`` maps each filter to its known codes."""
    paths = {
        "/activities": _get(
            "listActivities",
            "Public activities, filtered, searched and paged, with facet counts",
            _list("ActivitySummary", meta="ActivityListMeta"),
            tag="activities",
            parameters=activity_list_parameters(vocabulary),
            errors=(BAD_REQUEST, NOT_FOUND),
            last_modified=True,
        ),
        "/activities/{activity_id}": _get(
            "getActivity",
            "One public activity with its schedule and next times",
            _one("Activity"),
            tag="activities",
            parameters=[_path_id("activity_id", "The activity's id.")],
            errors=(NOT_FOUND,),
            last_modified=True,
        ),
        "/organisations": _get(
            "listOrganisations",
            "Organisers with public activities, by kind, then by name",
            _list("Organisation"),
            tag="organisations",
            parameters=organisation_list_parameters(),
            errors=(BAD_REQUEST, NOT_FOUND),
            last_modified=True,
        ),
        "/organisations/{organisation_id}": _get(
            "getOrganisation",
            "One organiser with its public activities",
            _one("OrganisationDetail"),
            tag="organisations",
            parameters=[_path_id("organisation_id", "The organiser's id.")],
            errors=(NOT_FOUND,),
            last_modified=True,
        ),
        "/steps": _get("listSteps", "The five steps, in order", _data("Step"), tag="vocabularies"),
        "/areas": _get(
            "listAreas", "Municipalities and their districts", _data("Area"), tag="vocabularies"
        ),
        "/themes": _get("listThemes", "Themes", _data("Term"), tag="vocabularies"),
        "/target-groups": _get(
            "listTargetGroups", "Target groups", _data("Term"), tag="vocabularies"
        ),
        "/languages": _get(
            "listLanguages", "Languages activities are run in", _data("Term"), tag="vocabularies"
        ),
        "/openapi.json": _get(
            "getOpenApiDocument",
            "This document",
            {"type": "object", "required": ["openapi", "info", "paths"]},
            tag="meta",
        ),
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "tarjotin – the service tray API",
            "version": VERSION,
            "description": DESCRIPTION,
            "license": {"name": "EUPL-1.2", "identifier": "EUPL-1.2"},
        },
        "servers": [{"url": "/api/v1"}],
        "tags": [
            {"name": "activities"},
            {"name": "organisations"},
            {"name": "vocabularies", "description": "The codes the filters use, in order."},
            {"name": "meta"},
        ],
        "paths": paths,
        "components": {
            "schemas": _schemas(),
            "responses": RESPONSES,
            "headers": HEADERS,
        },
    }


def _data(item):
    """A whole vocabulary: ``{"data": [...]}``, in display order, not paged."""
    return _object(data=_array(_ref(item)))
