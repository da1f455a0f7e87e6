"""Browsing the tray: the public activity list with its filters, facet counts and pages.

The view turns the URL into ``Filters``; ``browse`` answers with one page of activities and,
for every filter value, how many activities choosing it would give. Counts are
disjunctive: values of one dimension are alternatives (OR), dimensions narrow each other
(AND), so a value's count applies every other dimension's choices and ignores its own.

All counting is done by the database, in one statement for all facets; Python only adds
up the few grouped rows it returns (masks and yes/no answers), never the activities.

With search words ``q`` and a search index (tarjotin.search), the index answers instead:
which activities match, in which order, their highlighted snippets, the total and the
facet counts; only the page's activities are then read from the database. Without an
index, or when it is missing or broken, ``q`` is a plain case-insensitive substring match
of every word, and the result says so (``search_degraded``).
"""

import math
import re
from collections import Counter
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    Integer,
    String,
    case,
    cast,
    func,
    literal,
    literal_column,
    null,
    or_,
    select,
    union_all,
)
from sqlalchemy.orm import joinedload

from tarjotin.catalogue.schedules import DAYTIMES
from tarjotin.catalogue.visibility import public_clause
from tarjotin.models import (
    LANGUAGES,
    Activity,
    Area,
    Language,
    Location,
    Step,
    TargetGroup,
    Theme,
    activity_language,
    activity_target_group,
    activity_theme,
)
from tarjotin.models.activity import COST_FREE, REGISTRATION_NONE, YES
from tarjotin.models.text import FALLBACK
from tarjotin.search import Criteria, SearchRequest, SearchUnavailable

# Weekday codes in the URL, Monday first: bit n of Activity.weekday_mask is WEEKDAYS[n].
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
MAX_QUERY_LENGTH = 200
# The order in which the facets come, named by their URL parameter.
FACETS = (
    "step",
    "area",
    "theme",
    "weekday",
    "daytime",
    "language",
    "target_group",
    "free",
    "step_free",
    "no_registration",
)

# SQLite's lower() folds ASCII letters only; these are the other capitals the region's
# texts use, folded by hand when a search word has their small letter.
_SMALL_LETTERS = {"å": "Å", "ä": "Ä", "ö": "Ö", "é": "É", "ü": "Ü", "õ": "Õ"}
# Finnish and Swedish sort names beginning with å, ä and ö after z, in that order.
_NORDIC_INITIALS = (("Å", "å"), ("Ä", "ä"), ("Ö", "ö"))
_WORD = re.compile(r"\S+")


@dataclass(frozen=True)
class Filters:
    """What a resident chose: codes as they stand in the URL, and the search text."""

    steps: frozenset[int] = frozenset()
    areas: frozenset[str] = frozenset()
    themes: frozenset[str] = frozenset()
    weekdays: frozenset[str] = frozenset()  # WEEKDAYS codes
    daytimes: frozenset[str] = frozenset()  # DAYTIMES codes
    languages: frozenset[str] = frozenset()
    target_groups: frozenset[str] = frozenset()
    free: bool = False
    step_free: bool = False
    no_registration: bool = False
    q: str = ""

    def has_choices(self):
        """Tell whether anything narrows the list: a filter value or search text."""
        return self != Filters()


@dataclass(frozen=True)
class FacetValue:
    """One filter value with the number of activities choosing it would give."""

    code: str  # the value as written in the URL
    # the Step, Area, Theme, Language or TargetGroup; a weekday or time of day code; for a
    # yes/no filter its name ("free")
    value: object
    count: int
    selected: bool
    children: tuple["FacetValue", ...] = ()  # the districts of a municipality


@dataclass(frozen=True)
class Facet:
    """The values of one filter dimension, in the order a resident reads them."""

    name: str  # the URL parameter
    values: tuple[FacetValue, ...]

    def all_values(self):
        """Return every value, districts right after their municipality."""
        found = []

        def add(values):
            for value in values:
                found.append(value)
                add(value.children)

        add(self.values)
        return tuple(found)


