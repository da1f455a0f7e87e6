"""Fixtures: every test that takes ``app`` runs once on SQLite and once on PostgreSQL."""

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from sqlalchemy import text

from tarjotin import create_app
from tarjotin.config import TestConfig
from tarjotin.extensions import db
from tests import pg

BACKENDS = [
    name.strip()
    for name in os.environ.get("TARJOTIN_TEST_BACKENDS", "sqlite,postgresql").split(",")
    if name.strip()
]


class Backend:
    """One database engine for the session: an empty migrated database and a demo one."""

    def __init__(self, name, folder, cluster=None):
        self.name = name
        self.folder = folder
        self.cluster = cluster
        self._demo_url = None
        self.empty_url = self.new_database("tarjotin_test")
        migrate_to_head(self.empty_url)

    def new_database(self, name):
        """Create a new empty database and return its URL."""
        if self.cluster:
            return self.cluster.create_database(name)
        path = self.folder / f"{name}.sqlite"
        path.unlink(missing_ok=True)
        return f"sqlite:///{path}"

    @property
    def demo_url(self):
        """A database seeded once with the demo region; tests must only read it."""
        if self._demo_url is None:
            url = self.new_database("tarjotin_demo")
            migrate_to_head(url)
            app = make_app(url)
            with app.app_context():
                from tarjotin.catalogue import seeding

                seeding.seed(db.session, demo=True)
                db.session.commit()
                db.engine.dispose()
            self._demo_url = url
        return self._demo_url


def make_app(url, **overrides):
    """Create an app for tests on the database at ``url``."""
    return _configured_app(url, overrides)


def _configured_app(url, overrides):
    class Config(TestConfig):
        SQLALCHEMY_DATABASE_URI = url

    for key, value in overrides.items():
        setattr(Config, key, value)
    return create_app(Config)


def migrate_to_head(url):
    """Run every migration on the database at ``url``."""
    from flask_migrate import upgrade

    app = make_app(url)
    with app.app_context():
        upgrade()
        db.engine.dispose()


@pytest.fixture(scope="session")
def test_folder():
    """A temporary folder for the whole run: instance folder and SQLite files."""
    folder = Path(tempfile.mkdtemp(prefix="tarjotin-tests-"))
    os.environ["TARJOTIN_INSTANCE_PATH"] = str(folder / "instance")
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def pg_cluster(test_folder):
    """The throwaway PostgreSQL cluster, started once for the run."""
    cluster = pg.Cluster().start()
    yield cluster
    cluster.stop()


@pytest.fixture(scope="session", params=BACKENDS)
def backend(request, test_folder):
    """The database engine under test: ``sqlite`` or ``postgresql``."""
    cluster = request.getfixturevalue("pg_cluster") if request.param == "postgresql" else None
    return Backend(request.param, test_folder, cluster)


@pytest.fixture
def app(backend):
    """An app on an empty, migrated database, emptied again after the test."""
    app = make_app(backend.empty_url)
    with app.app_context():
        yield app
        db.session.rollback()
        empty_all_tables()
        db.engine.dispose()


def empty_all_tables():
    """Delete every row, children first, so the next test starts clean."""
    tables = list(reversed(db.metadata.sorted_tables))
    if db.engine.dialect.name == "postgresql":
        names = ", ".join(f'"{t.name}"' for t in tables)
        db.session.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    else:
        for table in tables:
            db.session.execute(table.delete())
    db.session.commit()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture(scope="session")
def demo_app(backend):
    """An app on the seeded demo region. Read-only: tests must not change it."""
    app = make_app(backend.demo_url)
    with app.app_context():
        yield app
        db.session.rollback()
        db.engine.dispose()


@pytest.fixture
def demo_client(demo_app):
    return demo_app.test_client()
