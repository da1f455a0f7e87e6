"""The activity list: filters, disjunctive facet counts, text match, order and pages."""

from datetime import date, time, timedelta

import pytest
from sqlalchemy import event, update

from tarjotin.catalogue.browse import (
    Filters,
    PageOutOfRange,
    Pagination,
    UnknownFilterValue,
    browse,
)
from tarjotin.extensions import db
from tarjotin.models import Activity
from tests.factories import (
    make_activity,
    make_area,
    make_language,
    make_location,
    make_step,
    make_target_group,
    make_theme,
)

pytestmark = pytest.mark.usefixtures("app")

TODAY = date(2026, 6, 15)
MONDAY, TUESDAY, WEDNESDAY = 0, 1, 2


def run(filters=None, *, page=1, per_page=20, locale="fi", **chosen):
    """Browse with ``filters`` (or a Filters made of ``chosen``) on TODAY."""
    filters = filters or Filters(**{key: _frozen(value) for key, value in chosen.items()})
    return browse(db.session, filters, page=page, per_page=per_page, today=TODAY, locale=locale)


def _frozen(value):
    return frozenset(value) if isinstance(value, set | list | tuple) else value


def names(result):
    return [activity.name_fi for activity in result.items]


def counts(result, facet):
    return {value.code: value.count for value in result.facet(facet).all_values()}


def slot(weekday, hour):
    return ((weekday, time(hour), time(hour + 1)),)


# --- What is listed -------------------------------------------------------------------


def test_lists_only_published_activities_that_have_not_ended():
    make_activity(name_fi="Auki")
    make_activity(name_fi="Viimeinen päivä", valid_until=TODAY)
    make_activity(name_fi="Ehdotettu", status="submitted")
    make_activity(name_fi="Muutettava", status="changes_requested")
    make_activity(name_fi="Arkistoitu", status="archived")
    make_activity(name_fi="Hylätty", status="rejected")
    make_activity(name_fi="Päättynyt", valid_until=TODAY - timedelta(days=1))

    result = run()

    assert names(result) == ["Auki", "Viimeinen päivä"]
    assert result.total == 2


def test_activities_that_are_not_public_are_never_counted():
    nature = make_theme("nature")
    step2 = make_step(2)
    make_activity(name_fi="Auki", themes=[nature])
    hidden = {"step": step2, "themes": [nature], "slots": slot(MONDAY, 18)}
    make_activity(status="submitted", **hidden)
    make_activity(status="archived", **hidden)
    make_activity(valid_until=TODAY - timedelta(days=1), **hidden)

    result = run()

    assert counts(result, "step") == {"1": 1, "2": 0}
    assert counts(result, "theme") == {"nature": 1}
    assert counts(result, "weekday")["mon"] == 0
    assert counts(result, "daytime")["evening"] == 0
    assert counts(result, "free") == {"1": 1}
    assert counts(result, "area") == {"vaasa": 1, "keskusta": 1}


# --- Each filter ----------------------------------------------------------------------

FILTER_CASES = {
    "step": (
        Filters(steps=frozenset({2})),
        lambda: {"step": make_step(2)},
        lambda: {"step": make_step(1)},
    ),
    "district": (
        Filters(areas=frozenset({"ristinummi"})),
        lambda: {"location": make_location(area=make_area("ristinummi"))},
        lambda: {"location": make_location(area=make_area("keskusta"))},
    ),
    "theme": (
        Filters(themes=frozenset({"nature"})),
        lambda: {"themes": [make_theme("nature"), make_theme("culture")]},
        lambda: {"themes": [make_theme("culture")]},
    ),
    "weekday": (
        Filters(weekdays=frozenset({"mon"})),
        lambda: {"slots": slot(MONDAY, 10) + slot(WEDNESDAY, 10)},
        lambda: {"slots": slot(TUESDAY, 10)},
    ),
    "time of day": (
        Filters(daytimes=frozenset({"evening"})),
        lambda: {"slots": slot(MONDAY, 18)},
        lambda: {"slots": slot(MONDAY, 10) + slot(TUESDAY, 13)},
    ),
    "language": (
        Filters(languages=frozenset({"sv"})),
        lambda: {"languages": [make_language("fi"), make_language("sv")]},
        lambda: {"languages": [make_language("fi")]},
    ),
    "target group": (
        Filters(target_groups=frozenset({"women"})),
        lambda: {"target_groups": [make_target_group("women")]},
        lambda: {"target_groups": [make_target_group("young-adults")]},
    ),
    "free": (Filters(free=True), lambda: {"cost": "free"}, lambda: {"cost": "fee"}),
    "step-free access": (
        Filters(step_free=True),
        lambda: {"location": make_location(step_free="yes")},
        lambda: {"location": make_location(step_free="unknown")},
    ),
    "no registration": (
        Filters(no_registration=True),
        lambda: {"registration": "none"},
        lambda: {"registration": "required"},
    ),
}


