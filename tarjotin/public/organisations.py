"""Organisers: the directory and the page of one organisation."""

from flask import abort, render_template

from tarjotin.public.views import bp


@bp.get("/organisations")
def organisations():
    return render_template("public/organisations.html")


@bp.get("/organisations/<int:organisation_id>")
def organisation(organisation_id):
    abort(404)
