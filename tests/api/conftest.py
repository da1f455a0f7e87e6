"""Fixtures for the API tests: a fixed today, and a check of answers against the document."""

import re
from datetime import date

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from tarjotin.extensions import db

API = "/api/v1"
TODAY = date(2026, 12, 1)  # a Tuesday
HUGE_ID = 99999999999999999999
DOCUMENT_URI = "urn:tarjotin:openapi"


@pytest.fixture
def today(monkeypatch):
    """Fix the region's today for the API views to a known Tuesday."""
    monkeypatch.setattr("tarjotin.api.views.region_today", lambda: TODAY)
    return TODAY


@pytest.fixture
def api(client):
    """Commit what the test built, GET from the API and check the answer is documented."""
    return ApiClient(client)


@pytest.fixture
def demo_api(demo_client):
    return ApiClient(demo_client)


class ApiClient:
    """GETs paths under /api/v1 and checks every answer against the served OpenAPI document."""

    def __init__(self, client):
        self.client = client
        self._contract = None

    def get(self, path, **kwargs):
        """GET ``path`` (under /api/v1) and return the response, checked against the document."""
        return self.request("GET", path, **kwargs)

    def request(self, method, path, **kwargs):
        db.session.commit()
        response = self.client.open(API + path, method=method, **kwargs)
        if self._contract is None:
            # The answers' schemas do not depend on the data; fetch the document once.
            document = self.client.get(f"{API}/openapi.json")
            assert document.status_code == 200
            self._contract = Contract(document.get_json())
        self._contract.assert_documented(method, path, response)
        return response


class Contract:
    """The served OpenAPI document, as a check of answers."""

    def __init__(self, document):
        self.document = document
        resource = Resource.from_contents(document, default_specification=DRAFT202012)
        self.registry = Registry().with_resource(DOCUMENT_URI, resource)
        self.validators = {}

    def assert_documented(self, method, path, response):
        """Check that ``response`` to ``method path`` is an answer the document allows.

        The body is validated with JSON Schema 2020-12 (the dialect of OpenAPI 3.1) against
        the schema the document gives for that operation and status, its $refs resolved in
        the served document. A method or path the document lacks may only answer an error.
        """
        if method == "OPTIONS" and response.status_code == 204:  # a CORS preflight, anywhere
            pointer = None
        else:
            status = response.status_code
            pointer = _schema_pointer(self.document, method, path.split("?")[0], status)
        if pointer is None:
            assert response.data == b"", "a documented answer without content has a body"
            return
        assert response.mimetype == "application/json", response.data[:200]
        if method == "HEAD":
            return
        errors = [error.message for error in self.validator(pointer).iter_errors(response.json)]
        assert errors == [], (method, path, response.status_code, errors[:5])

    def validator(self, pointer):
        if pointer not in self.validators:
            self.validators[pointer] = Draft202012Validator(
                {"$ref": f"{DOCUMENT_URI}#{pointer}"},
                registry=self.registry,
                format_checker=Draft202012Validator.FORMAT_CHECKER,
            )
        return self.validators[pointer]


def _schema_pointer(document, method, path, status):
    """Return the JSON pointer of the body's schema for ``status``, or None without content."""
    template = _path_template(document, path)
    operation = document["paths"].get(template, {}).get(method.lower().replace("head", "get"))
    if operation is None:
        assert status in (404, 405), f"{method} {path}: {status} from an undocumented operation"
        return "/components/schemas/Error"
    assert str(status) in operation["responses"], f"{method} {path}: {status} is not documented"
    pointer = f"/paths/{_escape(template)}/get/responses/{status}"
    answer = operation["responses"][str(status)]
    if "$ref" in answer:
        pointer = answer["$ref"].removeprefix("#")
        answer = _resolve(document, pointer)
    if "content" not in answer:
        return None
    return f"{pointer}/content/{_escape('application/json')}/schema"


def _path_template(document, path):
    for template in document["paths"]:
        if re.fullmatch(re.sub(r"\{[^}]+\}", "[^/]+", template), path):
            return template
    return None


def _resolve(document, pointer):
    found = document
    for part in pointer.strip("/").split("/"):
        found = found[part.replace("~1", "/").replace("~0", "~")]
    return found


def _escape(part):
    return part.replace("~", "~0").replace("/", "~1")


def error_of(response):
    """Return the ``error`` object of a JSON error answer."""
    return response.get_json()["error"]