@pytest.mark.parametrize("case", FILTER_CASES.values(), ids=FILTER_CASES.keys())
def test_each_filter_keeps_only_the_activities_it_names(case):
    filters, matching, other = case
    make_activity(name_fi="Osuu", **matching())
    make_activity(name_fi="Ei osu", **other())

    result = run(filters)

    assert names(result) == ["Osuu"]
    assert result.total == 1


def test_yes_no_filters_leave_out_unknown_answers():
    make_activity(name_fi="Ei tiedossa", cost="unknown", registration="unknown")

    assert run(free=True).total == 0
    assert run(no_registration=True).total == 0


def test_values_of_one_filter_are_alternatives():
    make_activity(name_fi="A", step=make_step(1), slots=slot(MONDAY, 10))
    make_activity(name_fi="B", step=make_step(2), slots=slot(WEDNESDAY, 10))
    make_activity(name_fi="C", step=make_step(3), slots=slot(TUESDAY, 10))

    assert names(run(steps={1, 2})) == ["A", "B"]
    assert names(run(weekdays={"mon", "wed"})) == ["A", "B"]


def test_different_filters_narrow_each_other():
    nature = make_theme("nature")
    make_activity(name_fi="Molemmat", step=make_step(2), themes=[nature])
    make_activity(name_fi="Vain askel", step=make_step(2))
    make_activity(name_fi="Vain teema", step=make_step(1), themes=[nature])

    assert names(run(steps={2}, themes={"nature"})) == ["Molemmat"]
    assert names(run(steps={2}, themes={"nature"}, free=True, weekdays={"tue"})) == ["Molemmat"]
    assert names(run(steps={2}, themes={"nature"}, weekdays={"mon"})) == []


def test_a_municipality_includes_its_districts():
    make_activity(name_fi="Keskusta", location=make_location(area=make_area("keskusta")))
    make_activity(name_fi="Ristinummi", location=make_location(area=make_area("ristinummi")))
    make_activity(name_fi="Vaasa", location=make_location(area=make_area("vaasa", None)))
    make_activity(
        name_fi="Mustasaari",
        location=make_location(area=make_area("sepankyla", "mustasaari")),
    )

    assert names(run(areas={"vaasa"})) == ["Keskusta", "Ristinummi", "Vaasa"]
    assert names(run(areas={"ristinummi"})) == ["Ristinummi"]
    assert names(run(areas={"ristinummi", "mustasaari"})) == ["Mustasaari", "Ristinummi"]


# --- Facet counts ---------------------------------------------------------------------


def test_facet_counts_ignore_their_own_choice_and_apply_the_others():
    nature, culture = make_theme("nature"), make_theme("culture")
    make_activity(step=make_step(1), themes=[nature])
    make_activity(step=make_step(2), themes=[nature])
    make_activity(step=make_step(2), themes=[culture])
    make_activity(step=make_step(3), themes=[culture], cost="fee")

    one_step = run(steps={2})
    assert one_step.total == 2
    assert counts(one_step, "step") == {"1": 1, "2": 2, "3": 1}
    assert counts(one_step, "theme") == {"nature": 1, "culture": 1}
    assert counts(one_step, "free") == {"1": 2}

    step_and_theme = run(steps={2}, themes={"nature"})
    assert step_and_theme.total == 1
    assert counts(step_and_theme, "step") == {"1": 1, "2": 1, "3": 0}
    assert counts(step_and_theme, "theme") == {"nature": 1, "culture": 1}

    free_only = run(free=True)
    assert counts(free_only, "step") == {"1": 1, "2": 2, "3": 0}
    assert counts(free_only, "free") == {"1": 3}


