"""GET /api/v1/activities and /activities/<id>: the list's filters, pages, facets and one item."""

from datetime import date, time, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest

from tarjotin import search
from tarjotin.extensions import db
from tarjotin.models import Cancellation, Session
from tests.api.conftest import HUGE_ID, TODAY, error_of
from tests.factories import (
    make_activity,
    make_area,
    make_language,
    make_location,
    make_step,
    make_target_group,
    make_theme,
)
from tests.public.test_activity_page import complete_activity
from tests.webpage import count_statements


def small_tray():
    """Three public activities that differ in every filter, and two that are not public."""
    make_step(2)
    make_step(3)
    morning = make_activity(
        name_fi="Aamukahvila",
        name_sv="Morgoncafé",
        step=make_step(1),
        location=make_location(area=make_area("keskusta", "vaasa"), step_free="yes"),
        themes=[make_theme("community")],
        languages=[make_language("fi")],
        target_groups=[make_target_group("everyone")],
        cost="free",
        registration="none",
        slots=((1, time(10), time(12)),),
    )
    evening = make_activity(
        name_fi="Iltamaalaus",
        name_sv="Kvällsmålning",
        step=make_step(2),
        location=make_location(area=make_area("sepankyla", "mustasaari"), step_free="no"),
        themes=[make_theme("culture")],
        languages=[make_language("sv")],
        target_groups=[make_target_group("young-adults")],
        cost="fee",
        cost_description_fi="5 euroa",
        registration="required",
        slots=((3, time(18), time(20)),),
    )
    outdoors = make_activity(
        name_fi="Luontoretki",
        name_sv="Naturutflykt",
        step=make_step(3),
        location=make_location(area=make_area("ristinummi", "vaasa"), step_free="unknown"),
        themes=[make_theme("nature")],
        languages=[make_language("en")],
        target_groups=[make_target_group("women")],
        cost="free",
        registration="required",
        slots=((5, time(13), time(15)),),
    )
    make_activity(name_fi="Ehdotettu", status="submitted")
    make_activity(name_fi="Päättynyt", valid_until=TODAY - timedelta(days=1))
    return morning, evening, outdoors


def names(response):
    return [item["name"]["fi"] for item in response.get_json()["data"]]


# --- The list ------------------------------------------------------------------------------


def test_the_list_shows_public_activities_by_name_with_their_summary(api, today):
    morning, _evening, _outdoors = small_tray()

    response = api.get("/activities")

    assert response.status_code == 200
    assert names(response) == ["Aamukahvila", "Iltamaalaus", "Luontoretki"]
    first = response.get_json()["data"][0]
    assert first["id"] == morning.id
    assert first["uid"] == morning.uid
    assert first["name"] == {"fi": "Aamukahvila", "sv": "Morgoncafé", "en": None}
    assert first["step"] == {"number": 1, "code": "step-1", "name": first["step"]["name"]}
    assert first["location"]["area"]["code"] == "keskusta"
    assert first["location"]["municipality"]["code"] == "vaasa"
    assert [theme["code"] for theme in first["themes"]] == ["community"]
    assert first["weekdays"] == ["tue"]
    assert first["daytimes"] == ["morning"]
    assert first["links"]["self"] == f"http://localhost/api/v1/activities/{morning.id}"
    assert first["links"]["pages"]["sv"] == f"http://localhost/sv/activities/{morning.id}"
    assert "status" not in first and "description" not in first


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("step=2", ["Iltamaalaus"]),
        ("step=1&step=3", ["Aamukahvila", "Luontoretki"]),
        ("area=vaasa", ["Aamukahvila", "Luontoretki"]),
        ("area=sepankyla", ["Iltamaalaus"]),
        ("theme=nature&theme=culture", ["Iltamaalaus", "Luontoretki"]),
        ("weekday=thu", ["Iltamaalaus"]),
        ("daytime=afternoon", ["Luontoretki"]),
        ("language=sv", ["Iltamaalaus"]),
        ("target_group=women", ["Luontoretki"]),
        ("free=1", ["Aamukahvila", "Luontoretki"]),
        ("free=0", ["Aamukahvila", "Iltamaalaus", "Luontoretki"]),
        ("step_free=1", ["Aamukahvila"]),
        ("no_registration=1", ["Aamukahvila"]),
        ("q=RETKI", ["Luontoretki"]),
        ("area=vaasa&free=1&weekday=sat", ["Luontoretki"]),
    ],
)
def test_filters_narrow_the_list_as_on_the_list_page(api, today, query, expected):
    small_tray()

    response = api.get(f"/activities?{query}")

    assert response.status_code == 200
    assert names(response) == expected
    assert response.get_json()["meta"]["total"] == len(expected)