@dataclass(frozen=True)
class Pagination:
    """Where one page lies in the whole list."""

    page: int
    per_page: int
    total: int

    @property
    def pages(self):
        return max(1, math.ceil(self.total / self.per_page))

    @property
    def has_previous(self):
        return self.page > 1

    @property
    def has_next(self):
        return self.page < self.pages

    @property
    def first_index(self):
        """The position (from 1) of the first item on this page; 0 on an empty list."""
        return (self.page - 1) * self.per_page + 1 if self.total else 0

    @property
    def last_index(self):
        return min(self.page * self.per_page, self.total)

    def numbers(self, around=2):
        """Return the page numbers to offer, with None where a run of pages is left out.

        The first and last page are always there, and ``around`` pages each side of this one.
        """
        shown = {1, self.pages, *range(self.page - around, self.page + around + 1)}
        numbers = []
        for number in sorted(n for n in shown if 1 <= n <= self.pages):
            if numbers and number - numbers[-1] == 2:
                numbers.append(number - 1)  # a gap of one page is shown, not left out
            elif numbers and number - numbers[-1] > 2:
                numbers.append(None)
            numbers.append(number)
        return numbers


@dataclass(frozen=True)
class BrowseResult:
    """One page of the activity list, its facets and the filters that made it.

    A search by the index adds ``snippets`` (activity id -> tarjotin.search.Snippet),
    ``suggestion`` (the search words with typos corrected, when some found nothing) and
    ``any_word`` (no activity had every word, so these have some of them).
    ``search_degraded`` says the index could not be used and the database searched.
    """

    items: tuple[Activity, ...]
    pagination: Pagination
    facets: tuple[Facet, ...]
    filters: Filters
    snippets: dict = field(default_factory=dict)
    suggestion: str | None = None
    any_word: bool = False
    search_degraded: bool = False

    @property
    def total(self):
        return self.pagination.total

    def facet(self, name):
        """Return the facet whose URL parameter is ``name``."""
        return next(facet for facet in self.facets if facet.name == name)

    def selected(self):
        """Return (facet, value) for every chosen value, in the order of the facets."""
        return tuple(
            (facet, value)
            for facet in self.facets
            for value in facet.all_values()
            if value.selected
        )


class BrowseError(ValueError):
    """The list cannot be shown as asked."""


class UnknownFilterValue(BrowseError):
    """A filter value names no step, area, theme … (a mistyped or outdated link)."""

    def __init__(self, field_name, value):
        super().__init__(f"unknown {field_name}: {value!r}")
        self.field = field_name
        self.value = value
        self.message = _l("The address has a choice we do not know: %(value)s.", value=value)


class PageOutOfRange(BrowseError):
    """The page asked for lies past the end of the list."""

    def __init__(self, page, pages):
        super().__init__(f"page {page} of {pages}")
        self.page = page
        self.pages = pages


def browse(session, filters, *, page=1, per_page=20, today, locale, search=None):
    """Return page ``page`` of the public activities on ``today`` that match ``filters``.

    Activities are ordered by their name in ``locale`` (Finnish when missing), then by id;
    with search words and a ``search`` index (a tarjotin.search.SearchIndex), best match
    first.
    :raise UnknownFilterValue: a code names nothing.
    :raise PageOutOfRange: ``page`` is past the last page (page 1 always exists).
    """
    if locale not in LANGUAGES:
        raise ValueError(f"unknown locale {locale!r}")
    if page < 1 or per_page < 1:
        raise ValueError("page and per_page start from 1")
    vocabulary = _Vocabulary.load(session)
    choice = _Choice.resolve(filters, vocabulary)
    degraded = False
    if filters.q and search is not None:
        request = SearchRequest(filters.q, locale, today, choice.criteria, page, per_page)
        try:
            hits = search.search(request, session=session)
        except SearchUnavailable:
            degraded = True  # the index logs why, once
        else:
            return _searched(session, hits, vocabulary, filters, page, per_page, today)
    base = _base_clauses(today, filters.q, locale)
    total, counts = _count(session, base, choice)
    pagination = _pagination(page, per_page, total)
    items = _page_of_activities(session, base, choice, pagination, locale)
    facets = _facets(vocabulary, filters, counts)
    return BrowseResult(tuple(items), pagination, facets, filters, search_degraded=degraded)


def _searched(session, hits, vocabulary, filters, page, per_page, today):
    """The list as the search index found it; the page's activities from the database."""
    pagination = _pagination(page, per_page, hits.total)
    # The database has the last word: an activity the index has not yet dropped stays out.
    items = _cards(session, hits.ids, public_clause(today))
    return BrowseResult(
        tuple(items),
        pagination,
        _facets(vocabulary, filters, hits.counts),
        filters,
        snippets=hits.snippets,
        suggestion=hits.suggestion,
        any_word=hits.any_word,
    )


def _pagination(page, per_page, total):
    pagination = Pagination(page, per_page, total)
    if page > pagination.pages:
        raise PageOutOfRange(page, pagination.pages)
    return pagination


