"""Time search on generated regions: Whoosh through tarjotin.search, SQLite FTS5 beside it.

    .venv/bin/python -m bench.search [--sizes 1000,10000,100000] [--queries 200] [--procs 2]

For each size a region is generated into a new SQLite database (bench/generate.py) and the
index is built through ``tarjotin.search.build_index`` (timed; its size on disk). Then a
fresh process, as a server process would, opens the index and measures:

- a search with facet counts and highlighted snippets (``SearchIndex.search``, page 1 of
  20): p50/p95 over a mix of what residents type – single words, inflected forms, parts of
  compounds, two words, in fi, sv and en, half of them with filters; and the list page's
  own call, ``browse(…, search=index)``, which adds the cards from the database;
- did-you-mean: the same for queries with typos, whose answer carries a suggestion;
- the same queries on SQLite FTS5 (unicode61) over the same texts: the page of 20 with
  highlight() and snippet(), the total and a count per step, with the same filters (and,
  like the engine, any word when no activity has them all);
- the time from a change committed through the ORM (so that the change log is written) to
  the change being found by a search, polling every 20 ms: once left to the process's
  catch-up thread, once with the search catching up first as the list page does; then the
  same searches again on the index with the new small segments;
- its memory: resident set after searching (private and file-backed) and its peak;
- where the time of the slowest query goes (cProfile: the phases of a search, the top
  functions).

Times are wall-clock and the searching thread's CPU time: on a shared machine the first
includes waiting for a core, the second is what a quiet machine would take.
It prints a table per size and writes the figures to bench/out/search-<size>.json.
"""

import argparse
import cProfile
import io
import json
import os
import pstats
import random
import re
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

OUT = Path(__file__).resolve().parent / "out"
GOALS = {
    10_000: {"search_p95_ms": 50},
    100_000: {"search_p95_ms": 250, "rss_mb": 300},
}
CHANGE_GOAL_S = 2.0

# What residents type: (text, interface language), in words of bench/generate.py's
# vocabulary: most find something, some a few, some a third of the region.
QUERIES = [
    # single words
    ("kurssi", "fi"),
    ("ryhmä", "fi"),
    ("kahvila", "fi"),
    ("retki", "fi"),
    ("kirjasto", "fi"),
    ("sauna", "fi"),
    ("kahvi", "fi"),
    ("velka", "fi"),
    # inflected forms
    ("ruokakurssille", "fi"),
    ("kuntosalille", "fi"),
    ("luontoretkelle", "fi"),
    ("asukastuvalla", "fi"),
    ("nuorille", "fi"),
    ("ohjaajan", "fi"),
    ("avantouintiin", "fi"),
    ("tunnille", "fi"),
    # parts of compounds
    ("apu", "fi"),
    ("tuki", "fi"),
    ("uinti", "fi"),
    ("ruoka", "fi"),
    ("jumppa", "fi"),
    ("punonta", "fi"),
    # two words
    ("ruoka kurssi", "fi"),
    ("nuoret kahvila", "fi"),
    ("perhe retki", "fi"),
    ("kävely ryhmä", "fi"),
    ("digi apu", "fi"),
    ("päihteetön olohuone", "fi"),
    # Swedish
    ("matkurs", "sv"),
    ("promenad", "sv"),
    ("kvinnor", "sv"),
    ("gym", "sv"),
    ("unga vuxna", "sv"),
    ("språkkafé", "sv"),
    # English
    ("cooking course", "en"),
    ("walking group", "en"),
    ("first aid", "en"),
    ("library", "en"),
    ("young adults", "en"),
    ("digital help", "en"),
]
# Typos, for did-you-mean.
TYPOS = [
    ("ruokakursi", "fi"),
    ("kuntosli", "fi"),
    ("avantouintti", "fi"),
    ("kahvla", "fi"),
    ("kirjastso", "fi"),
    ("retkii", "fi"),
    ("promenadd", "sv"),
    ("matkur", "sv"),
    ("cookng", "en"),
    ("libary", "en"),
]


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def summary(timings):
    """p50/p95/max of (wall ms, CPU ms) pairs: CPU time is what a quiet machine would take.

    The machine may be shared: wall-clock time then includes waiting for a core, while the
    searching thread's CPU time does not.
    """
    wall = [pair[0] for pair in timings]
    cpu = [pair[1] for pair in timings]
    return {
        "p50_ms": round(statistics.median(wall), 2),
        "p95_ms": round(percentile(wall, 0.95), 2),
        "max_ms": round(max(wall), 2),
        "cpu_p50_ms": round(statistics.median(cpu), 2),
        "cpu_p95_ms": round(percentile(cpu, 0.95), 2),
        "n": len(timings),
    }


