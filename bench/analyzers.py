"""Compare Finnish analyzers on the search quality set, and what each costs.

    .venv/bin/python -m bench.analyzers [--sizes demo,10000] [--procs 2]

Three ways to analyse the Finnish text, each built through ``tarjotin.search.build_index``
(``finnish=…``) so that everything else – fields, weights, fallback to Finnish, ranking,
did-you-mean – is the engine's own:

- ``voikko``: Voikko base forms plus compound parts (the engine's choice when installed);
- ``snowball+ngrams``: Snowball stems plus the word's character 3–5-grams, as terms of
  the same fields (a query word matches any of its stem and n-grams; BM25F ranks). The
  engine's schema has no room for a separate n-gram field, and an n-gram field OR-ed with
  the stemmed one, as usual, scores the same way;
- ``snowball``: Snowball stems alone (the fallback when Voikko is missing).

For each: how many queries of tests/search/quality_set.toml pass (every expected activity
among the first five; "did you mean" is followed as the test does), how many activities
the quality queries match on average (noise), the build time and index size for the demo
region and for a generated region, and there the search latency of bench/search.py's mix.
"""

import argparse
import json
import statistics
import tempfile
import time
import tomllib
from pathlib import Path

from whoosh.analysis import Filter, LowercaseFilter, RegexTokenizer, StopFilter
from whoosh.lang.snowball.finnish import FinnishStemmer

ROOT = Path(__file__).resolve().parent.parent
QUALITY_SET = ROOT / "tests" / "search" / "quality_set.toml"
OUT = ROOT / "bench" / "out"
TOP = 5

_stemmer = FinnishStemmer()


class StemAndNgramFilter(Filter):
    """Each Finnish word as its Snowball stem and its character n-grams.

    Lives in an importable module because Whoosh pickles the schema into the index.
    """

    def __init__(self, minsize=3, maxsize=5):
        self.minsize = minsize
        self.maxsize = maxsize

    def __eq__(self, other):
        return (
            type(self) is type(other)
            and self.minsize == other.minsize
            and self.maxsize == other.maxsize
        )

    def __call__(self, tokens):
        for token in tokens:
            if token.stopped:
                yield token
                continue
            word = token.text
            terms = {_stemmer.stem(word): None}
            for size in range(self.minsize, min(self.maxsize, len(word)) + 1):
                for start in range(len(word) - size + 1):
                    terms[word[start : start + size]] = None
            for text in terms:
                token.text = text
                yield token


def ngram_analyzer():
    """Snowball stems and 3–5-grams of Finnish words, for ``build_index(finnish=…)``."""
    from tarjotin.search.analysis import WORD_PATTERN

    return (
        RegexTokenizer(WORD_PATTERN)
        | LowercaseFilter()
        | StopFilter(lang="fi")
        | StemAndNgramFilter(3, 5)
    )


VARIANTS = {
    "voikko": lambda: "voikko",
    "snowball+ngrams": ngram_analyzer,
    "snowball": lambda: "snowball",
}


def folder_bytes(folder):
    return sum(path.stat().st_size for path in Path(folder).rglob("*") if path.is_file())


def region(kind, folder):
    """Return an app on a new SQLite database holding the demo region or ``kind`` activities."""
    from flask_migrate import upgrade

    from bench.generate import generate_region
    from tarjotin import create_app
    from tarjotin.catalogue import seeding
    from tarjotin.extensions import db

    path = folder / f"region-{kind}.sqlite"
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}", "TESTING": False})
    with app.app_context():
        upgrade()
        seeding.seed(db.session, demo=kind == "demo")
        if kind != "demo":
            generate_region(db.session, int(kind))
        db.session.commit()
    return app


def quality(index, session, today):
    """Run the quality set; return passes, failures with their top five, and mean matches."""
    from sqlalchemy import select

    from tarjotin import search
    from tarjotin.catalogue.seeding import seed_uid
    from tarjotin.models import Activity

    queries = tomllib.loads(QUALITY_SET.read_text(encoding="utf-8"))["queries"]
    demo_keys = [
        entry["key"]
        for path in sorted((ROOT / "seeds" / "demo").glob("activities_*.toml"))
        for entry in tomllib.loads(path.read_text(encoding="utf-8"))["activities"]
    ]
    key_by_uid = {seed_uid("activity", key): key for key in demo_keys}
    key_of = {
        activity_id: key_by_uid.get(uid, f"#{activity_id}")
        for activity_id, uid in session.execute(select(Activity.id, Activity.uid))
    }

    def top(text, lang):
        hits = index.search(search.SearchRequest(text=text, locale=lang, today=today, per_page=TOP))
        return [key_of[i] for i in hits.ids[:TOP]], hits.suggestion, hits.total

    passed, failures, totals = 0, [], []
    for entry in queries:
        found, suggestion, total = top(entry["query"], entry["lang"])
        totals.append(total)
        if any(key not in found for key in entry["top5"]) and suggestion:
            found, _, _ = top(suggestion, entry["lang"])
        if all(key in found for key in entry["top5"]):
            passed += 1
        else:
            failures.append((entry["lang"], entry["query"], found))
    return {
        "passed": passed,
        "queries": len(queries),
        "failures": failures,
        "mean_matches": round(statistics.mean(totals), 1),
    }


