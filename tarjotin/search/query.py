"""Searching the index: forgiving queries, filters, facet counts, snippets, did-you-mean."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from itertools import chain
from pathlib import Path

from markupsafe import Markup, escape
from whoosh.highlight import (
    ContextFragmenter,
    Formatter,
    WholeFragmenter,
    get_text,
    highlight,
)
from whoosh.query import And, NumericRange, Or, Term
from whoosh.scoring import BM25F

from tarjotin.models.text import FALLBACK, LANGUAGES
from tarjotin.search.analysis import words_of
from tarjotin.search.schema import (
    FLAG_BITS,
    TEXT_FIELDS,
    FacetValues,
    daytime_codes,
    weekday_codes,
)
from tarjotin.search.spelling import Speller


@dataclass(frozen=True)
class Criteria:
    """The list's filters resolved to ids and bit masks; empty means "not chosen".

    ``area_ids`` already include the districts of a chosen municipality. Values of one
    dimension are alternatives (OR); dimensions narrow each other (AND).
    """

    step_ids: frozenset[int] = frozenset()
    area_ids: frozenset[int] = frozenset()
    theme_ids: frozenset[int] = frozenset()
    weekday_mask: int = 0  # bit 0 is Monday
    daytime_mask: int = 0  # bits of tarjotin.catalogue.schedules.DAYTIMES
    language_ids: frozenset[int] = frozenset()
    target_group_ids: frozenset[int] = frozenset()
    free: bool = False
    step_free: bool = False
    no_registration: bool = False


@dataclass(frozen=True)
class SearchRequest:
    """One page of a search: the resident's text in ``locale``, on ``today``."""

    text: str
    locale: str
    today: date
    criteria: Criteria = Criteria()
    page: int = 1
    per_page: int = 20


@dataclass(frozen=True)
class Snippet:
    """What a result card shows of a match: HTML-escaped texts with ``<mark>`` highlights.

    Each is None when nothing in it matched: ``name`` the activity's name, ``summary`` its
    summary, ``passage`` a short passage of its description (only when the summary has no
    match).
    """

    name: Markup | None = None
    summary: Markup | None = None
    passage: Markup | None = None


@dataclass(frozen=True)
class SearchHits:
    """The answer to a SearchRequest.

    ``counts`` has, per facet name of tarjotin.catalogue.browse.FACETS, a Counter from the
    value's key (an id for steps, areas, themes, languages and target groups; a code for
    weekdays and times of day; "1" for the yes/no filters) to the number of matches choosing
    it would give. Area counts are per area the activity is located in (not summed up to
    municipalities).
    """

    ids: tuple[int, ...]  # the page, best first
    total: int
    counts: dict
    snippets: dict = field(default_factory=dict)  # id -> Snippet
    any_word: bool = False  # no activity had every word: these have some of them
    suggestion: str | None = None  # the text with its typos corrected, when there were some


# A resident's search is a few words; more are ignored rather than slowing every search.
MAX_WORDS = 12
# A match in the Finnish text (where it differs from the interface language's) weighs less.
FALLBACK_LANGUAGE_WEIGHT = 0.5
# A stale activity (not verified for STALE_AFTER_DAYS) ranks as if it matched half as well.
STALE_FACTOR = 0.5
SNIPPET_CHARS = 200


def filter_queries(criteria):
    """Return one Whoosh query per chosen filter dimension: {facet name: query}."""

    def any_of(fieldname, values):
        return Or([Term(fieldname, str(value)) for value in sorted(values, key=str)])

    chosen = {
        "step": criteria.step_ids,
        "area": criteria.area_ids,
        "theme": criteria.theme_ids,
        "weekday": weekday_codes(criteria.weekday_mask),
        "daytime": daytime_codes(criteria.daytime_mask),
        "language": criteria.language_ids,
        "target_group": criteria.target_group_ids,
    }
    queries = {name: any_of(name, values) for name, values in chosen.items() if values}
    for name in FLAG_BITS:
        if getattr(criteria, name):
            queries[name] = Term("flag", name)
    return queries


def current_on(today):
    """The query for documents that have not ended on ``today``."""
    return NumericRange("valid_until", int(today.strftime("%Y%m%d")), None)


def words_query(schema, words, locale, *, every=True):
    """Return the query for ``words`` (all of them, or any), or None when none is searchable.

    Each word is looked for in the name, the summary and the body (description, place,
    organiser, themes) in ``locale``, and in Finnish, as analysed in that language. A word
    that is a stop word in ``locale`` ("ja", "och", "and") is left out.
    """
    parts = [part for part in (word_query(schema, word, locale) for word in words) if part]
    if not parts:
        return None
    return And(parts) if every else Or(parts)


