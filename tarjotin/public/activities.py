"""The activity list with its filters."""

from flask import current_app, render_template, request
from werkzeug.exceptions import BadRequest, NotFound

from tarjotin.catalogue import browse
from tarjotin.extensions import db
from tarjotin.i18n import current_language
from tarjotin.public.forms import BrowseForm, args_without, filter_args
from tarjotin.public.views import bp
from tarjotin.timeutil import region_today


@bp.get("/activities")
def activities():
    form = BrowseForm(formdata=request.args)
    if not form.validate():
        raise BadRequest(str(form.first_error()))
    try:
        result = browse.browse(
            db.session,
            form.filters(),
            page=form.page_number(),
            per_page=current_app.config["PER_PAGE"],
            today=region_today(),
            locale=current_language(),
        )
    except browse.UnknownFilterValue as error:
        raise BadRequest(str(error.message)) from error
    except browse.PageOutOfRange as error:
        raise NotFound() from error
    return render_template(
        "public/activities.html",
        result=result,
        args=filter_args(result.filters),
        args_without=args_without,
        max_query_length=browse.MAX_QUERY_LENGTH,
    )
