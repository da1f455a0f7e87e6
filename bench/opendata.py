"""Time the HSDS 3.0 export and import on the demo region and generated regions (SQLite).

    .venv/bin/python -m bench.opendata [--sizes demo,10000]

For each region it prints the time and size of the three exports (tabular JSON, full
services, CSV package), the validation of the export against the official schema (records
and errors), and the import of the JSON and of the CSV package into an empty database,
then of the JSON once more (nothing left to change).
"""

import argparse
import os
import tempfile
import time
from pathlib import Path

from flask_migrate import upgrade

from bench.generate import generate_region
from tarjotin import create_app
from tarjotin.catalogue import seeding
from tarjotin.extensions import db
from tarjotin.opendata import formats, hsds, hsds_export, hsds_import
from tarjotin.timeutil import region_today


def make_app(folder, name):
    url = f"sqlite:///{folder / f'{name}.sqlite'}"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "TESTING": False})
    with app.app_context():
        upgrade()
    return app


def timed(function, *args, **kwargs):
    started = time.perf_counter()
    result = function(*args, **kwargs)
    return result, time.perf_counter() - started


def build(size, folder):
    app = make_app(folder, f"source-{size}")
    with app.app_context():
        if size == "demo":
            seeding.seed(db.session, demo=True)
        else:
            seeding.seed(db.session, demo=False)
            generate_region(db.session, int(size))
        db.session.commit()
    return app


def export(app, folder, size):
    today = region_today()
    with app.app_context():
        tables, seconds = timed(hsds_export.export_tables, db.session, today)
        body, json_seconds = timed(formats.to_json, tables)
        seconds += json_seconds
        print(f"  export, tabular JSON   {seconds:7.2f} s  {len(body) / 1e6:6.1f} MB")
        page, seconds = timed(hsds_export.export_services, db.session, today)
        services = formats.to_json(page)
        print(f"  export, full services  {seconds:7.2f} s  {len(services) / 1e6:6.1f} MB")
        package, seconds = timed(hsds_export.export_csv, db.session, today)
        print(f"  export, CSV package    {seconds:7.2f} s  {len(package) / 1e6:6.1f} MB (zip)")
    (errors, total), seconds = timed(hsds.tabular_errors, tables)
    records = sum(len(rows) for rows in tables.values())
    print(f"  validation             {seconds:7.2f} s  {records} records, {total} schema errors")
    (page_errors, page_total), seconds = timed(hsds.services_page_errors, page)
    print(
        f"  validation, services   {seconds:7.2f} s  {page['total_items']} services, "
        f"{page_total} schema errors"
    )
    json_path, zip_path = folder / f"{size}.json", folder / f"{size}.zip"
    json_path.write_bytes(body)
    zip_path.write_bytes(package)
    return json_path, zip_path


def run_import(app, path, label):
    with app.app_context():
        report, seconds = timed(hsds_import.import_path, db.session, path)
        _ignored, commit_seconds = timed(db.session.commit)
    counts = ", ".join(f"{report.count(action)} {action}" for action in ("created", "updated"))
    state = "accepted" if report.accepted else "REFUSED"
    print(f"  {label:22} {seconds + commit_seconds:7.2f} s  {state}: {counts}")


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="demo,10000", help="demo and/or activity counts")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        # Keep the instance folder (secret key, search index) out of the checkout.
        os.environ["TARJOTIN_INSTANCE_PATH"] = str(folder / "instance")
        for size in args.sizes.split(","):
            print(f"region: {size}")
            source = build(size, folder)
            json_path, zip_path = export(source, folder, size)
            target = make_app(folder, f"json-{size}")
            run_import(target, json_path, "import, JSON")
            run_import(target, json_path, "import again, JSON")
            run_import(make_app(folder, f"csv-{size}"), zip_path, "import, CSV package")


if __name__ == "__main__":
    main()