def word_query(schema, word, locale):
    """Return the query for one word, or None for a stop word."""
    clauses = []
    for lang in dict.fromkeys((locale, FALLBACK)):
        analyzer = schema[f"name_{lang}"].analyzer
        terms = list(dict.fromkeys(token.text for token in analyzer(word, mode="query")))
        if not terms and lang == locale:
            return None
        weight = 1.0 if lang == locale else FALLBACK_LANGUAGE_WEIGHT
        for name, boost in TEXT_FIELDS.items():
            clauses.extend(Term(f"{name}_{lang}", term, boost=boost * weight) for term in terms)
    return Or(clauses)


def run_search(searcher, request, weighting, caches, stale_after_days, folder):
    """Answer ``request`` from ``searcher`` on the generation ``folder``: see SearchHits."""
    words = words_of(request.text)[:MAX_WORDS]
    schema = searcher.schema
    current = current_on(request.today)
    filters = filter_queries(request.criteria)
    text_query = words_query(schema, words, request.locale)
    if text_query is None:
        return SearchHits((), 0, _empty_counts())
    listed, counts = _matches(searcher, text_query, current, filters, caches)
    any_word = False
    if not listed and len(text_query.subqueries) > 1:
        any_query = words_query(schema, words, request.locale, every=False)
        any_listed, any_counts = _matches(searcher, any_query, current, filters, caches)
        if any_listed:
            text_query, listed, counts, any_word = any_query, any_listed, any_counts, True
    ids, snippets = (), {}
    if listed:
        cutoff = request.today.toordinal() - stale_after_days
        weighting.use(caches.verified(searcher), cutoff)
        ids, snippets = _page(searcher, text_query, listed, request)
    suggestion = _suggestion(
        searcher, words, request.locale, current, lambda: caches.speller(folder, request.locale)
    )
    return SearchHits(ids, len(listed), counts, snippets, any_word, suggestion)


def _empty_counts():
    from tarjotin.catalogue.browse import FACETS  # browse searches through this package

    return {name: Counter() for name in FACETS}


def _matches(searcher, text_query, current, filters, caches):
    """Return the documents listed (every filter applied) and the facet counts.

    A facet's counts apply every other dimension's choices and ignore its own, as the
    database path counts them: one set of documents for the list and the unchosen facets,
    and one more for each chosen facet, with its own choice left out.
    """
    base = [text_query, current]
    listed = set(searcher.docs_for_query(And([*base, *filters.values()])))
    counts = _empty_counts()
    keys = caches.facet_keys(searcher)
    tally = Counter(chain.from_iterable(keys[docnum] for docnum in listed))
    for (name, value), n in tally.items():
        if name not in filters:
            counts[name][value] = n
    for chosen in filters:
        others = [query for name, query in filters.items() if name != chosen]
        docs = searcher.docs_for_query(And([*base, *others]))
        tally = Counter(value for docnum in docs for name, value in keys[docnum] if name == chosen)
        counts[chosen] = tally
    return listed, counts


def _page(searcher, text_query, listed, request):
    """Return the ids on the request's page, best first, and their snippets."""
    last = request.page * request.per_page
    results = searcher.search(text_query, filter=listed, limit=last)
    hits = results[last - request.per_page : last]
    # A text missing in the page's language is shown in Finnish, and marked as Finnish.
    shown = {}
    for lang in dict.fromkeys((request.locale, FALLBACK)):
        terms = {text for name, text in text_query.iter_all_terms() if name.endswith(f"_{lang}")}
        shown[lang] = (terms, searcher.schema[f"name_{lang}"].analyzer)
    whole = WholeFragmenter(charlimit=None)
    context = ContextFragmenter(maxchars=SNIPPET_CHARS, surround=60, charlimit=None)

    def mark(texts, position, fragmenter):
        own = texts[request.locale][position]
        text, lang = (own, request.locale) if own else (texts[FALLBACK][position], FALLBACK)
        return marked(text, *shown[lang], fragmenter)

    ids, snippets = [], {}
    for hit in hits:
        stored = hit.fields()
        activity_id = int(stored["id"])
        ids.append(activity_id)
        texts = stored["texts"]
        name, summary = mark(texts, 0, whole), mark(texts, 1, whole)
        passage = mark(texts, 2, context) if summary is None else None
        snippets[activity_id] = Snippet(name, summary, passage)
    return tuple(ids), snippets


class MarkFormatter(Formatter):
    """Escapes all text and marks the matched words: ``a &lt; b <mark>kurssi</mark>``.

    Whoosh's own HtmlFormatter leaves the text between matches as it is.
    """

    between = " … "

    def _text(self, text):
        return str(escape(text))

    def format_token(self, text, token, replace=False):
        return f"<mark>{escape(get_text(text, token, replace))}</mark>"

    def format_fragment(self, fragment, replace=False):
        html = super().format_fragment(fragment, replace)
        if fragment.startchar > 0:
            html = f"… {html}"
        if fragment.endchar < len(fragment.text):
            html = f"{html} …"
        return html


