"""Command-line commands: ``flask seed`` and friends."""

import click
from flask.cli import with_appcontext


def init_app(app):
    app.cli.add_command(seed_command)


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
