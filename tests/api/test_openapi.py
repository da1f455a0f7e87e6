"""The OpenAPI 3.1 document: served by the app, complete, and naming the tray's codes."""

from jsonschema import Draft202012Validator

from tarjotin.api import openapi
from tests.api.conftest import API, _resolve
from tests.factories import make_area, make_language, make_step, make_target_group, make_theme


def refs_in(node):
    """Yield every $ref in ``node``, however deep."""
    if isinstance(node, dict):
        if "$ref" in node:
            yield node["$ref"]
        for value in node.values():
            yield from refs_in(value)
    elif isinstance(node, list):
        for value in node:
            yield from refs_in(value)


def test_the_document_is_openapi_3_1_with_sound_schemas(api):
    response = api.get("/openapi.json")

    document = response.get_json()
    assert document["openapi"] == "3.1.0"
    assert document["servers"] == [{"url": API}]
    for schema in document["components"]["schemas"].values():
        Draft202012Validator.check_schema(schema)
    for ref in set(refs_in(document)):
        assert ref.startswith("#/"), ref
        _resolve(document, ref.removeprefix("#"))  # raises KeyError when it leads nowhere
    operation_ids = [
        op["operationId"] for item in document["paths"].values() for op in item.values()
    ]
    assert len(operation_ids) == len(set(operation_ids))


def test_every_api_route_is_documented_and_every_documented_path_routed(app):
    routed = {
        rule.rule.removeprefix(API).replace("<int:", "{").replace(">", "}")
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("api.")
    }
    documented = openapi.document({name: [] for name in openapi.VOCABULARY_FILTERS})["paths"].keys()

    assert routed == set(documented)


def test_the_filters_enumerate_the_codes_of_the_tray(api):
    make_step(2)
    make_step(1)
    make_area("keskusta", "vaasa")
    make_theme("nature")
    make_language("sv")
    make_target_group("women")

    document = api.get("/openapi.json").get_json()

    parameters = {
        parameter["name"]: parameter["schema"]
        for parameter in document["paths"]["/activities"]["get"]["parameters"]
    }
    assert parameters["step"]["items"]["enum"] == [1, 2]
    assert sorted(parameters["area"]["items"]["enum"]) == ["keskusta", "vaasa"]
    assert parameters["theme"]["items"]["enum"] == ["nature"]
    assert parameters["language"]["items"]["enum"] == ["sv"]
    assert parameters["target_group"]["items"]["enum"] == ["women"]
    assert parameters["weekday"]["items"]["enum"] == [
        "mon",
        "tue",
        "wed",
        "thu",
        "fri",
        "sat",
        "sun",
    ]
    assert parameters["per_page"]["maximum"] == 100


def test_the_document_answers_304_to_a_client_that_has_it(api):
    etag = api.get("/openapi.json").headers["ETag"]

    response = api.get("/openapi.json", headers={"If-None-Match": etag})

    assert response.status_code == 304
