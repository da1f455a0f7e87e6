"""The read-only JSON API: activities, organisations, steps, areas, themes."""

from flask import Blueprint, current_app, g, request
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import HTTPException, NotFound

from tarjotin import search
from tarjotin.api import openapi, responses, schemas
from tarjotin.api.errors import InvalidParameter, JsonNotAcceptable, error_response, is_api_request
from tarjotin.api.parameters import read_query
from tarjotin.catalogue import browse
from tarjotin.catalogue.activities import NEXT_OCCURRENCES, get_public_activity
from tarjotin.catalogue.organisations import (
    get_organisation,
    organisation_directory,
    public_activities_of,
)
from tarjotin.catalogue.schedules import next_occurrences, schedule_of
from tarjotin.extensions import db
from tarjotin.models import Activity, Area, Language, Organization, Step, TargetGroup, Theme
from tarjotin.public.forms import BrowseForm, filter_args
from tarjotin.timeutil import region_today

bp = Blueprint("api", __name__, url_prefix="/api/v1")
bp.register_error_handler(HTTPException, error_response)

# The activity list's filters, as BrowseForm reads them.
FILTERS = (
    *("q", "step", "area", "theme", "weekday", "daytime", "language", "target_group"),
    *("free", "step_free", "no_registration"),
)
# A year ahead, as on the activity page.
HORIZON_DAYS = 366


@bp.before_request
def negotiate():
    if request.method == "OPTIONS":
        return responses.preflight(request.url_rule.methods)
    if request.accept_mimetypes and not request.accept_mimetypes.best_match(["application/json"]):
        raise JsonNotAcceptable()
    # The API's own words (error messages) are English; the data comes in every language.
    g.lang_code = "en"
    return None


@bp.after_app_request
def allow_other_origins(response):
    # On the app, not the blueprint: unknown paths under /api/ match no blueprint route.
    return responses.add_cors_headers(response) if is_api_request() else response


@bp.get("/openapi.json")
def openapi_document():
    return responses.answer(openapi.document(_vocabulary()))


@bp.get("/activities")
def activities():
    values = read_query(openapi.activity_list_parameters(_vocabulary()), request.args)
    form = BrowseForm(formdata=_browse_form_data(values))
    if not form.validate():
        field = next(field for field in form if field.errors)
        raise InvalidParameter(field.name, str(field.errors[0]))
    today = region_today()
    try:
        result = browse.browse(
            db.session,
            form.filters(),
            page=values["page"],
            per_page=values["per_page"],
            today=today,
            locale=values["lang"],
            search=search.index_for(current_app),
        )
    except browse.UnknownFilterValue as error:
        message = f"{error.field} has no value {error.value!r}."
        raise InvalidParameter(error.field, message) from error
    except browse.PageOutOfRange as error:
        raise _past_the_end(error.page, error.pages) from error
    _load_terms(result.items)
    return responses.page(
        [schemas.activity_summary(activity) for activity in result.items],
        result.pagination,
        "api.activities",
        {**filter_args(result.filters), **_list_args(values)},
        meta={"facets": schemas.facets(result.facets), "search": schemas.search(result)},
        last_modified=_tray_changed(today),
    )


@bp.get("/activities/<int:activity_id>")
def activity(activity_id):
    today = region_today()
    found = get_public_activity(db.session, activity_id, today)
    if found is None:
        raise NotFound(f"There is no public activity {activity_id}.")
    occurrences = next_occurrences(
        schedule_of(found), today, limit=NEXT_OCCURRENCES, horizon_days=HORIZON_DAYS
    )
    changed = (found.updated_at, found.organization.updated_at)
    return responses.data(
        schemas.activity(found, occurrences),
        last_modified=responses.changed_since_midnight(*changed, today=today),
    )


