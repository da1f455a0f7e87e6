"""Public pages a resident uses: the steps, the activity list, activities, organisations."""

from datetime import date

from flask import Blueprint, redirect, render_template, url_for

from tarjotin.catalogue import steps as step_queries
from tarjotin.extensions import db
from tarjotin.i18n import best_language
from tarjotin.timeutil import region_today

STATEMENT_DATE = date(2026, 11, 24)

bp = Blueprint("public", __name__, url_prefix="/<any(fi,sv,en):lang_code>")
root = Blueprint("root", __name__)


@root.get("/")
def index():
    return redirect(url_for("public.home", lang_code=best_language()))


@bp.get("/")
def home():
    steps = step_queries.steps_with_counts(db.session, region_today())
    return render_template("public/home.html", steps=steps)


@bp.get("/steps")
def steps():
    steps = step_queries.steps_with_counts(db.session, region_today())
    return render_template("public/steps.html", steps=steps)


@bp.get("/accessibility")
def accessibility():
    return render_template("public/accessibility.html", statement_date=STATEMENT_DATE)


from tarjotin.public import activities, activity, feeds, organisations  # noqa: E402,F401  (routes on bp)