@dataclass(frozen=True)
class _Vocabulary:
    """Every step, area, theme, language and target group, in display order."""

    steps: tuple[Step, ...]
    areas: tuple[Area, ...]
    themes: tuple[Theme, ...]
    languages: tuple[Language, ...]
    target_groups: tuple[TargetGroup, ...]

    @classmethod
    def load(cls, session):
        def ordered(model, *order):
            return tuple(session.scalars(select(model).order_by(*order, model.id)))

        return cls(
            steps=ordered(Step, Step.number),
            areas=ordered(Area, Area.position, Area.name_fi),
            themes=ordered(Theme, Theme.position, Theme.name_fi),
            languages=ordered(Language, Language.position, Language.name_fi),
            target_groups=ordered(TargetGroup, TargetGroup.position, TargetGroup.name_fi),
        )


def _ids_of(terms, codes, field_name, key=lambda term: term.code):
    """Return the ids of the terms named by ``codes``; raise for a code that names none."""
    by_code = {key(term): term.id for term in terms}
    for code in sorted(codes, key=str):
        if code not in by_code:
            raise UnknownFilterValue(field_name, code)
    return frozenset(by_code[code] for code in codes)


def _bits(codes, names, field_name):
    """Return the bit mask of ``codes`` in ``names`` (bit n is names[n])."""
    mask = 0
    for code in sorted(codes):
        if code not in names:
            raise UnknownFilterValue(field_name, code)
        mask |= 1 << names.index(code)
    return mask


@dataclass(frozen=True)
class _Choice:
    """The filters resolved to ids and bit masks, and one SQL condition per chosen dimension.

    The scalar dimensions are also tested here in Python, on rows the database has grouped
    by them, so that one GROUP BY can count several dimensions at once.
    """

    clauses: dict  # facet name -> SQL condition, for the chosen dimensions only
    criteria: Criteria  # the same choices for the search index
    step_ids: frozenset = frozenset()
    daytime_mask: int = 0
    flag_mask: int = 0  # the _FLAG_BITS of the chosen yes/no filters

    @classmethod
    def resolve(cls, filters, vocabulary):
        clauses = {}
        criteria = Criteria(
            step_ids=_ids_of(vocabulary.steps, filters.steps, "step", key=lambda s: s.number),
            area_ids=frozenset(
                _with_descendants(
                    _ids_of(vocabulary.areas, filters.areas, "area"), vocabulary.areas
                )
            ),
            theme_ids=_ids_of(vocabulary.themes, filters.themes, "theme"),
            weekday_mask=_bits(filters.weekdays, WEEKDAYS, "weekday"),
            daytime_mask=_bits(filters.daytimes, DAYTIMES, "daytime"),
            language_ids=_ids_of(vocabulary.languages, filters.languages, "language"),
            target_group_ids=_ids_of(
                vocabulary.target_groups, filters.target_groups, "target_group"
            ),
            free=filters.free,
            step_free=filters.step_free,
            no_registration=filters.no_registration,
        )
        if criteria.step_ids:
            clauses["step"] = Activity.step_id.in_(criteria.step_ids)
        if criteria.area_ids:
            clauses["area"] = _located_in(criteria.area_ids)
        if criteria.theme_ids:
            clauses["theme"] = _linked(activity_theme.c.theme_id, criteria.theme_ids)
        if criteria.weekday_mask:
            clauses["weekday"] = Activity.weekday_mask.op("&")(criteria.weekday_mask) != 0
        if criteria.daytime_mask:
            clauses["daytime"] = Activity.daytime_mask.op("&")(criteria.daytime_mask) != 0
        if criteria.language_ids:
            clauses["language"] = _linked(activity_language.c.language_id, criteria.language_ids)
        if criteria.target_group_ids:
            column = activity_target_group.c.target_group_id
            clauses["target_group"] = _linked(column, criteria.target_group_ids)
        flag_mask = 0
        for name, clause in _FLAG_CLAUSES.items():
            if getattr(filters, name):
                clauses[name] = clause
                flag_mask |= _FLAG_BITS[name]
        return cls(clauses, criteria, criteria.step_ids, criteria.daytime_mask, flag_mask)

    def all(self):
        return list(self.clauses.values())

    def all_but(self, *names):
        """The conditions of every dimension but ``names``: the base of their counts."""
        return [clause for name, clause in self.clauses.items() if name not in names]

    def step_ok(self, step_id):
        return not self.step_ids or step_id in self.step_ids

    def daytime_ok(self, mask):
        return not self.daytime_mask or bool(mask & self.daytime_mask)

    def flags_ok(self, flags, ignore=0):
        required = self.flag_mask & ~ignore
        return flags & required == required