def test_yes_no_counts_apply_the_other_yes_no_choices():
    make_activity(cost="free", location=make_location(step_free="yes"), registration="none")
    make_activity(cost="free", location=make_location(step_free="no"), registration="required")
    make_activity(cost="fee", location=make_location(step_free="yes"), registration="none")

    def yes_no_counts(result):
        return [counts(result, name)["1"] for name in ("free", "step_free", "no_registration")]

    assert yes_no_counts(run()) == [2, 2, 2]
    assert yes_no_counts(run(free=True)) == [2, 1, 1]
    both = run(free=True, step_free=True)
    assert both.total == 1
    assert counts(both, "free") == {"1": 1}
    assert counts(both, "step_free") == {"1": 1}
    assert counts(both, "no_registration") == {"1": 1}


def test_weekday_and_time_counts_count_an_activity_under_each_of_its_values():
    make_activity(slots=slot(MONDAY, 9) + slot(WEDNESDAY, 18))
    make_activity(slots=slot(MONDAY, 13))

    result = run()
    assert counts(result, "weekday") == {
        "mon": 2,
        "tue": 0,
        "wed": 1,
        "thu": 0,
        "fri": 0,
        "sat": 0,
        "sun": 0,
    }
    assert counts(result, "daytime") == {"morning": 1, "afternoon": 1, "evening": 1}

    evenings = run(daytimes={"evening"})
    assert counts(evenings, "weekday")["mon"] == 1
    assert counts(evenings, "daytime") == {"morning": 1, "afternoon": 1, "evening": 1}


def test_a_municipality_counts_the_activities_of_its_districts():
    make_activity(location=make_location(area=make_area("keskusta")))
    make_activity(location=make_location(area=make_area("ristinummi")))
    make_activity(location=make_location(area=make_area("ristinummi")))
    make_activity(location=make_location(area=make_area("vaasa", None)))
    make_activity(location=make_location(area=make_area("sepankyla", "mustasaari")))

    result = run(areas={"ristinummi"})

    assert counts(result, "area") == {
        "vaasa": 4,
        "keskusta": 1,
        "ristinummi": 2,
        "mustasaari": 1,
        "sepankyla": 1,
    }
    municipalities = {value.code: value for value in result.facet("area").values}
    assert list(municipalities) == ["mustasaari", "vaasa"]  # same position: by name
    assert [child.code for child in municipalities["vaasa"].children] == [
        "keskusta",
        "ristinummi",
    ]


def test_values_without_activities_are_listed_with_zero():
    make_theme("culture")
    make_step(5)
    make_activity(themes=[make_theme("nature")])

    result = run()

    assert counts(result, "theme") == {"culture": 0, "nature": 1}
    assert counts(result, "step") == {"1": 1, "5": 0}


def test_facets_say_which_values_are_chosen():
    make_activity(step=make_step(2), themes=[make_theme("nature")])
    make_step(1)

    result = run(steps={2}, weekdays={"tue"}, free=True)

    chosen = [(facet.name, value.code) for facet, value in result.selected()]
    assert chosen == [("step", "2"), ("weekday", "tue"), ("free", "1")]
    assert [value.selected for value in result.facet("step").values] == [False, True]


def test_a_search_counts_only_what_it_finds():
    make_activity(name_fi="Kahvila", step=make_step(1))
    make_activity(name_fi="Kuntosali", step=make_step(2))

    result = run(q="kahvila")

    assert result.total == 1
    assert counts(result, "step") == {"1": 1, "2": 0}


# --- Text match -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "q",
    ["kahvila", "KAHVILA", "hvil", "äänikirja", "ÄÄNIKIRJA", "kahvila äänikirja", "  kahvila  "],
)
def test_search_finds_words_in_name_and_summary_in_any_case(q):
    make_activity(name_fi="Kahvila Olohuone", summary_fi="Äänikirjapiiri joka viikko.")
    make_activity(name_fi="Kuntosali", summary_fi="Liikuntaa.")

    assert names(run(q=q)) == ["Kahvila Olohuone"]