def test_lang_sorts_and_searches_in_that_language(api, today):
    small_tray()

    swedish = api.get("/activities?lang=sv")
    found = api.get("/activities?lang=sv&q=utflykt")

    assert [item["name"]["sv"] for item in swedish.get_json()["data"]] == [
        "Kvällsmålning",
        "Morgoncafé",
        "Naturutflykt",
    ]
    assert names(found) == ["Luontoretki"]


def test_search_words_go_to_the_search_index_like_the_list_pages(app, api, today):
    small_tray()
    db.session.commit()
    search.build_index(db.session, search.index_for(app).folder, today=TODAY, finnish="snowball")

    response = api.get("/activities?q=luontoretki")

    assert names(response) == ["Luontoretki"]
    assert response.get_json()["meta"]["search"] == {
        "suggestion": None,
        "any_word": False,
        "degraded": False,
    }


def test_without_a_search_index_the_database_matches_the_words(api, today):
    small_tray()

    body = api.get("/activities?q=retki").get_json()

    assert [item["name"]["fi"] for item in body["data"]] == ["Luontoretki"]
    assert body["meta"]["search"]["degraded"] is True


def test_facets_count_what_each_choice_would_give(api, today):
    small_tray()

    facets = api.get("/activities?free=1").get_json()["meta"]["facets"]

    assert {value["code"]: value["count"] for value in facets["step"]} == {"1": 1, "2": 0, "3": 1}
    assert facets["free"] == [{"code": "1", "count": 2, "selected": True, "children": []}]
    vaasa = next(value for value in facets["area"] if value["code"] == "vaasa")
    assert vaasa["count"] == 2
    assert {child["code"] for child in vaasa["children"]} == {"keskusta", "ristinummi"}


def test_pages_link_to_each_other_and_keep_the_filters(api, today):
    step = make_step(1)
    for number in range(5):
        make_activity(name_fi=f"Toiminta {number}", step=step)
    make_activity(name_fi="Maksullinen", step=step, cost="fee")

    first = api.get("/activities?free=1&per_page=2&lang=sv").get_json()

    paging = {key: first["meta"][key] for key in ("total", "page", "per_page", "pages")}
    assert paging == {"total": 5, "page": 1, "per_page": 2, "pages": 3}
    links = first["links"]
    assert links["prev"] is None
    assert parse_qs(urlsplit(links["next"]).query) == {
        "free": ["1"],
        "lang": ["sv"],
        "per_page": ["2"],
        "page": ["2"],
    }
    assert links["self"] == links["first"]
    seen = [item["name"]["fi"] for item in first["data"]]
    page = first
    while page["links"]["next"]:
        page = api.get(page["links"]["next"].removeprefix("http://localhost/api/v1")).get_json()
        seen += [item["name"]["fi"] for item in page["data"]]
    assert seen == [f"Toiminta {number}" for number in range(5)]
    assert page["links"]["self"] == links["last"]
    assert page["links"]["next"] is None
    assert page["links"]["prev"].endswith("page=2")


def test_an_empty_tray_has_one_empty_page(api, today):
    body = api.get("/activities").get_json()

    assert body["data"] == []
    assert body["meta"]["total"] == 0
    assert body["meta"]["pages"] == 1
    assert body["links"]["first"] == body["links"]["last"] == "http://localhost/api/v1/activities"


def test_a_page_past_the_end_is_not_found(api, today):
    make_activity()

    response = api.get("/activities?page=2")

    assert response.status_code == 404
    assert error_of(response)["message"] == "There is no page 2: the list has 1 page(s)."


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("page=abc", "page", "page must be a whole number, not 'abc'."),
        ("page=0", "page", "page must be at least 1, not 0."),
        ("page=1&page=2", "page", "Give page only once."),
        ("per_page=1000", "per_page", "per_page must be at most 100, not 1000."),
        ("per_page=", "per_page", "per_page must be a whole number, not ''."),
        ("step=abc", "step", "step has no value 'abc'; use one of: 1, 2, 3."),
        ("step=7", "step", "step has no value 7; use one of: 1, 2, 3."),
        ("step=99999999999999999999", "step", None),
        ("area=atlantis", "area", None),
        ("area=%20keskusta", "area", None),
        ("theme=Nature", "theme", None),
        ("weekday=monday", "weekday", None),
        ("daytime=night", "daytime", None),
        ("free=yes", "free", "free has no value 'yes'; use one of: 0, 1."),
        ("lang=de", "lang", "lang has no value 'de'; use one of: fi, sv, en."),
        ("q=" + "x" * 201, "q", "q can be at most 200 characters long."),
    ],
)
def test_bad_parameters_are_a_400_that_names_the_parameter(api, today, query, field, message):
    small_tray()

    response = api.get(f"/activities?{query}")

    assert response.status_code == 400
    error = error_of(response)
    assert error["status"] == 400
    assert error["code"] == "invalid_parameter"
    assert error["field"] == field
    if message:
        assert error["message"] == message


def test_unknown_parameters_are_ignored(api, today):
    small_tray()

    response = api.get("/activities?_=1700000000&stpe=2")

    assert response.status_code == 200
    assert response.get_json()["meta"]["total"] == 3


