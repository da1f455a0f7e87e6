"""Organisers: the directory and the page of one organisation."""

from flask import abort, render_template
from flask_babel import lazy_gettext as _l

from tarjotin.catalogue import organisations as organisation_queries
from tarjotin.extensions import db
from tarjotin.i18n import current_language
from tarjotin.public.views import bp
from tarjotin.timeutil import region_today

# What kind of organiser one organisation is, and the heading of a group of them.
KIND_NAMES = {
    "city": _l("City or municipality"),
    "parish": _l("Parish"),
    "association": _l("Association"),
    "company": _l("Company"),
    "school": _l("School or college"),
    "public": _l("Public service"),
    "other": _l("Other organiser"),
}
KIND_HEADINGS = {
    "city": _l("Cities and municipalities"),
    "parish": _l("Parishes"),
    "association": _l("Associations"),
    "company": _l("Companies"),
    "school": _l("Schools and colleges"),
    "public": _l("Public services"),
    "other": _l("Other organisers"),
}


@bp.get("/organisations")
def organisations():
    groups = organisation_queries.organisation_directory(
        db.session, region_today(), current_language()
    )
    return render_template("public/organisations.html", groups=groups, headings=KIND_HEADINGS)


@bp.get("/organisations/<int:organisation_id>")
def organisation(organisation_id):
    found = organisation_queries.get_organisation(db.session, organisation_id)
    if found is None:
        abort(404)
    activities = organisation_queries.public_activities_of(db.session, found, region_today())
    return render_template(
        "public/organisation.html",
        organisation=found,
        activities=activities,
        kind_name=KIND_NAMES.get(found.kind, KIND_NAMES["other"]),
    )