class Stopwatch:
    """Wall-clock and this thread's CPU time of a block, in ms: ``with Stopwatch() as w``."""

    def __enter__(self):
        self._wall, self._cpu = time.perf_counter(), time.thread_time()
        return self

    def __exit__(self, *exc):
        self.pair = (
            (time.perf_counter() - self._wall) * 1000,
            (time.thread_time() - self._cpu) * 1000,
        )


def folder_bytes(folder):
    return sum(path.stat().st_size for path in Path(folder).rglob("*") if path.is_file())


def memory():
    """This process's memory in MB: resident now, private, file-backed, and the peak."""
    fields = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM", "RssAnon", "RssFile", "RssShmem"):
            fields[key] = round(int(value.split()[0]) / 1024, 1)
    fields["ru_maxrss"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    return fields


# --- Building --------------------------------------------------------------------------------


def make_app(url, index_dir):
    from tarjotin import create_app

    return create_app(
        {"SQLALCHEMY_DATABASE_URI": url, "TESTING": False, "SEARCH_INDEX_DIR": str(index_dir)}
    )


def generate(size, folder):
    """Create and fill the region's database; return its path and the seconds it took."""
    from flask_migrate import upgrade

    from bench.generate import generate_region
    from tarjotin.catalogue import seeding
    from tarjotin.extensions import db

    path = folder / f"region-{size}.sqlite"
    app = make_app(f"sqlite:///{path}", folder / "unused-index")
    with app.app_context():
        upgrade()
        seeding.seed(db.session, demo=False)
        started = time.perf_counter()
        generate_region(db.session, size)
        db.session.commit()
        seconds = time.perf_counter() - started
        db.engine.dispose()
    return path, seconds


def _cpu_seconds():
    """CPU seconds of this process and its finished children (the build's workers)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def build_whoosh(db_path, index_dir, procs):
    """Build the index through tarjotin.search; return seconds, bytes and the build report."""
    from tarjotin import search
    from tarjotin.extensions import db
    from tarjotin.timeutil import region_today

    app = make_app(f"sqlite:///{db_path}", index_dir)
    with app.app_context():
        started, cpu = time.perf_counter(), _cpu_seconds()
        report = search.build_index(db.session, index_dir, today=region_today(), procs=procs)
        seconds, cpu = time.perf_counter() - started, _cpu_seconds() - cpu
        db.engine.dispose()
    return {
        "seconds": round(seconds, 2),
        "cpu_seconds": round(cpu, 2),
        "bytes": folder_bytes(index_dir),
        "report": {k: _plain(v) for k, v in vars(report).items()} if report else None,
        "builder_memory_mb": memory(),
    }


def _plain(value):
    return value if isinstance(value, (int, float, str, bool, type(None))) else str(value)


FTS_LANGS = ("fi", "sv", "en")


def build_fts(db_path, fts_path):
    """Build one FTS5 table per language (name, summary, description; Finnish as fallback)."""
    fts_path.unlink(missing_ok=True)
    started = time.perf_counter()
    connection = sqlite3.connect(fts_path)
    connection.execute("ATTACH DATABASE ? AS region", (str(db_path),))
    for lang in FTS_LANGS:
        connection.execute(
            f"CREATE VIRTUAL TABLE fts_{lang} USING fts5("
            "name, summary, description, tokenize = 'unicode61')"
        )
        columns = ", ".join(
            f"coalesce(nullif({field}_{lang}, ''), {field}_fi, '')"
            for field in ("name", "summary", "description")
        )
        connection.execute(
            f"INSERT INTO fts_{lang} (rowid, name, summary, description) "
            f"SELECT id, {columns} FROM region.activity WHERE status = 'published' "
            "AND (valid_until IS NULL OR valid_until >= date('now'))"
        )
    connection.commit()
    connection.execute("DETACH DATABASE region")
    connection.execute("VACUUM")
    connection.close()
    return {"seconds": round(time.perf_counter() - started, 2), "bytes": fts_path.stat().st_size}


# --- Measuring, in a fresh process ----------------------------------------------------------


class Workload:
    """The query mix: texts with, for half of them, filters a resident would pick."""

    def __init__(self, session, count, seed=7):
        from sqlalchemy import select

        from tarjotin.models import Step, Theme

        rng = random.Random(seed)
        self.step_numbers = dict(session.execute(select(Step.id, Step.number)).all())
        self.theme_codes = dict(session.execute(select(Theme.id, Theme.code)).all())
        steps, themes = sorted(self.step_numbers), sorted(self.theme_codes)
        self.items = []
        for n in range(count):
            text, lang = QUERIES[n % len(QUERIES)]
            filters = {}
            if n % 2:
                kind = rng.choice(["step", "free", "step+weekday", "theme", "theme+free"])
                if "step" in kind:
                    filters["step_ids"] = [rng.choice(steps)]
                if "theme" in kind:
                    filters["theme_ids"] = [rng.choice(themes)]
                if "weekday" in kind:
                    filters["weekday_mask"] = 1 << rng.randrange(7)
                if "free" in kind:
                    filters["free"] = True
            self.items.append((text, lang, filters))
        rng.shuffle(self.items)

    def list_filters(self, text, filters):
        """The same search as the list page's Filters (codes as they stand in the URL)."""
        from tarjotin.catalogue.browse import WEEKDAYS, Filters

        mask = filters.get("weekday_mask", 0)
        return Filters(
            steps=frozenset(self.step_numbers[i] for i in filters.get("step_ids", ())),
            themes=frozenset(self.theme_codes[i] for i in filters.get("theme_ids", ())),
            weekdays=frozenset(code for bit, code in enumerate(WEEKDAYS) if mask & (1 << bit)),
            free=filters.get("free", False),
            q=text,
        )


def time_list_page(session, index, workload, today):
    """Time the list page's own call: browse(…, search=index), cards from the database."""
    from tarjotin.catalogue.browse import browse

    timings = []
    for text, lang, filters in workload.items:
        with Stopwatch() as watch:
            result = browse(
                session,
                workload.list_filters(text, filters),
                today=today,
                locale=lang,
                search=index,
            )
        if getattr(result, "search_degraded", False):
            raise RuntimeError("the list page fell back to the database")
        timings.append(watch.pair)
    return timings


def criteria_of(filters):
    from tarjotin.search import Criteria

    return Criteria(
        step_ids=frozenset(filters.get("step_ids", ())),
        theme_ids=frozenset(filters.get("theme_ids", ())),
        weekday_mask=filters.get("weekday_mask", 0),
        free=filters.get("free", False),
    )


def time_whoosh(index, items, today):
    """Time SearchIndex.search for each item; return timings, and totals per query."""
    from tarjotin.search import SearchRequest

    timings, totals = [], {}
    for text, lang, filters in items:
        request = SearchRequest(text=text, locale=lang, today=today, criteria=criteria_of(filters))
        with Stopwatch() as watch:
            hits = index.search(request)
        timings.append(watch.pair)
        totals[(text, lang, json.dumps(filters, sort_keys=True))] = hits.total
    return timings, totals


_FTS_WORD = re.compile(r"\w+")


def fts_match(text, any_word=False):
    words = [f'"{word}"' for word in _FTS_WORD.findall(text.lower())]
    return (" OR " if any_word else " AND ").join(words)


def fts_filters(filters):
    clauses, params = [], []
    if filters.get("step_ids"):
        clauses.append(f"a.step_id IN ({','.join('?' * len(filters['step_ids']))})")
        params += filters["step_ids"]
    if filters.get("theme_ids"):
        marks = ",".join("?" * len(filters["theme_ids"]))
        clauses.append(
            "EXISTS (SELECT 1 FROM region.activity_theme t "
            f"WHERE t.activity_id = a.id AND t.theme_id IN ({marks}))"
        )
        params += filters["theme_ids"]
    if filters.get("weekday_mask"):
        clauses.append("(a.weekday_mask & ?) != 0")
        params.append(filters["weekday_mask"])
    if filters.get("free"):
        clauses.append("a.cost = 'free'")
    return "".join(f" AND {clause}" for clause in clauses), params


def fts_search(connection, text, lang, filters):
    """One page of 20 with highlights, the total and a count per step; like the list page."""
    table = f"fts_{lang}"
    where, params = fts_filters(filters)
    for any_word in (False, True):
        match = fts_match(text, any_word)
        counts = connection.execute(
            f"SELECT a.step_id, count(*) FROM {table} JOIN region.activity a "
            f"ON a.id = {table}.rowid WHERE {table} MATCH ?{where} GROUP BY a.step_id",
            [match, *params],
        ).fetchall()
        total = sum(count for _, count in counts)
        if total or any_word:
            break
    page = connection.execute(
        f"SELECT {table}.rowid, highlight({table}, 0, '<mark>', '</mark>'), "
        f"snippet({table}, -1, '<mark>', '</mark>', '…', 16) "
        f"FROM {table} JOIN region.activity a ON a.id = {table}.rowid "
        f"WHERE {table} MATCH ?{where} ORDER BY bm25({table}, 4.0, 2.0, 1.0) LIMIT 20",
        [match, *params],
    ).fetchall()
    return total, page


def time_fts(connection, items):
    timings, totals = [], {}
    for text, lang, filters in items:
        with Stopwatch() as watch:
            total, _ = fts_search(connection, text, lang, filters)
        timings.append(watch.pair)
        totals[(text, lang, json.dumps(filters, sort_keys=True))] = total
    return timings, totals


def time_change(app, index, today, *, through_search, tries=5, timeout=30.0, seed=11):
    """Commit a change of an activity's name through the ORM; poll search until it shows.

    ``through_search``: each poll passes the session, so the search applies the change log
    first (as the list page does); otherwise only the process's catch-up thread does.
    """
    from sqlalchemy import select

    from tarjotin.extensions import db
    from tarjotin.models import Activity
    from tarjotin.search import SearchRequest

    rng = random.Random(seed)
    ids = db.session.scalars(select(Activity.id).where(Activity.status == "published")).all()
    seconds, polls = [], []
    for attempt in range(tries):
        word = "zq" + "".join(rng.choice("bcdfghjklmnprstv") for _ in range(8))
        activity = db.session.get(Activity, rng.choice(ids))
        activity.name_fi = f"{activity.name_fi} {word}"
        activity.valid_until = None  # stays public whatever the generator gave it
        db.session.commit()
        committed = time.perf_counter()
        count = 0
        while True:
            count += 1
            request = SearchRequest(text=word, locale="fi", today=today)
            hits = index.search(request, session=db.session if through_search else None)
            elapsed = time.perf_counter() - committed
            if activity.id in hits.ids:
                break
            if elapsed > timeout:
                elapsed = float("inf")
                break
            time.sleep(0.02)
        seconds.append(elapsed)
        polls.append(count)
        time.sleep(0.15 * attempt)  # vary how far the catch-up thread is from its next tick
    finite = [s for s in seconds if s != float("inf")]
    return {
        "p50_s": round(statistics.median(seconds), 3) if finite else None,
        "max_s": round(max(seconds), 3) if finite else None,
        "tries": tries,
        "timeouts": len(seconds) - len(finite),
        "polls": polls,
        "catch_up_interval_s": app.config.get("SEARCH_CATCH_UP_INTERVAL"),
    }


# The phases of a search, each the cumulative time of one function: (label, file, function).
# Phases nest (matching happens inside the list-and-facets phase): read each against the total.
PHASES = (
    ("searcher open / refresh", "tarjotin/search/index.py", "_current_searcher"),
    ("catch-up from the change log", "tarjotin/search/index.py", "catch_up"),
    ("list + facet counts (_matches)", "tarjotin/search/query.py", "_matches"),
    ("  of which Whoosh matching", "whoosh/searching.py", "docs_for_query@_matches"),
    ("  of which facet tally (Python)", "tarjotin/search/query.py", "_matches-docs"),
    ("'not ended' NumericRange matchers (all)", "whoosh/query/ranges.py", "matcher"),
    ("ranking the page (Searcher.search)", "whoosh/searching.py", "search"),
    ("snippets (_page minus ranking)", "tarjotin/search/query.py", "_page-search"),
    ("  of which whoosh.highlight", "whoosh/highlight.py", "highlight"),
    ("did-you-mean (_suggestion)", "tarjotin/search/query.py", "_suggestion"),
)


def _cumulative(stats, filename, function):
    return sum(
        row[3]
        for (file, _, name), row in stats.stats.items()
        if file.endswith(filename) and name == function
    )


def _matching_inside(stats, function):
    """Whoosh's docs_for_query time spent for ``function`` of tarjotin/search/query.py.

    Its documents are consumed lazily in generator expressions, so the callers are the
    function itself and the expressions defined in its lines.
    """
    defs = sorted(
        line
        for (file, line, name), _ in stats.stats.items()
        if file.endswith("tarjotin/search/query.py") and not name.startswith("<")
    )
    own = [
        line
        for (file, line, name), _ in stats.stats.items()
        if file.endswith("tarjotin/search/query.py") and name == function
    ]
    if not own:
        return 0.0
    first = own[0]
    last = min((line for line in defs if line > first), default=10**9)
    total = 0.0
    for (file, _, name), row in stats.stats.items():
        if not (file.endswith("whoosh/searching.py") and name == "docs_for_query"):
            continue
        for (caller_file, caller_line, _), caller_row in row[4].items():
            if caller_file.endswith("tarjotin/search/query.py") and first <= caller_line < last:
                total += caller_row[3]
    return total


def profile_query(index, text, lang, filters, today, runs=5):
    """Profile ``runs`` searches of one query; return its phases and the top functions."""
    from tarjotin.search import SearchRequest

    request = SearchRequest(text=text, locale=lang, today=today, criteria=criteria_of(filters))
    index.search(request)
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(runs):
        index.search(request)
    profiler.disable()
    stats = pstats.Stats(profiler)
    total = _cumulative(stats, "tarjotin/search/index.py", "search")
    matching = _matching_inside(stats, "_matches")
    values = {}
    for label, filename, function in PHASES:
        if function == "docs_for_query@_matches":
            seconds = matching
        elif function == "_matches-docs":
            seconds = _cumulative(stats, filename, "_matches") - matching
        elif function == "_page-search":
            seconds = _cumulative(stats, filename, "_page") - _cumulative(
                stats, "whoosh/searching.py", "search"
            )
        else:
            seconds = _cumulative(stats, filename, function)
        values[label] = round(seconds / runs * 1000, 1)
    buffer = io.StringIO()
    pstats.Stats(profiler, stream=buffer).sort_stats("tottime").print_stats(15)
    top_tottime = _stats_rows(buffer.getvalue())
    buffer = io.StringIO()
    pstats.Stats(profiler, stream=buffer).sort_stats("cumulative").print_stats(25)
    top_cumulative = _stats_rows(buffer.getvalue())
    return {
        "query": {"text": text, "lang": lang, "filters": filters},
        "runs": runs,
        "ms_per_search": round(total / runs * 1000, 1),
        "phases_ms_per_search": values,
        "top_tottime": top_tottime,
        "top_cumulative": top_cumulative,
    }


def _stats_rows(text):
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if line.lstrip().startswith("ncalls")), None)
    if start is None:
        return []
    rows = [line.rstrip() for line in lines[start:] if line.strip()]
    return [re.sub(r"\S*/(site-packages|work/main)/", "", row) for row in rows]


