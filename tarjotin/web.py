"""Blueprints, error pages and what every template can use."""

from flask import render_template, request, url_for
from werkzeug.exceptions import HTTPException, InternalServerError

from tarjotin.api import errors as api_errors
from tarjotin.extensions import db

ERROR_TEMPLATES = {400: "errors/400.html", 404: "errors/404.html", 500: "errors/500.html"}


def init_app(app):
    from tarjotin.api.views import bp as api_bp
    from tarjotin.opendata.views import bp as opendata_bp
    from tarjotin.public.views import bp as public_bp
    from tarjotin.public.views import root

    app.register_blueprint(root)
    app.register_blueprint(public_bp)
    app.register_blueprint(api_bp)
    app.register_blueprint(opendata_bp)
    app.jinja_env.globals["switch_language_url"] = switch_language_url
    app.register_error_handler(HTTPException, render_http_error)
    app.register_error_handler(Exception, render_server_error)


def render_http_error(error):
    """Render a translated error page; codes without their own page share the 400 one."""
    if api_errors.is_api_request():  # the API answers JSON, even where no API route matched
        return api_errors.error_response(error)
    code = error.code or 500
    if code >= 500:
        return render_server_error(error)
    template = ERROR_TEMPLATES.get(code, "errors/400.html")
    # Werkzeug's own descriptions are English; only a reason a view gave is shown.
    detail = error.description if error.description != type(error).description else None
    return render_template(template, error=error, detail=detail), code


def render_server_error(error):
    """Roll back whatever the request had begun and show a calm, translated page."""
    db.session.rollback()
    if not isinstance(error, HTTPException):
        from flask import current_app

        if current_app.testing and current_app.config.get("PROPAGATE_TEST_ERRORS", True):
            raise error
        current_app.logger.exception("Unhandled error")
        error = InternalServerError()
    if api_errors.is_api_request():
        return api_errors.error_response(error)
    return render_template(ERROR_TEMPLATES[500], error=error), 500


def switch_language_url(lang):
    """Return this page in ``lang``, keeping its filters; error pages lead to the home page."""
    if request.url_rule is None or "lang_code" not in request.url_rule.arguments:
        return url_for("public.home", lang_code=lang)
    args = request.args.to_dict(flat=False)
    return url_for(request.endpoint, **(request.view_args or {}), **args, lang_code=lang)
