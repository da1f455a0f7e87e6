"""The page of one activity."""

from flask import abort

from tarjotin.public.views import bp


@bp.get("/activities/<int:activity_id>")
def activity(activity_id):
    abort(404)
