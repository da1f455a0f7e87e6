"""The activity list with its filters and search."""

from flask import current_app, render_template, request
from werkzeug.exceptions import BadRequest, NotFound

from tarjotin import search
from tarjotin.catalogue import browse
from tarjotin.extensions import db
from tarjotin.i18n import current_language
from tarjotin.public.forms import BrowseForm, args_without, filter_args
from tarjotin.public.views import bp
from tarjotin.timeutil import region_today


def browse_from_address(per_page, paged=True):
    """Browse with the filters, search words and page in the address (the list, its feeds).

    :raise 400: a filter is malformed or names nothing. :raise 404: the page is past the end.
    """
    form = BrowseForm(formdata=request.args)
    if not form.validate():
        raise BadRequest(str(form.first_error()))
    try:
        return browse.browse(
            db.session,
            form.filters(),
            page=form.page_number() if paged else 1,
            per_page=per_page,
            today=region_today(),
            locale=current_language(),
            search=search.index_for(current_app),
        )
    except browse.UnknownFilterValue as error:
        raise BadRequest(str(error.message)) from error
    except browse.PageOutOfRange as error:
        raise NotFound() from error


@bp.get("/activities")
def activities():
    result = browse_from_address(current_app.config["PER_PAGE"])
    today, locale = region_today(), current_language()
    if result.filters.q and not result.total:
        search.record_zero_result(db.session, result.filters.q, locale, today)
        db.session.commit()
    args = filter_args(result.filters)
    return render_template(
        "public/activities.html",
        result=result,
        args=args,
        args_without=args_without,
        suggestion_args=dict(args, q=result.suggestion) if result.suggestion else None,
        max_query_length=browse.MAX_QUERY_LENGTH,
    )