def _with_descendants(area_ids, areas):
    """Return ``area_ids`` with the districts of every municipality among them."""
    found = set(area_ids)
    grew = True
    while grew:
        children = {area.id for area in areas if area.parent_id in found}
        grew = not children <= found
        found |= children
    return found


def _located_in(area_ids):
    return Activity.location_id.in_(select(Location.id).where(Location.area_id.in_(area_ids)))


def _linked(column, ids):
    """An activity linked to any of ``ids`` through the link table of ``column``."""
    return Activity.id.in_(select(column.table.c.activity_id).where(column.in_(ids)))


_FLAG_CLAUSES = {
    "free": Activity.cost == COST_FREE,
    "step_free": Activity.location_id.in_(select(Location.id).where(Location.step_free == YES)),
    "no_registration": Activity.registration == REGISTRATION_NONE,
}
# The three yes/no answers of an activity as one number, bit by bit.
_FLAG_BITS = {"free": 1, "step_free": 2, "no_registration": 4}
_FLAGS = sum(
    (case((clause, _FLAG_BITS[name]), else_=0) for name, clause in _FLAG_CLAUSES.items()),
    start=literal_column("0"),
)
# Counted together from one GROUP BY; the weekday mask has too many values to join them.
_GROUPED = ("step", "daytime", *_FLAG_BITS)


def _lowered(expression, word):
    """Lower-case ``expression`` for a match with ``word``, alike on SQLite and PostgreSQL."""
    expression = func.lower(expression)
    for small, capital in _SMALL_LETTERS.items():
        if small in word:
            expression = func.replace(expression, capital, small)
    return expression


def _text_in(column_name, locale):
    """The text ``column_name`` in ``locale``, or in Finnish where that one is missing."""
    own = getattr(Activity, f"{column_name}_{locale}")
    if locale == FALLBACK:
        return own
    return func.coalesce(func.nullif(own, ""), getattr(Activity, f"{column_name}_{FALLBACK}"))


def _base_clauses(today, q, locale):
    """The conditions every count and the list share: public on ``today``, matching ``q``."""
    words = _text_clauses(q, locale)
    if not words:
        return [public_clause(today)]
    # Matched once per statement, not once in every facet's count.
    matching = select(Activity.id).where(public_clause(today), *words).cte("matching")
    return [Activity.id.in_(select(matching.c.id))]


def _text_clauses(q, locale):
    """Every word of ``q`` must be in the name or summary, in ``locale`` or in Finnish."""
    columns = [
        getattr(Activity, f"{name}_{lang}")
        for name in ("name", "summary")
        for lang in dict.fromkeys((locale, FALLBACK))
    ]
    clauses = []
    for word in dict.fromkeys(_WORD.findall(q.lower())):
        clauses.append(
            or_(*(_lowered(column, word).contains(word, autoescape=True) for column in columns))
        )
    return clauses


def _sort_key(locale):
    """Order by name: names with a Nordic initial after z, in å, ä, ö order; then by id."""
    name = _text_in("name", locale)
    first = func.substr(name, 1, 1)
    initial = case(
        *((first.in_(letters), place) for place, letters in enumerate(_NORDIC_INITIALS, 1)),
        else_=0,
    )
    return [initial, func.lower(name), Activity.id]