def segment_count(index_dir):
    """The number of segments of the current generation (see tarjotin/search/index.py)."""
    from whoosh.filedb.filestore import FileStorage

    generation = (Path(index_dir) / "CURRENT").read_text().strip()
    ix = FileStorage(str(Path(index_dir) / generation), readonly=True).open_index()
    try:
        with ix.reader() as reader:
            return len(reader.leaf_readers())
    finally:
        ix.close()


def probe(args):
    """Run in a fresh process: open the index as a server process would and measure."""
    from tarjotin import search
    from tarjotin.extensions import db
    from tarjotin.timeutil import region_today

    load_at_start = os.getloadavg()
    app = make_app(f"sqlite:///{args.db}", args.index)
    today = region_today()
    result = {}
    with app.app_context():
        if search.EXTENSION not in app.extensions:
            search.init_app(app)
        index = search.index_for(app)
        result["memory_after_start_mb"] = memory()
        started = time.perf_counter()
        index.search(search.SearchRequest(text="kurssi", locale="fi", today=today))
        result["first_search_ms"] = round((time.perf_counter() - started) * 1000, 1)
        workload = Workload(db.session, args.queries)
        # warm both engines with one pass of every distinct query
        warm = list(
            {(t, lang, json.dumps(f)): (t, lang, f) for t, lang, f in workload.items}.values()
        )
        time_whoosh(index, warm, today)
        fts = sqlite3.connect(args.fts)
        fts.execute("ATTACH DATABASE ? AS region", (str(args.db),))
        time_fts(fts, warm)

        whoosh_ms, whoosh_totals = time_whoosh(index, workload.items, today)
        fts_ms, fts_totals = time_fts(fts, workload.items)
        result["search"] = summary(whoosh_ms)
        result["search_plain"] = summary(
            [ms for ms, item in zip(whoosh_ms, workload.items, strict=True) if not item[2]]
        )
        result["search_filtered"] = summary(
            [ms for ms, item in zip(whoosh_ms, workload.items, strict=True) if item[2]]
        )
        result["fts5"] = summary(fts_ms)
        time_list_page(db.session, index, Workload(db.session, 20, seed=3), today)  # warm
        result["list_page"] = summary(time_list_page(db.session, index, workload, today))
        result["ratio_whoosh_fts5"] = {
            key: round(result["search"][key] / max(result["fts5"][key], 0.01), 1)
            for key in ("p50_ms", "p95_ms", "cpu_p50_ms", "cpu_p95_ms")
        }
        # per distinct query: median ms in each engine and the number of matches
        per_query = defaultdict(lambda: {"whoosh": [], "fts5": []})
        for ms_w, ms_f, (text, lang, filters) in zip(
            whoosh_ms, fts_ms, workload.items, strict=True
        ):
            key = (text, lang, json.dumps(filters, sort_keys=True))
            per_query[key]["whoosh"].append(ms_w[0])
            per_query[key]["fts5"].append(ms_f[0])
        rows = []
        for key, times in per_query.items():
            rows.append(
                {
                    "text": key[0],
                    "lang": key[1],
                    "filters": json.loads(key[2]),
                    "whoosh_ms": round(statistics.median(times["whoosh"]), 1),
                    "fts5_ms": round(statistics.median(times["fts5"]), 1),
                    "whoosh_total": whoosh_totals[key],
                    "fts5_total": fts_totals[key],
                }
            )
        rows.sort(key=lambda row: -row["whoosh_ms"])
        result["slowest_queries"] = rows[:8]

        typo_items = [(text, lang, {}) for text, lang in TYPOS]
        time_whoosh(index, typo_items, today)
        typo_ms, suggestions = [], {}
        for _ in range(max(1, args.queries // (2 * len(TYPOS)))):
            for text, lang, _filters in typo_items:
                request = search.SearchRequest(text=text, locale=lang, today=today)
                with Stopwatch() as watch:
                    hits = index.search(request)
                typo_ms.append(watch.pair)
                suggestions[f"{text} ({lang})"] = hits.suggestion
        result["did_you_mean"] = summary(typo_ms)
        result["did_you_mean"]["suggestions"] = suggestions
        fts_typo_ms, _ = time_fts(fts, typo_items * max(1, args.queries // (2 * len(TYPOS))))
        result["fts5_typos"] = summary(fts_typo_ms)

        result["memory_after_searching_mb"] = memory()
        slowest = rows[0]
        result["profile"] = profile_query(
            index, slowest["text"], slowest["lang"], slowest["filters"], today
        )
        result["segments_before_changes"] = segment_count(args.index)
        result["change_to_search"] = {
            "catch-up thread": time_change(
                app, index, today, through_search=False, tries=args.change_tries
            ),
            "search catches up first": time_change(
                app, index, today, through_search=True, tries=args.change_tries, seed=12
            ),
        }
        # after the changes: the index has new small segments and deleted documents
        result["segments_after_changes"] = segment_count(args.index)
        result["search_before_changes"] = summary(whoosh_ms[: len(workload.items[:100])])
        after_ms, _ = time_whoosh(index, workload.items[:100], today)
        result["search_after_changes"] = summary(after_ms)
        result["profile_after_changes"] = profile_query(
            index, slowest["text"], slowest["lang"], slowest["filters"], today
        )
        typo_after = []
        for text, lang, _filters in typo_items:
            with Stopwatch() as watch:
                index.search(search.SearchRequest(text=text, locale=lang, today=today))
            typo_after.append(watch.pair)
        result["did_you_mean_after_changes"] = summary(typo_after)
        result["load_average"] = {"start": load_at_start, "end": os.getloadavg()}
        fts.close()
        db.engine.dispose()
    Path(args.result).write_text(json.dumps(result, indent=2, ensure_ascii=False))


# --- Reporting -------------------------------------------------------------------------------


def mb(size):
    return f"{size / 1024 / 1024:.1f} MB"


def verdict(value, goal):
    return "ok" if value <= goal else "MISSED"


def report(size, figures):
    built, fts_built, measured = figures["whoosh_build"], figures["fts5_build"], figures["probe"]
    goals = GOALS.get(size, {})
    rows = [
        ("generate region (SQLite)", f"{figures['generate_seconds']:.1f} s", "", ""),
        (
            "Whoosh build",
            f"{built['seconds']:.1f} s",
            f"{built['cpu_seconds']:.1f} s",
            f"procs={figures['procs']}; CPU of all its processes",
        ),
        ("Whoosh index on disk", mb(built["bytes"]), "", ""),
        ("FTS5 build", f"{fts_built['seconds']:.1f} s", "", ""),
        ("FTS5 on disk", mb(fts_built["bytes"]), "", ""),
    ]

    def latency(name, data, goal=None):
        note = ""
        if goal is not None:
            note = (
                f"goal p95 ≤ {goal} ms: wall {verdict(data['p95_ms'], goal)}, "
                f"CPU {verdict(data['cpu_p95_ms'], goal)}"
            )
        rows.append(
            (
                name,
                f"{data['p50_ms']:.1f} / {data['p95_ms']:.1f} ms",
                f"{data['cpu_p50_ms']:.1f} / {data['cpu_p95_ms']:.1f} ms",
                note,
            )
        )

    latency("search+facets+highlights", measured["search"], goals.get("search_p95_ms"))
    latency("  without filters", measured["search_plain"])
    latency("  with filters", measured["search_filtered"])
    latency("list page: browse(…, search=index)", measured["list_page"])
    latency("FTS5 same queries", measured["fts5"])
    ratio = measured["ratio_whoosh_fts5"]
    rows.append(
        (
            "ratio Whoosh / FTS5",
            f"{ratio['p50_ms']}× / {ratio['p95_ms']}×",
            f"{ratio['cpu_p50_ms']}× / {ratio['cpu_p95_ms']}×",
            "p50 / p95",
        )
    )
    latency("did-you-mean (typo search)", measured["did_you_mean"])
    latency("FTS5 typo queries", measured["fts5_typos"])
    for mode, change in measured["change_to_search"].items():
        name = f"change → searchable ({mode})"
        if change["p50_s"] is None:
            rows.append((name, "never", "", f"{change['timeouts']} timeouts"))
            continue
        rows.append(
            (
                name,
                f"{change['p50_s']:.2f} / {change['max_s']:.2f} s",
                "",
                f"p50 / max of {change['tries']}; goal ≤ {CHANGE_GOAL_S} s: "
                f"{verdict(change['max_s'], CHANGE_GOAL_S)}",
            )
        )
    latency(
        f"same 100 searches before changes ({measured['segments_before_changes']} segm.)",
        measured["search_before_changes"],
    )
    latency(
        f"same 100 searches after changes ({measured['segments_after_changes']} segm.)",
        measured["search_after_changes"],
    )
    latency("did-you-mean after changes", measured["did_you_mean_after_changes"])
    rss = measured["memory_after_searching_mb"]
    note = f"private {rss.get('RssAnon')} MB, file {rss.get('RssFile')} MB, peak {rss['VmHWM']} MB"
    if "rss_mb" in goals:
        note += f"; goal ≤ {goals['rss_mb']} MB: {verdict(rss['VmRSS'], goals['rss_mb'])}"
    rows.append(("memory per search process", f"{rss['VmRSS']:.0f} MB", "", note))
    rows.append(("first search after start", f"{measured['first_search_ms']:.0f} ms", "", ""))
    builder = built["builder_memory_mb"]
    rows.append(("builder process peak", f"{builder['VmHWM']:.0f} MB", "", ""))

    load = "; ".join(
        f"{when} " + ", ".join(f"{value:.1f}" for value in values)
        for when, values in measured["load_average"].items()
    )
    print(f"\nregion of {size} activities ({figures['cpus']} CPUs; load average {load})")
    print(f"  {'measure':46} {'wall p50 / p95':>19} {'CPU p50 / p95':>19}  note")
    for name, value, cpu, note in rows:
        print(f"  {name:46} {value:>19} {cpu:>19}  {note}")
    print("\n  slowest queries (median ms; matches)")
    print(f"  {'query':34} {'filters':30} {'whoosh':>8} {'fts5':>8} {'hits':>7} {'fts5':>7}")
    for row in measured["slowest_queries"]:
        query = f"{row['text']} ({row['lang']})"
        filters = ",".join(f"{k}={v}" for k, v in row["filters"].items()) or "-"
        print(
            f"  {query:34} {filters[:30]:30} {row['whoosh_ms']:8.1f} {row['fts5_ms']:8.1f} "
            f"{row['whoosh_total']:7} {row['fts5_total']:7}"
        )
    print("\n  did-you-mean suggestions:")
    for typo, suggestion in measured["did_you_mean"]["suggestions"].items():
        print(f"    {typo:24} → {suggestion}")
    profile = measured["profile"]
    query = profile["query"]
    print(
        f"\n  profile of the slowest query {query['text']!r} ({query['lang']}, "
        f"filters {query['filters'] or '-'}): {profile['ms_per_search']} ms per search "
        "under cProfile"
    )
    for phase, ms in profile["phases_ms_per_search"].items():
        print(f"    {phase:40} {ms:8.1f} ms")
    after = measured["profile_after_changes"]
    print(f"  the same after the changes: {after['ms_per_search']} ms per search")
    for phase, ms in after["phases_ms_per_search"].items():
        print(f"    {phase:40} {ms:8.1f} ms")
    print("  top functions by own time:")
    for line in profile["top_tottime"][:12]:
        print(f"    {line}")
    print("  top functions by cumulative time:")
    for line in profile["top_cumulative"][:20]:
        print(f"    {line}")


def run_size(size, args, folder):
    print(f"\n== {size} activities", flush=True)
    db_path, generate_seconds = generate(size, folder)
    print(f"  generated in {generate_seconds:.1f} s; building the index …", flush=True)
    index_dir = folder / f"index-{size}"
    whoosh_build = build_whoosh(db_path, index_dir, args.procs)
    print(f"  Whoosh built in {whoosh_build['seconds']:.1f} s; FTS5 …", flush=True)
    fts_path = folder / f"fts-{size}.sqlite"
    fts_build = build_fts(db_path, fts_path)
    result_path = folder / f"probe-{size}.json"
    print("  measuring in a fresh process …", flush=True)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "bench.search",
            "--probe",
            "--db",
            str(db_path),
            "--index",
            str(index_dir),
            "--fts",
            str(fts_path),
            "--queries",
            str(args.queries),
            "--change-tries",
            str(args.change_tries),
            "--result",
            str(result_path),
        ],
        check=True,
        cwd=Path(__file__).resolve().parent.parent,
    )
    figures = {
        "size": size,
        "procs": args.procs,
        "cpus": os.cpu_count(),
        "generate_seconds": round(generate_seconds, 1),
        "whoosh_build": whoosh_build,
        "fts5_build": fts_build,
        "probe": json.loads(result_path.read_text()),
        "goals": GOALS.get(size, {}) | {"change_s": CHANGE_GOAL_S},
    }
    report(size, figures)
    OUT.mkdir(exist_ok=True)
    (OUT / f"search-{size}.json").write_text(json.dumps(figures, indent=2, ensure_ascii=False))
    print(f"\n  figures written to {OUT / f'search-{size}.json'}")
    for path in (db_path, fts_path):
        path.unlink(missing_ok=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--procs", type=int, default=2)
    parser.add_argument("--change-tries", type=int, default=5)
    parser.add_argument("--probe", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--index", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--fts", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--result", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.probe:
        probe(args)
        return
    with tempfile.TemporaryDirectory(prefix="tarjotin-bench-") as folder:
        for size in [int(s) for s in args.sizes.split(",")]:
            run_size(size, args, Path(folder))


if __name__ == "__main__":
    main()
