"""The demo region through the API: every list page and every item answers as documented."""

import re

import pytest


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_every_page_of_the_demo_list_answers_as_documented(demo_api, lang):
    page = demo_api.get(f"/activities?lang={lang}&per_page=50").get_json()
    seen = [item["id"] for item in page["data"]]
    while page["links"]["next"]:
        page = demo_api.get(
            page["links"]["next"].removeprefix("http://localhost/api/v1")
        ).get_json()
        seen += [item["id"] for item in page["data"]]

    assert len(seen) == len(set(seen)) == page["meta"]["total"] > 50


def test_every_public_activity_of_the_demo_answers_as_documented(demo_api):
    ids = []
    page = {"links": {"next": "/activities?per_page=100"}}
    while page["links"]["next"]:
        page = demo_api.get(
            page["links"]["next"].removeprefix("http://localhost/api/v1")
        ).get_json()
        ids += [item["id"] for item in page["data"]]

    for activity_id in ids:
        assert demo_api.get(f"/activities/{activity_id}").status_code == 200


def test_every_organiser_of_the_demo_answers_as_documented(demo_api):
    directory = demo_api.get("/organisations?per_page=100").get_json()

    assert directory["data"]
    for organisation in directory["data"]:
        response = demo_api.get(f"/organisations/{organisation['id']}")
        assert response.status_code == 200
        assert len(response.get_json()["data"]["activities"]) == organisation["activity_count"]


@pytest.mark.parametrize("path", ["/steps", "/areas", "/themes", "/target-groups", "/languages"])
def test_the_demo_vocabularies_answer_as_documented(demo_api, path):
    response = demo_api.get(path)

    assert response.status_code == 200
    assert response.get_json()["data"]


def test_the_demo_list_filters_and_sorts_like_the_list_page(demo_api, demo_client):
    query = "step=2&free=1&area=vaasa"

    body = demo_api.get(f"/activities?{query}").get_json()
    page = demo_client.get(f"/fi/activities?{query}")

    assert body["meta"]["total"] > 1
    cards = re.findall(r'class="activity-card-title"><a href="/fi/activities/(\d+)"', page.text)
    assert [item["id"] for item in body["data"]] == [int(card) for card in cards]
