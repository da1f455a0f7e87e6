"""The activity list with its filters."""

from flask import render_template

from tarjotin.public.views import bp


@bp.get("/activities")
def activities():
    return render_template("public/activities.html")
