"""GET /api/v1/organisations and /organisations/<id>: the organisers' directory as data."""

import pytest

from tests.api.conftest import HUGE_ID, error_of
from tests.factories import make_activity, make_organization, make_theme
from tests.public.test_organisations import directory_region
from tests.webpage import count_statements


def test_the_directory_lists_organisers_with_public_activities_by_kind_and_name(api, today):
    orgs = directory_region()
    orgs["city"].website = "https://example.org/vaasa"

    response = api.get("/organisations")

    assert response.status_code == 200
    data = response.get_json()["data"]
    assert [(item["name"]["fi"], item["activity_count"]) for item in data] == [
        ("Vaasan kaupunki", 3),
        ("Vaasan seurakuntayhtymä", 1),
        ("Aallonmurtajat ry", 1),
        ("Vaasan Martat ry", 2),
    ]
    city = data[0]
    assert (city["id"], city["uid"]) == (orgs["city"].id, orgs["city"].uid)
    assert city["name"] == {"fi": "Vaasan kaupunki", "sv": "Vasa stad", "en": "City of Vaasa"}
    assert (city["kind"], city["website"], city["phone"]) == (
        "city",
        "https://example.org/vaasa",
        None,
    )
    assert city["links"]["self"] == f"http://localhost/api/v1/organisations/{orgs['city'].id}"


def test_the_directory_filters_by_kind_and_pages(api, today):
    directory_region()

    associations = api.get("/organisations?kind=association&per_page=1&page=2").get_json()

    assert [item["name"]["fi"] for item in associations["data"]] == ["Vaasan Martat ry"]
    assert associations["meta"] == {"total": 2, "page": 2, "per_page": 1, "pages": 2}
    assert associations["links"]["prev"].endswith("/organisations?kind=association&per_page=1")
    assert associations["links"]["next"] is None


@pytest.mark.parametrize(
    ("query", "field"), [("kind=club", "kind"), ("page=x", "page"), ("per_page=101", "per_page")]
)
def test_bad_directory_parameters_are_a_400(api, today, query, field):
    response = api.get(f"/organisations?{query}")

    assert response.status_code == 400
    assert error_of(response)["field"] == field


def test_a_directory_page_past_the_end_is_not_found(api, today):
    directory_region()

    assert api.get("/organisations?page=2").status_code == 404


def test_the_directory_takes_the_same_few_statements_however_long_it_is(client, today):
    make_activity(organization=make_organization())
    few = count_statements(client, "/api/v1/organisations?per_page=100")
    for _ in range(10):
        make_activity(organization=make_organization(description_fi="Kuvaus."))
    many = count_statements(client, "/api/v1/organisations?per_page=100")

    assert few == many


def test_one_organiser_shows_its_public_activities(api, today):
    orgs = directory_region()
    make_activity(organization=orgs["martat"], name_fi="Leivontakurssi", themes=[make_theme()])

    response = api.get(f"/organisations/{orgs['martat'].id}")

    assert response.status_code == 200
    data = response.get_json()["data"]
    assert data["activity_count"] == 3
    assert "Leivontakurssi" in [activity["name"]["fi"] for activity in data["activities"]]


def test_an_organiser_without_public_activities_still_has_its_page(api, today):
    orgs = directory_region()

    response = api.get(f"/organisations/{orgs['quiet'].id}")

    assert response.status_code == 200
    assert response.get_json()["data"]["activities"] == []


@pytest.mark.parametrize("organisation_id", ["0", str(HUGE_ID), "12345", "x"])
def test_an_organiser_that_does_not_exist_is_not_found(api, today, organisation_id):
    directory_region()

    response = api.get(f"/organisations/{organisation_id}")

    assert response.status_code == 404
    assert error_of(response)["code"] == "not_found"
