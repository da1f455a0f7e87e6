"""Languages: the language is the first part of every public URL (/fi/, /sv/, /en/)."""

from flask import current_app, g, request
from flask_babel import format_date, gettext, refresh
from markupsafe import Markup, escape

from tarjotin.extensions import babel
from tarjotin.models.text import FALLBACK, localized

LANGUAGE_NAMES = {"fi": "Suomeksi", "sv": "På svenska", "en": "In English"}


def init_app(app):
    babel.init_app(app, locale_selector=current_language)
    app.url_value_preprocessor(_pop_language)
    app.url_defaults(_add_language)
    app.jinja_env.globals.update(
        loc=loc,
        current_language=current_language,
        LANGUAGE_NAMES=LANGUAGE_NAMES,
        FALLBACK_LANGUAGE=FALLBACK,
    )
    app.jinja_env.filters["paragraphs"] = paragraphs
    app.jinja_env.filters["fallback_marker"] = fallback_marker
    app.jinja_env.globals["format_date"] = format_date


def best_language():
    """Return the browser's preferred language among ours, Finnish when none fits."""
    return request.accept_languages.best_match(current_app.config["LANGUAGES"], default=FALLBACK)


def current_language():
    """Return the language of this request: the URL's, else the browser's best match."""
    if "lang_code" not in g:
        first = request.path.strip("/").split("/", 1)[0]
        g.lang_code = first if first in current_app.config["LANGUAGES"] else best_language()
    return g.lang_code


def _pop_language(_endpoint, values):
    # Runs first in every request. An app context that outlives one request (as in tests,
    # or a CLI command that renders pages) must not carry its language into the next one.
    g.pop("lang_code", None)
    refresh()
    if values and "lang_code" in values:
        g.lang_code = values.pop("lang_code")


def _add_language(endpoint, values):
    if "lang_code" in values or not endpoint:
        return
    if current_app.url_map.is_endpoint_expecting(endpoint, "lang_code"):
        values["lang_code"] = current_language()


def loc(obj, field):
    """Return the text of ``obj.field`` in the current language, with Finnish as fallback."""
    return localized(obj, field, current_language())


def fallback_marker(text):
    """Render a Localized inline; a Finnish fallback carries lang="fi" and a visible marker."""
    if not getattr(text, "is_fallback", False):
        return escape(str(text))
    html = Markup('<span lang="{lang}">{text}</span> <span class="fallback">({note})</span>')
    return html.format(lang=text.lang, text=str(text), note=gettext("in Finnish"))


def paragraphs(text):
    """Render plain text as paragraphs; blank lines separate them, single newlines break."""
    blocks = [b.strip() for b in str(text or "").replace("\r\n", "\n").split("\n\n")]
    html = [
        Markup("<p>{}</p>").format(Markup("<br>").join(escape(b).split("\n"))) for b in blocks if b
    ]
    return Markup("\n").join(html)
