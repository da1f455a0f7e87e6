"""Query parameters read against their OpenAPI definitions, so the document is the contract.

The same parameter objects are served in /api/v1/openapi.json and checked here, so what the
document calls valid is exactly what the API accepts: no trimming, no case folding, no
silently dropped blanks (the HTML list is kinder to hand-typed addresses).
"""

from jsonschema import Draft202012Validator
from jsonschema.exceptions import best_match

from tarjotin.api.errors import InvalidParameter

ENUM_SHOWN = 12  # list the allowed values in a message when there are at most this many


def read_query(parameters, args):
    """Return ``{name: value}`` for the query ``parameters`` from the MultiDict ``args``.

    A missing parameter gets its schema's default (None without one, [] for a list).
    :raise InvalidParameter: a value does not fit its parameter's schema.
    """
    values = {}
    for parameter in parameters:
        name, schema = parameter["name"], parameter["schema"]
        texts = args.getlist(name)
        if schema.get("type") == "array":
            value = [_from_text(text, schema["items"]) for text in texts]
        elif len(texts) > 1:
            raise InvalidParameter(name, f"Give {name} only once.")
        elif texts:
            value = _from_text(texts[0], schema)
        else:
            values[name] = schema.get("default")
            continue
        error = best_match(Draft202012Validator(schema).iter_errors(value))
        if error is not None:
            raise InvalidParameter(name, _message(name, error))
        values[name] = value
    return values


def _from_text(text, schema):
    """Read ``text`` as the schema's type; leave it text when it is not one (the check fails)."""
    if schema.get("type") == "integer" and text.isascii() and text == text.strip():
        try:
            return int(text)
        except ValueError:  # not digits, or more digits than Python converts
            return text
    return text


def _message(name, error):
    """Say in a sentence what is wrong with the value of ``name``."""
    value, limit = error.instance, error.validator_value
    options = error.schema.get("enum")
    match error.validator:
        case "type" | "enum" if options is not None and len(options) <= ENUM_SHOWN:
            allowed = ", ".join(str(option) for option in options)
            return f"{name} has no value {value!r}; use one of: {allowed}."
        case "type" | "enum" if options is not None:
            return f"{name} has no value {value!r}; the OpenAPI document lists the values."
        case "type" if limit == "integer":
            return f"{name} must be a whole number, not {value!r}."
        case "minimum":
            return f"{name} must be at least {limit}, not {value!r}."
        case "maximum":
            return f"{name} must be at most {limit}, not {value!r}."
        case "maxLength":
            return f"{name} can be at most {limit} characters long."
    return f"{name}: {error.message}"