def marked(text, terms, analyzer, fragmenter):
    """Return ``text`` (or its best passage) escaped, with ``terms`` marked; None if none is."""
    if not text or not terms:
        return None
    html = highlight(text, terms, analyzer, fragmenter, MarkFormatter(), top=1, mode="index")
    return Markup(html) if "<mark>" in html else None  # noqa: S704 - every part is escaped


def _suggestion(searcher, words, locale, current, speller):
    """Return ``words`` with the ones that found nothing corrected by ``speller()``, or None."""
    corrected, changed = [], False
    for word in words:
        query = word_query(searcher.schema, word, locale)
        found = query is None or any(True for _ in searcher.docs_for_query(And([query, current])))
        better = None if found else speller().correct(word)
        corrected.append(better or word)
        changed |= better is not None
    return " ".join(corrected) if changed else None


class Freshness(BM25F):
    """BM25F, with stale activities' scores multiplied by STALE_FACTOR."""

    use_final = True

    def __init__(self):
        # A long name or summary is not a worse match: their length counts less than the
        # body's ("Open house for young adults at the youth centre" against "Film night for
        # young adults").
        lengths = {
            f"{name}_{lang}_B": b
            for name, b in (("name", 0.2), ("summary", 0.4))
            for lang in LANGUAGES
        }
        super().__init__(B=0.75, K1=1.2, **lengths)
        self.verified = ()
        self.cutoff = 0

    def use(self, verified, cutoff):
        """Rank by ``verified`` (an ordinal day per document) against ``cutoff``."""
        self.verified = verified
        self.cutoff = cutoff

    def final(self, searcher, docnum, score):
        if docnum < len(self.verified) and self.verified[docnum] < self.cutoff:
            return score * STALE_FACTOR
        return score


class SearcherCaches:
    """Per-document values and per-language words of the current searcher, kept per segment.

    Segments never change once written, so a refreshed searcher reads only its new ones.
    """

    def __init__(self):
        self._segments = {}
        self._key = None
        self._keys = []
        self._verified = []
        self._spellers = {}  # locale -> ((file, modified), Speller)

    def clear(self):
        self.__init__()

    def _load(self, searcher):
        leaves = searcher.reader().leaf_readers() if searcher.doc_count_all() else []
        key = tuple((reader.segment().segment_id(), offset) for reader, offset in leaves)
        if key == self._key:
            return
        segments, keys, verified = {}, [], []
        canonical = {}
        for reader, _offset in leaves:
            segment_id = reader.segment().segment_id()
            if segment_id not in self._segments:
                unpacked = [FacetValues.unpack(packed) for packed in reader.column_reader("facets")]
                self._segments[segment_id] = (
                    [_facet_keys(values, canonical) for values in unpacked],
                    [values.verified for values in unpacked],
                )
            segments[segment_id] = self._segments[segment_id]
            keys.extend(segments[segment_id][0])
            verified.extend(segments[segment_id][1])
        self._segments, self._key, self._keys, self._verified = segments, key, keys, verified

    def facet_keys(self, searcher):
        """Return per document number a tuple of its (facet name, value key) pairs."""
        self._load(searcher)
        return self._keys

    def verified(self, searcher):
        """Return per document number the ordinal day it was last verified."""
        self._load(searcher)
        return self._verified

    def speller(self, folder, locale):
        """Return the Speller of ``locale`` in the generation ``folder``, read once per change."""
        path = Path(folder) / f"words-{locale}.json"
        stamp = (str(path), path.stat().st_mtime_ns if path.exists() else None)
        cached = self._spellers.get(locale)
        if cached is None or cached[0] != stamp:
            cached = (stamp, Speller.load(folder, locale))
            self._spellers[locale] = cached
        return cached[1]


def _facet_keys(values, canonical):
    """Return the (facet, key) pairs of one document; equal pairs are one shared object."""
    pairs = [("step", values.step), ("area", values.area)]
    pairs += [("theme", theme) for theme in values.themes]
    pairs += [("weekday", code) for code in weekday_codes(values.weekdays)]
    pairs += [("daytime", code) for code in daytime_codes(values.daytimes)]
    pairs += [("language", language) for language in values.languages]
    pairs += [("target_group", group) for group in values.target_groups]
    pairs += [(name, "1") for name, bit in FLAG_BITS.items() if values.flags & bit]
    return tuple(canonical.setdefault(pair, pair) for pair in pairs)
