"""Database settings that differ by engine: SQLite gets WAL, foreign keys and a busy timeout."""

from sqlalchemy import event
from sqlalchemy.engine import Engine


def configure(app):
    """Tune the engine of ``app`` once it exists."""
    from tarjotin.extensions import db

    with app.app_context():
        engine = db.engine
        if engine.dialect.name == "sqlite":
            event.listen(engine, "connect", _sqlite_on_connect)


def _sqlite_on_connect(dbapi_connection, _record):
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


__all__ = ["Engine", "configure"]