def latency(index, today, rounds=3):
    """Wall and CPU p50/p95 ms of bench/search.py's query mix (no filters)."""
    from bench.search import QUERIES, Stopwatch, summary
    from tarjotin import search

    timings = []
    for round_number in range(rounds + 1):
        for text, lang in QUERIES:
            with Stopwatch() as watch:
                index.search(search.SearchRequest(text=text, locale=lang, today=today))
            if round_number:  # the first round warms the searcher and caches
                timings.append(watch.pair)
    return summary(timings)


def _cpu_seconds():
    from bench.search import _cpu_seconds

    return _cpu_seconds()


def compare(kind, folder, procs):
    from tarjotin import search
    from tarjotin.extensions import db
    from tarjotin.timeutil import region_today

    app = region(kind, folder)
    today = region_today()
    rows = []
    with app.app_context():
        for name, finnish in VARIANTS.items():
            index_dir = folder / f"index-{kind}-{name}"
            started, cpu = time.perf_counter(), _cpu_seconds()
            search.build_index(db.session, index_dir, today=today, finnish=finnish(), procs=procs)
            row = {
                "variant": name,
                "build_s": time.perf_counter() - started,
                "build_cpu_s": _cpu_seconds() - cpu,
                "bytes": folder_bytes(index_dir),
            }
            index = search.SearchIndex(index_dir)
            if kind == "demo":
                row["quality"] = quality(index, db.session, today)
            else:
                row["latency"] = latency(index, today)
            index.close()
            rows.append(row)
        db.engine.dispose()
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="demo,10000")
    parser.add_argument("--procs", type=int, default=2)
    args = parser.parse_args()
    from tarjotin import search

    if not search.voikko_available():
        print("Voikko is not installed here: the voikko variant is Snowball in disguise.")
    all_rows = {}
    with tempfile.TemporaryDirectory(prefix="tarjotin-analyzers-") as folder:
        for kind in args.sizes.split(","):
            rows = compare(kind, Path(folder), args.procs)
            label = "demo region" if kind == "demo" else f"{kind} generated activities"
            print(f"\n{label}")
            if kind == "demo":
                print(
                    f"  {'analyzer':16} {'quality set':>11} {'mean matches':>12} "
                    f"{'build wall':>10} {'build CPU':>9} {'index':>8}"
                )
                for row in rows:
                    result = row["quality"]
                    print(
                        f"  {row['variant']:16} {result['passed']:>5} / {result['queries']:<3}"
                        f" {result['mean_matches']:>12} {row['build_s']:9.1f}s "
                        f"{row['build_cpu_s']:8.1f}s {row['bytes'] / 1e6:6.1f}MB"
                    )
                for row in rows:
                    failures = row["quality"]["failures"]
                    print(f"\n  {row['variant']} fails {len(failures)}:")
                    for lang, text, found in failures:
                        print(f"    {text!r} ({lang}) → {', '.join(found) or 'nothing'}")
            else:
                print(
                    f"  {'analyzer':16} {'build wall':>10} {'build CPU':>9} {'index':>8} "
                    f"{'search wall p50/p95':>20} {'CPU p50/p95':>16}"
                )
                for row in rows:
                    timing = row["latency"]
                    wall = f"{timing['p50_ms']:.1f} / {timing['p95_ms']:.1f} ms"
                    cpu = f"{timing['cpu_p50_ms']:.1f} / {timing['cpu_p95_ms']:.1f} ms"
                    print(
                        f"  {row['variant']:16} {row['build_s']:9.1f}s {row['build_cpu_s']:8.1f}s "
                        f"{row['bytes'] / 1e6:6.1f}MB {wall:>20} {cpu:>16}"
                    )
            all_rows[kind] = rows
    OUT.mkdir(exist_ok=True)
    (OUT / "analyzers.json").write_text(json.dumps(all_rows, indent=2, ensure_ascii=False))
    print(f"\nfigures written to {OUT / 'analyzers.json'}")


if __name__ == "__main__":
    main()
