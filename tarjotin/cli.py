"""Command-line commands: ``flask seed`` and friends."""

import click
from flask.cli import with_appcontext


def init_app(app):
    app.cli.add_command(seed_command)
    app.cli.add_command(index_group)
    app.cli.add_command(opendata_group)


@click.command("seed")
@click.option("--demo/--no-demo", default=True, help="Also add the demo region's activities.")
@click.option("--if-empty", is_flag=True, help="Do nothing when the database has activities.")
@with_appcontext
def seed_command(demo, if_empty):
    """Add the step model, vocabularies and (by default) the demo region. Safe to repeat."""
    from tarjotin.catalogue import seeding
    from tarjotin.extensions import db

    if if_empty and not seeding.is_empty(db.session):
        click.echo("The database already has data; nothing seeded.")
        return
    report = seeding.seed(db.session, demo=demo)
    db.session.commit()
    click.echo(report.summary())


@click.group("index")
def index_group():
    """Build and inspect the search index."""


@index_group.command("rebuild")
@click.option("--if-missing", is_flag=True, help="Do nothing when the index exists.")
@click.option(
    "--finnish",
    type=click.Choice(["auto", "voikko", "snowball"]),
    default=None,
    help="Finnish analysis (default: the SEARCH_FINNISH setting).",
)
@click.option("--procs", type=click.IntRange(1, 64), default=1, help="Indexing processes.")
@with_appcontext
def index_rebuild_command(if_missing, finnish, procs):
    """Build a new index from the database aside and swap it in; searches go on meanwhile."""
    from flask import current_app

    from tarjotin import search
    from tarjotin.extensions import db
    from tarjotin.timeutil import region_today

    index = search.index_for(current_app)
    if if_missing and index.exists():
        click.echo(f"The search index in {index.folder} exists; nothing built.")
        return
    finnish = finnish or current_app.config["SEARCH_FINNISH"]
    report = index.rebuild(db.session, today=region_today(), finnish=finnish, procs=procs)
    click.echo(report.summary())


@index_group.command("catch-up")
@with_appcontext
def index_catch_up_command():
    """Apply the database's changes that the index has not applied yet, waiting for the lock."""
    from flask import current_app

    from tarjotin import search
    from tarjotin.extensions import db

    applied = search.index_for(current_app).catch_up(db.session, wait=True)
    if applied is None:
        raise click.ClickException("There is no search index; run `flask index rebuild`.")
    click.echo(f"Applied {applied} changes.")


@click.group("opendata")
def opendata_group():
    """Export and import the tray as HSDS 3.0 open data."""


@opendata_group.command("export")
@click.option(
    "--format",
    "form",
    type=click.Choice(["json", "csv", "services"]),
    default="json",
    help="json: HSDS tabular JSON; csv: the zipped CSV package; services: full services.",
)
@click.option("--output", "-o", default="-", help="The file to write; - is standard output.")
@with_appcontext
def opendata_export_command(form, output):
    """Write the tray public today as HSDS 3.0."""
    from pathlib import Path

    from tarjotin.extensions import db
    from tarjotin.opendata import formats, hsds_export
    from tarjotin.timeutil import region_today

    today = region_today()
    if form == "services":
        body = formats.to_json(hsds_export.export_services(db.session, today))
    else:
        export = hsds_export.export_csv if form == "csv" else hsds_export.export_json
        body = export(db.session, today)
    if output == "-":
        click.echo(body, nl=False)
    else:
        Path(output).write_bytes(body)
        click.echo(f"Wrote {len(body)} bytes of HSDS {form} to {output}.", err=True)


@opendata_group.command("import")
@click.argument("path", type=click.Path(exists=True))
@click.option("--dry-run", is_flag=True, help="Check and report, but keep nothing.")
@click.option("--verbose", "-v", is_flag=True, help="List every record created or updated.")
@with_appcontext
def opendata_import_command(path, dry_run, verbose):
    """Import an HSDS 3.0 file (.json), CSV package (.zip) or folder; all or nothing."""
    from tarjotin.extensions import db
    from tarjotin.opendata import hsds_import

    try:
        report = hsds_import.import_path(db.session, path)
    except Exception:
        db.session.rollback()
        raise
    if report.accepted and not dry_run:
        db.session.commit()
    else:
        db.session.rollback()
    click.echo(report.summary(verbose=verbose))
    if dry_run and report.accepted:
        click.echo("Dry run: nothing was kept.")
    if not report.accepted:
        raise click.exceptions.Exit(1)
