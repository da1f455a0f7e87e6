"""The migrations build exactly the models, on SQLite and PostgreSQL, and can be undone."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask_migrate import downgrade, upgrade

from tarjotin.extensions import db
from tests.conftest import make_app


def test_models_match_the_migrated_schema(backend):
    app = make_app(backend.new_database("tarjotin_migrations"))
    with app.app_context():
        upgrade()
        with db.engine.connect() as connection:
            diff = compare_metadata(MigrationContext.configure(connection), db.metadata)
        db.engine.dispose()
    assert diff == []


def test_every_revision_downgrades_and_upgrades_again(backend):
    app = make_app(backend.new_database("tarjotin_migrations"))
    with app.app_context():
        script = ScriptDirectory.from_config(app.extensions["migrate"].migrate.get_config())
        revisions = [r.revision for r in script.walk_revisions()]  # newest first
        upgrade()
        for revision in revisions:
            downgrade(revision=f"{revision}-1" if revision != revisions[-1] else "base")
        assert db.inspect(db.engine).get_table_names() in ([], ["alembic_version"])
        upgrade()
        assert "activity" in db.inspect(db.engine).get_table_names()
        db.engine.dispose()
