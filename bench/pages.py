"""Time the public pages on generated regions of 1k and 10k activities (SQLite).

    .venv/bin/python -m bench.pages [--sizes 1000,10000] [--requests 200]

Each page is requested through the WSGI app in process (no network), so the figures are
the app's own time: routing, queries, templates. It prints p50 and p95 per page.
"""

import argparse
import random
import statistics
import tempfile
import time
from pathlib import Path

from flask_migrate import upgrade

from bench.generate import generate_region
from tarjotin import create_app
from tarjotin.catalogue import seeding
from tarjotin.extensions import db


def build(size, folder):
    url = f"sqlite:///{folder / f'region-{size}.sqlite'}"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "TESTING": False})
    with app.app_context():
        upgrade()
        seeding.seed(db.session, demo=False)
        started = time.perf_counter()
        generate_region(db.session, size)
        db.session.commit()
        print(f"  generated {size} activities in {time.perf_counter() - started:.1f} s")
    return app


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def measure(app, requests):
    client = app.test_client()
    with app.app_context():
        ids = [row[0] for row in db.session.execute(db.text("SELECT id FROM activity")).all()]
        areas = [r[0] for r in db.session.execute(db.text("SELECT code FROM area")).all()]
    rng = random.Random(7)
    pages = {
        "home": lambda: "/fi/",
        "list": lambda: "/fi/activities",
        "list, 2 filters": lambda: f"/fi/activities?step={rng.randint(1, 5)}&free=1",
        "list, 4 filters, page 2": lambda: (
            f"/sv/activities?area={rng.choice(areas)}&weekday=2&daytime=morning&step=2&page=2"
        ),
        "activity": lambda: f"/fi/activities/{rng.choice(ids)}",
        "organisations": lambda: "/en/organisations",
    }
    rows = []
    for name, make_path in pages.items():
        client.get(make_path())  # warm the caches and templates
        timings = []
        statuses = set()
        for _ in range(requests):
            path = make_path()
            started = time.perf_counter()
            response = client.get(path)
            timings.append((time.perf_counter() - started) * 1000)
            statuses.add(response.status_code)
        rows.append((name, statistics.median(timings), percentile(timings, 0.95), sorted(statuses)))
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        for size in [int(s) for s in args.sizes.split(",")]:
            print(f"region of {size} activities")
            app = build(size, Path(folder))
            print(f"  {'page':28} {'p50 ms':>8} {'p95 ms':>8}  statuses")
            for name, p50, p95, statuses in measure(app, args.requests):
                print(f"  {name:28} {p50:8.1f} {p95:8.1f}  {statuses}")


if __name__ == "__main__":
    main()
