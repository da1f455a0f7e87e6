"""One error shape for the whole API, whatever went wrong and wherever.

``{"error": {"status": 400, "code": "invalid_parameter", "message": "…", "field": "step"}}``

``code`` is for programs, ``message`` for the developer reading it (in English: the API
speaks to programmers; the data it serves is in fi, sv and en). The blueprint's handler
answers errors raised by its views; tarjotin.web defers to ``error_response`` for routing
errors (an unknown path, a method not allowed) and unexpected exceptions under /api/.
"""

import re

from flask import request
from werkzeug.exceptions import BadRequest, NotAcceptable

from tarjotin.api.responses import json_response
from tarjotin.extensions import db

PATH_PREFIX = "/api/"
_NOT_A_WORD = re.compile(r"[^a-z0-9]+")


class InvalidParameter(BadRequest):
    """A query parameter the API cannot use; ``field`` names it."""

    api_code = "invalid_parameter"

    def __init__(self, field, message):
        super().__init__(message)
        self.field = field


class JsonNotAcceptable(NotAcceptable):
    """The client's Accept header excludes the only thing the API answers in."""

    description = (
        "This API answers in JSON only: send Accept: application/json, */* or no Accept header."
    )


def is_api_request():
    """Tell whether this request is for the API, even when no route under it matched."""
    return request.path.startswith(PATH_PREFIX)


def error_response(error):
    """Return the HTTPException ``error`` as the API's JSON error answer."""
    status = error.code or 500
    if status >= 500:
        db.session.rollback()
    body = {
        "status": status,
        "code": getattr(error, "api_code", None) or _NOT_A_WORD.sub("_", error.name.lower()),
        "message": error.description or "",
        "field": getattr(error, "field", None),
    }
    response = json_response({"error": body}, status)
    # Keep what the error adds for the client, such as Allow on a 405, but not its HTML type.
    for name, value in error.get_headers():
        if name.lower() != "content-type":
            response.headers[name] = value
    return response
