"""GET /api/v1/steps, /areas, /themes, /target-groups, /languages: the codes filters use."""

import pytest

from tests.factories import make_area, make_language, make_step, make_target_group, make_theme


def test_steps_come_in_order_with_their_texts(api):
    make_step(2, name_en=None, tagline_fi="Arki", description_fi="Kuvaus.")
    make_step(1)

    data = api.get("/steps").get_json()["data"]

    assert [step["number"] for step in data] == [1, 2]
    assert data[1] == {
        "number": 2,
        "code": "step-2",
        "name": {"fi": "Askel 2", "sv": "Steg 2", "en": None},
        "tagline": {"fi": "Arki", "sv": None, "en": None},
        "description": {"fi": "Kuvaus.", "sv": None, "en": None},
    }


def test_areas_are_municipalities_with_their_districts(api):
    make_area("sepankyla", "mustasaari", position=1)
    make_area("keskusta", "vaasa", position=1, name_sv="Centrum")
    make_area("ristinummi", "vaasa", position=2)

    data = api.get("/areas").get_json()["data"]

    by_code = {area["code"]: area for area in data}
    assert set(by_code) == {"vaasa", "mustasaari"}
    assert by_code["vaasa"]["kind"] == "municipality"
    assert [district["code"] for district in by_code["vaasa"]["districts"]] == [
        "keskusta",
        "ristinummi",
    ]
    assert by_code["vaasa"]["districts"][0] == {
        "code": "keskusta",
        "kind": "district",
        "name": {"fi": "Keskusta", "sv": "Centrum", "en": None},
    }


@pytest.mark.parametrize(
    ("path", "make"),
    [("/themes", make_theme), ("/target-groups", make_target_group), ("/languages", make_language)],
)
def test_terms_come_in_their_display_order(api, path, make):
    make("second", position=2, name_fi="Toinen", name_sv="Andra")
    make("first", position=1, name_fi="Ensimmäinen")

    data = api.get(path).get_json()["data"]

    assert data == [
        {"code": "first", "name": {"fi": "Ensimmäinen", "sv": None, "en": None}},
        {"code": "second", "name": {"fi": "Toinen", "sv": "Andra", "en": None}},
    ]