@bp.get("/organisations")
def organisations():
    values = read_query(openapi.organisation_list_parameters(), request.args)
    today = region_today()
    groups = organisation_directory(db.session, today, values["lang"], kind=values["kind"])
    entries = [entry for group in groups for entry in group.entries]
    pagination = browse.Pagination(values["page"], values["per_page"], len(entries))
    if pagination.page > pagination.pages:
        raise _past_the_end(pagination.page, pagination.pages)
    shown = entries[pagination.first_index - 1 : pagination.last_index]
    # The directory loads names only; the rest in one statement.
    _load(Organization, [entry.organisation for entry in shown])
    return responses.page(
        [schemas.organisation(entry.organisation, entry.count) for entry in shown],
        pagination,
        "api.organisations",
        {**({"kind": values["kind"]} if values["kind"] else {}), **_list_args(values)},
        last_modified=_tray_changed(today),
    )


@bp.get("/organisations/<int:organisation_id>")
def organisation(organisation_id):
    found = get_organisation(db.session, organisation_id)
    if found is None:
        raise NotFound(f"There is no organiser {organisation_id}.")
    today = region_today()
    activities = public_activities_of(db.session, found, today)
    _load_terms(activities)
    changed = (found.updated_at, *(activity.updated_at for activity in activities))
    return responses.data(
        schemas.organisation_detail(found, activities),
        last_modified=responses.changed_since_midnight(*changed, today=today),
    )


@bp.get("/steps")
def steps():
    return responses.data([schemas.step(step) for step in _terms(Step, Step.number)])


@bp.get("/areas")
def areas():
    return responses.data(schemas.area_tree(_terms(Area)))


@bp.get("/themes")
def themes():
    return responses.data([schemas.term(theme) for theme in _terms(Theme)])


@bp.get("/target-groups")
def target_groups():
    return responses.data([schemas.term(group) for group in _terms(TargetGroup)])


@bp.get("/languages")
def languages():
    return responses.data([schemas.term(language) for language in _terms(Language)])


def _terms(model, *order):
    """Every term of a vocabulary in display order (as the list's filters show them)."""
    order = order or (model.position, model.name_fi)
    return db.session.scalars(select(model).order_by(*order, model.id)).all()


def _vocabulary():
    """The codes each vocabulary filter of the activity list knows."""
    return {
        "step": [step.number for step in _terms(Step, Step.number)],
        "area": [area.code for area in _terms(Area)],
        "theme": [theme.code for theme in _terms(Theme)],
        "language": [language.code for language in _terms(Language)],
        "target_group": [group.code for group in _terms(TargetGroup)],
    }


def _browse_form_data(values):
    """The filters as BrowseForm reads them from a query string, in their canonical form."""
    data = MultiDict()
    for name in FILTERS:
        value = values[name]
        for one in value if isinstance(value, list) else [value]:
            if one is not None:
                data.add(name, str(one))
    return data


def _list_args(values):
    """The paging and language parameters a list's links keep: those not at their default."""
    defaults = {"lang": "fi", "per_page": openapi.DEFAULT_PER_PAGE}
    return {name: values[name] for name, default in defaults.items() if values[name] != default}


def _past_the_end(page, pages):
    return NotFound(f"There is no page {page}: the list has {pages} page(s).")


def _load(model, objects, *options):
    """Load what ``objects`` lack (deferred columns, ``options``) in one go, not one by one."""
    ids = [obj.id for obj in objects]
    if ids:
        db.session.scalars(select(model).where(model.id.in_(ids)).options(*options)).all()


def _load_terms(activities):
    """Load the themes, target groups and languages of ``activities`` in three statements."""
    collections = (Activity.themes, Activity.target_groups, Activity.languages)
    _load(Activity, activities, *(selectinload(collection) for collection in collections))


def _tray_changed(today):
    """When the tray's activities or organisers last changed, or today began if later."""
    latest = select(
        select(func.max(Activity.updated_at)).scalar_subquery(),
        select(func.max(Organization.updated_at)).scalar_subquery(),
    )
    return responses.changed_since_midnight(*db.session.execute(latest).one(), today=today)