@pytest.mark.parametrize("q", ["kuvaus", "kahvila sauna", "%", "_", "Kahvila%"])
def test_search_finds_nothing_outside_name_and_summary_or_by_wildcards(q):
    make_activity(name_fi="Kahvila", summary_fi="Avoin", description_fi="Pitkä kuvaus.")

    assert names(run(q=q)) == []


def test_search_looks_in_the_page_language_and_in_finnish():
    make_activity(name_fi="Kävelyryhmä", name_sv="Promenadgrupp", summary_sv="Vi går ut.")

    assert names(run(q="promenad", locale="sv")) == ["Kävelyryhmä"]
    assert names(run(q="kävely", locale="sv")) == ["Kävelyryhmä"]
    assert names(run(q="går", locale="sv")) == ["Kävelyryhmä"]
    assert names(run(q="promenad", locale="en")) == []


# --- Order and pages ------------------------------------------------------------------


def test_orders_by_name_in_the_language_with_finnish_as_fallback():
    make_activity(name_fi="Bingo", name_en="Zebra club")
    make_activity(name_fi="Aamukahvi")
    make_activity(name_fi="Cirkus", name_en="Acrobatics")

    assert names(run(locale="fi")) == ["Aamukahvi", "Bingo", "Cirkus"]
    assert names(run(locale="en")) == ["Aamukahvi", "Cirkus", "Bingo"]


def test_orders_without_regard_to_case_and_puts_nordic_letters_after_z():
    for name in ("Örkki", "bingo", "Ähky", "Zumba", "Åland", "Aamu", "ääni"):
        make_activity(name_fi=name)

    assert names(run()) == ["Aamu", "bingo", "Zumba", "Åland", "Ähky", "ääni", "Örkki"]


def test_activities_with_the_same_name_keep_their_order_by_id():
    made = [make_activity(name_fi="Kahvila").id for _ in range(3)]

    assert [activity.id for activity in run().items] == sorted(made)


def test_pages_split_the_list_in_order():
    for letter in "ABCDE":
        make_activity(name_fi=letter)

    pages = [names(run(page=page, per_page=2)) for page in (1, 2, 3)]

    assert pages == [["A", "B"], ["C", "D"], ["E"]]
    last = run(page=3, per_page=2).pagination
    assert (last.pages, last.first_index, last.last_index) == (3, 5, 5)
    assert last.has_previous and not last.has_next


def test_a_page_past_the_end_is_refused():
    make_activity()

    with pytest.raises(PageOutOfRange):
        run(page=2)


def test_an_empty_list_has_one_empty_page():
    result = run()

    assert result.items == ()
    assert (result.total, result.pagination.pages, result.pagination.first_index) == (0, 1, 0)
    with pytest.raises(PageOutOfRange):
        run(page=2)


@pytest.mark.parametrize(
    ("page", "pages", "expected"),
    [
        (1, 1, [1]),
        (1, 3, [1, 2, 3]),
        (1, 10, [1, 2, 3, None, 10]),
        (5, 10, [1, 2, 3, 4, 5, 6, 7, None, 10]),
        (6, 10, [1, None, 4, 5, 6, 7, 8, 9, 10]),
        (10, 10, [1, None, 8, 9, 10]),
    ],
)
def test_page_numbers_keep_the_ends_and_the_neighbours(page, pages, expected):
    assert Pagination(page, 20, pages * 20).numbers() == expected


# --- Wrong values ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("chosen", "field", "value"),
    [
        ({"steps": {9}}, "step", 9),
        ({"areas": {"atlantis"}}, "area", "atlantis"),
        ({"themes": {"nature", "sailing"}}, "theme", "sailing"),
        ({"languages": {"tlh"}}, "language", "tlh"),
        ({"target_groups": {"pirates"}}, "target_group", "pirates"),
        ({"weekdays": {"funday"}}, "weekday", "funday"),
        ({"daytimes": {"night"}}, "daytime", "night"),
    ],
)
def test_an_unknown_value_is_refused_naming_its_filter(chosen, field, value):
    make_activity(themes=[make_theme("nature")])

    with pytest.raises(UnknownFilterValue) as caught:
        run(**chosen)

    assert (caught.value.field, caught.value.value) == (field, value)