def _count(session, base, choice):
    """Count, in one statement, the activities behind every facet value.

    Return the total and, per facet, a Counter of the value's id (or code) to its count.
    """
    counted = func.count().label("n")
    none = cast(null(), Integer)
    grouped = (
        select(
            Activity.step_id.label("step"),
            Activity.daytime_mask.label("daytime"),
            _FLAGS.label("flags"),
        )
        .where(*base, *choice.all_but(*_GROUPED))
        .subquery()
    )
    branches = {
        # Flags first: grouping by step_id first leads SQLite to walk the step index and
        # fetch every row out of order, which takes longer than a plain scan.
        "grouped": select(grouped.c.step, grouped.c.daytime, grouped.c.flags, counted).group_by(
            grouped.c.flags, grouped.c.daytime, grouped.c.step
        ),
        "weekday": select(Activity.weekday_mask, none, none, counted)
        .where(*base, *choice.all_but("weekday"))
        .group_by(Activity.weekday_mask),
        "area": select(Location.area_id, none, none, counted)
        .select_from(Activity)
        .join(Activity.location)
        .where(*base, *choice.all_but("area"))
        .group_by(Location.area_id),
    }
    for name, column in _LINKS.items():
        branches[name] = (
            select(column, none, none, counted)
            .join(Activity, Activity.id == column.table.c.activity_id)
            .where(*base, *choice.all_but(name))
            .group_by(column)
        )
    statement = union_all(
        *(branch.add_columns(literal(name, String)) for name, branch in branches.items())
    )
    counts = {name: Counter() for name in FACETS}
    total = 0
    for key, daytimes, flags, n, branch in session.execute(statement):
        if branch == "grouped":
            step_ok, daytime_ok = choice.step_ok(key), choice.daytime_ok(daytimes)
            if daytime_ok and choice.flags_ok(flags):
                counts["step"][key] += n
                total += n if step_ok else 0
            if step_ok and choice.flags_ok(flags):
                _add_bits(counts["daytime"], DAYTIMES, daytimes, n)
            for name, bit in _FLAG_BITS.items():
                if step_ok and daytime_ok and flags & bit and choice.flags_ok(flags, ignore=bit):
                    counts[name]["1"] += n
        elif branch == "weekday":
            _add_bits(counts["weekday"], WEEKDAYS, key, n)
        else:
            counts[branch][key] += n
    return total, counts


def _add_bits(counter, codes, mask, n):
    """Add ``n`` to the count of every code whose bit is set in ``mask``."""
    for bit, code in enumerate(codes):
        if mask & (1 << bit):
            counter[code] += n


_LINKS = {
    "theme": activity_theme.c.theme_id,
    "language": activity_language.c.language_id,
    "target_group": activity_target_group.c.target_group_id,
}


def _page_of_activities(session, base, choice, pagination, locale):
    """Return the activities on ``pagination``'s page, with what their cards show."""
    # Ids first: joining the cards' steps, places and organisers for every match before
    # LIMIT would cost more than the second, small query.
    ids = session.scalars(
        select(Activity.id)
        .where(*base, *choice.all())
        .order_by(*_sort_key(locale))
        .limit(pagination.per_page)
        .offset((pagination.page - 1) * pagination.per_page)
    ).all()
    return _cards(session, ids)


def _cards(session, ids, *conditions):
    """Return the activities of ``ids``, in that order, with what their cards show."""
    if not ids:
        return []
    loaded = session.scalars(
        select(Activity)
        .where(Activity.id.in_(ids), *conditions)
        .options(
            joinedload(Activity.step),
            joinedload(Activity.organization),
            joinedload(Activity.location).joinedload(Location.area),
        )
    )
    by_id = {activity.id: activity for activity in loaded}
    return [by_id[activity_id] for activity_id in ids if activity_id in by_id]


def _facets(vocabulary, filters, counts):
    """Return every facet with its values, counts and whether each is chosen."""

    def terms(name, items, chosen):
        return tuple(
            FacetValue(item.code, item, counts[name][item.id], item.code in chosen)
            for item in items
        )

    def codes(name, names, chosen):
        return tuple(FacetValue(code, code, counts[name][code], code in chosen) for code in names)

    def flag(name, chosen):
        return (FacetValue("1", name, counts[name]["1"], chosen),)

    steps = tuple(
        FacetValue(str(step.number), step, counts["step"][step.id], step.number in filters.steps)
        for step in vocabulary.steps
    )
    values = {
        "step": steps,
        "area": _area_values(vocabulary.areas, counts["area"], filters.areas),
        "theme": terms("theme", vocabulary.themes, filters.themes),
        "weekday": codes("weekday", WEEKDAYS, filters.weekdays),
        "daytime": codes("daytime", DAYTIMES, filters.daytimes),
        "language": terms("language", vocabulary.languages, filters.languages),
        "target_group": terms("target_group", vocabulary.target_groups, filters.target_groups),
        "free": flag("free", filters.free),
        "step_free": flag("step_free", filters.step_free),
        "no_registration": flag("no_registration", filters.no_registration),
    }
    return tuple(Facet(name, values[name]) for name in FACETS)


def _area_values(areas, direct, chosen):
    """Municipalities with their districts; a municipality counts its districts' activities."""
    children = {}
    for area in areas:
        children.setdefault(area.parent_id, []).append(area)
    known = {area.id for area in areas}

    def value(area):
        nested = tuple(value(child) for child in children.get(area.id, ()))
        count = direct[area.id] + sum(child.count for child in nested)
        return FacetValue(area.code, area, count, area.code in chosen, nested)

    roots = [area for area in areas if area.parent_id is None or area.parent_id not in known]
    return tuple(value(area) for area in roots)
