"""The activity list with its filters, and the page of one activity."""

from flask import abort, render_template

from tarjotin.public.views import bp


@bp.get("/activities")
def activities():
    return render_template("public/activities.html")


@bp.get("/activities/<int:activity_id>")
def activity(activity_id):
    abort(404)
