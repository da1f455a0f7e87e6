"""The search quality set: what residents type finds what a person would expect.

Every query in quality_set.toml runs through ``tarjotin.search`` against an index of the
demo region; each activity it names must be among the first five results. Where the first
answer misses one and the engine offers "did you mean", the suggested search counts too:
it is one click away on the page, and it is how a typo is meant to be forgiven. A query
with a ``known_miss`` is a strict xfail: its expectation stands, and passing it fails.
"""

import tomllib
from pathlib import Path

import pytest
from sqlalchemy import select

from tarjotin import search
from tarjotin.catalogue.seeding import SEEDS_DIR, seed_uid
from tarjotin.catalogue.visibility import is_public
from tarjotin.extensions import db
from tarjotin.models import LANGUAGES, Activity
from tarjotin.timeutil import region_today

QUALITY_SET = Path(__file__).with_name("quality_set.toml")
QUERIES = tomllib.loads(QUALITY_SET.read_text(encoding="utf-8"))["queries"]
TOP = 5


def _demo_keys():
    keys = []
    for path in sorted((SEEDS_DIR / "demo").glob("activities_*.toml")):
        keys += [entry["key"] for entry in tomllib.loads(path.read_text())["activities"]]
    return keys


# The demo's seed keys by uid, to name what a search found.
KEYS_BY_UID = {seed_uid("activity", key): key for key in _demo_keys()}


class DemoSearch:
    """An index of the demo region and the activities it can answer with."""

    def __init__(self, index, today):
        self.index = index
        self.today = today
        activities = db.session.scalars(select(Activity)).all()
        self.key_of = {a.id: KEYS_BY_UID.get(a.uid, a.uid) for a in activities}
        # Plain strings, read once: the names a resident sees in each language.
        self.names = {
            a.id: {lang: str(a.text("name", lang)) for lang in LANGUAGES} for a in activities
        }
        self.public_keys = {KEYS_BY_UID.get(a.uid) for a in activities if is_public(a, today)}

    def top(self, text, lang):
        """Return the keys of the first five results and the "did you mean" text."""
        request = search.SearchRequest(
            text=text, locale=lang, today=self.today, page=1, per_page=TOP
        )
        hits = self.index.search(request)
        return [self.key_of[i] for i in hits.ids[:TOP]], hits.suggestion

    def describe(self, keys, lang):
        """Number the results as "1. seed-key: name in lang", one per line."""
        by_key = {key: self.names[i][lang] for i, key in self.key_of.items()}
        return "\n".join(f"  {n}. {key}: {by_key[key]}" for n, key in enumerate(keys, 1))


@pytest.fixture(scope="session")
def demo_search(demo_app, tmp_path_factory):
    """An index of the demo region, built once per database backend into a temporary folder."""
    folder = tmp_path_factory.mktemp("demo-search-index")
    today = region_today()
    search.build_index(db.session, folder, today=today)
    index = search.SearchIndex(folder, stale_after_days=demo_app.config["STALE_AFTER_DAYS"])
    yield DemoSearch(index, today)
    index.close()


def test_quality_set_has_forty_queries_in_every_language():
    assert len(QUERIES) >= 40
    assert {entry["lang"] for entry in QUERIES} == set(LANGUAGES)
    for entry in QUERIES:
        assert set(entry) - {"known_miss"} == {"query", "lang", "top5", "note"}, entry
        assert 1 <= len(entry["top5"]) <= TOP, entry["query"]


def test_quality_set_expects_only_public_demo_activities(demo_search):
    named = {key for entry in QUERIES for key in entry["top5"]}
    assert named <= demo_search.public_keys, sorted(named - demo_search.public_keys)


def _case(entry):
    """A quality query; a known miss is a strict xfail, so fixing it makes the set fail."""
    marks = []
    if "known_miss" in entry:
        marks.append(pytest.mark.xfail(strict=True, reason=entry["known_miss"]))
    return pytest.param(entry, marks=marks, id=f"{entry['lang']}-{entry['query']}")


@pytest.mark.parametrize("entry", [_case(entry) for entry in QUERIES])
def test_query_finds_expected_activities_in_top_five(demo_search, entry):
    text, lang, expected = entry["query"], entry["lang"], entry["top5"]
    found, suggestion = demo_search.top(text, lang)
    missing = [key for key in expected if key not in found]
    followed = None
    if missing and suggestion:
        followed, _ = demo_search.top(suggestion, lang)
        missing = [key for key in expected if key not in followed]
    message = [
        f"{text!r} ({lang}; {entry['note']}) misses {', '.join(missing)} in its top {TOP}:",
        demo_search.describe(found, lang) or "  (nothing found)",
    ]
    if followed is not None:
        message += [
            f"did you mean {suggestion!r}:",
            demo_search.describe(followed, lang) or "  (nothing found)",
        ]
    assert not missing, "\n".join(message)