def test_the_list_takes_the_same_few_statements_however_long_it_is(client, today):
    make_activity(themes=[make_theme("nature")], languages=[make_language("fi")])
    few = count_statements(client, "/api/v1/activities?per_page=100")
    for number in range(1, 4):
        for _ in range(8):
            make_activity(
                step=make_step(number),
                location=make_location(area=make_area(f"district-{number}", f"town-{number}")),
                themes=[make_theme(), make_theme("culture")],
                target_groups=[make_target_group()],
                languages=[make_language("sv"), make_language("en")],
            )
    many = count_statements(client, "/api/v1/activities?per_page=100")

    assert few == many


# --- One activity --------------------------------------------------------------------------


def scheduled_activity():
    """A public activity with every field filled, a weekly slot, a session and two breaks."""
    activity = complete_activity(
        description_en=None,
        website="https://example.org/ruoka",
        valid_from=date(2026, 9, 1),
        valid_until=date(2027, 5, 31),
        slots=((1, time(10), time(12, 30)),),
    )
    activity.location.latitude, activity.location.longitude = 63.08, 21.66
    activity.sessions = [Session(date=date(2026, 12, 5), start_time=time(9), end_time=time(11))]
    activity.cancellations = [
        Cancellation(date=date(2026, 12, 8), note="Joulutauko"),
        Cancellation(date=date(2026, 12, 6)),  # Independence Day, a Sunday: no note needed
    ]
    return activity


def test_one_activity_shows_its_details_and_schedule(api, today):
    activity = scheduled_activity()

    response = api.get(f"/activities/{activity.id}")

    assert response.status_code == 200
    data = response.get_json()["data"]
    assert data["uid"] == activity.uid
    assert data["description"] == {
        "fi": "Ensimmäinen kappale.\n\nToinen kappale.",
        "sv": "Första stycket.\n\nAndra stycket.",
        "en": None,
    }
    assert data["cost"] == "fee"
    assert data["cost_description"]["sv"] == "3 € per gång"
    assert data["contact"] == {
        "name": "Maija Meikäläinen",
        "email": "maija@example.org",
        "phone": "040 123 4567",
    }
    assert data["website"] == "https://example.org/ruoka"
    assert (data["capacity"], data["min_age"], data["max_age"]) == (12, 18, 29)
    assert (data["valid_from"], data["valid_until"]) == ("2026-09-01", "2027-05-31")
    assert data["organisation"]["name"]["en"] == "Vaasa Martha Club"
    assert data["location"]["street_address"] == "Ristinummentie 5"
    assert data["location"]["accessibility"]["sv"] == "Hiss till andra våningen."
    assert (data["location"]["latitude"], data["location"]["longitude"]) == (63.08, 21.66)
    schedule = data["schedule"]
    assert schedule["timezone"] == "Europe/Helsinki"
    assert schedule["weekly"] == [
        {"weekday": "tue", "start": "10:00", "end": "12:30", "interval_weeks": 1}
    ]
    assert schedule["sessions"] == [{"date": "2026-12-05", "start": "09:00", "end": "11:00"}]
    assert schedule["cancellations"] == [
        {"date": "2026-12-06", "note": None, "holiday": "independence_day"},
        {"date": "2026-12-08", "note": "Joulutauko", "holiday": None},
    ]
    assert [occurrence["date"] for occurrence in schedule["next"][:3]] == [
        "2026-12-01",
        "2026-12-05",
        "2026-12-15",  # 8 December is cancelled
    ]


@pytest.mark.parametrize(
    "hidden",
    [
        {"status": "submitted"},
        {"status": "archived"},
        {"valid_until": TODAY - timedelta(days=1)},
    ],
)
def test_an_activity_that_is_not_public_is_not_found(api, today, hidden):
    activity = make_activity(**hidden)

    response = api.get(f"/activities/{activity.id}")

    assert response.status_code == 404
    assert error_of(response) == {
        "status": 404,
        "code": "not_found",
        "message": f"There is no public activity {activity.id}.",
        "field": None,
    }


@pytest.mark.parametrize("activity_id", ["0", str(HUGE_ID), str(2**31), "abc", "-1", "1.5"])
def test_an_id_that_cannot_exist_is_not_found(api, today, activity_id):
    make_activity()

    response = api.get(f"/activities/{activity_id}")

    assert response.status_code == 404
    assert error_of(response)["code"] == "not_found"


def test_one_activity_takes_as_many_statements_however_much_it_has(client, today):
    small = make_activity()
    big = scheduled_activity()
    big.themes = [make_theme(f"t{n}") for n in range(4)]
    big.languages = [make_language(f"l{n}") for n in range(4)]

    big_path, small_path = f"/api/v1/activities/{big.id}", f"/api/v1/activities/{small.id}"

    assert count_statements(client, big_path) == count_statements(client, small_path)