# --- Queries --------------------------------------------------------------------------


class StatementCounter:
    """Counts the SQL statements run while it is active."""

    def __init__(self):
        self.count = 0

    def __enter__(self):
        event.listen(db.engine, "before_cursor_execute", self._add)
        return self

    def __exit__(self, *exc):
        event.remove(db.engine, "before_cursor_execute", self._add)

    def _add(self, *args):
        self.count += 1


def test_cards_need_no_further_queries():
    for number in (1, 2):
        make_activity(step=make_step(number), location=make_location(area=make_area("ristinummi")))
    db.session.expire_all()

    result = run()
    with StatementCounter() as counter:
        shown = [
            (
                activity.step.name_fi,
                activity.organization.name_fi,
                activity.location.area.name_fi,
                activity.location.area.parent.name_fi,
            )
            for activity in result.items
        ]

    assert counter.count == 0
    assert len(shown) == 2


def test_the_number_of_statements_does_not_grow_with_the_list():
    make_activity()
    with StatementCounter() as few:
        run(steps={1}, themes=set(), q="toiminta")
    for _ in range(30):
        make_activity(themes=[make_theme("nature")])
    db.session.expire_all()
    with StatementCounter() as many:
        run(steps={1}, themes=set(), q="toiminta")

    assert few.count == many.count <= 8


# --- With the search index --------------------------------------------------------------


@pytest.fixture
def index(app):
    """Build the app's search index from what the test has committed; return it."""
    from tests.search.helpers import build_index

    return lambda: build_index(app)


def searched(index, q, *, page=1, per_page=20, locale="fi", **chosen):
    from tarjotin.timeutil import region_today

    filters = Filters(q=q, **{key: _frozen(value) for key, value in chosen.items()})
    return browse(
        db.session,
        filters,
        page=page,
        per_page=per_page,
        today=region_today(),
        locale=locale,
        search=index,
    )


def test_with_an_index_the_best_match_comes_first(index):
    make_activity(name_fi="Aamukävely", description_fi="Kuoro laulaa joskus mukana.")
    make_activity(name_fi="Kuoro")

    result = searched(index(), "kuoro")

    assert names(result) == ["Kuoro", "Aamukävely"]
    assert set(result.snippets) == {activity.id for activity in result.items}
    assert not result.search_degraded


def test_with_an_index_a_page_past_the_end_is_out_of_range(index):
    make_activity(name_fi="Kuoro")

    with pytest.raises(PageOutOfRange):
        searched(index(), "kuoro", page=2)


def test_an_activity_the_index_has_not_yet_dropped_is_not_shown(index):
    built = index()
    hidden = make_activity(name_fi="Kuoro")
    db.session.commit()
    searched(built, "kuoro")  # indexed
    # A statement outside the unit of work logs no change: the index still has it.
    db.session.execute(update(Activity).where(Activity.id == hidden.id).values(status="archived"))

    result = searched(built, "kuoro")

    assert result.items == ()


def test_without_an_index_the_words_are_matched_by_the_database(app):
    from tarjotin import search

    make_activity(name_fi="Kuoro")

    result = searched(search.index_for(app), "kuoro")

    assert names(result) == ["Kuoro"]
    assert result.search_degraded


def test_a_search_takes_the_same_few_statements_however_much_it_finds(index):
    make_activity(name_fi="Kuoro")
    built = index()
    searched(built, "kuoro")
    with StatementCounter() as few:
        searched(built, "kuoro", steps={1})
    for _ in range(30):
        make_activity(name_fi="Kuoro", themes=[make_theme("nature")])
    db.session.commit()
    searched(built, "kuoro")  # caught up
    db.session.expire_all()
    with StatementCounter() as many:
        searched(built, "kuoro", steps={1})

    assert few.count == many.count <= 8
