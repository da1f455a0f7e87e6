"""Configuration read from TARJOTIN_* environment variables.

Every setting has a safe default for a local run; README.md lists them all.
"""

import os
import secrets
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ("fi", "sv", "en")


def env(name, default=None):
    """Return the TARJOTIN_-prefixed environment variable ``name`` or ``default``."""
    return os.environ.get(f"TARJOTIN_{name}", default)


def load_secret_key(instance_path):
    """Return the secret key from the environment, or from the instance folder.

    A missing key file is generated once with 256 random bits and kept, so sessions
    survive restarts without a secret ever being committed.
    """
    from_env = env("SECRET_KEY")
    if from_env:
        return from_env
    path = Path(instance_path) / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(32))
    return path.read_text().strip()


class Config:
    """Settings for running the site."""

    DEBUG = False
    TESTING = False
    SQLALCHEMY_DATABASE_URI = None  # filled by the factory: env or the instance folder
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    BABEL_DEFAULT_LOCALE = "fi"
    BABEL_DEFAULT_TIMEZONE = "Europe/Helsinki"
    BABEL_TRANSLATION_DIRECTORIES = str(ROOT / "translations")
    LANGUAGES = LANGUAGES
    TIMEZONE = "Europe/Helsinki"
    PER_PAGE = 20
    # Where residents send accessibility feedback; shown on the accessibility statement.
    CONTACT_EMAIL = env("CONTACT_EMAIL", "palvelutarjotin@example.fi")
    STALE_AFTER_DAYS = 183
    # The search index: None is <instance>/search-index. The processes of one server share
    # it; each server keeps its own, caught up from the database's change log.
    SEARCH_INDEX_DIR = None
    # Seconds between a process's looks at the change log; 0 turns the thread off (a
    # search still applies waiting changes first when no other process is writing).
    SEARCH_CATCH_UP_INTERVAL = 0.5
    # Finnish analysis of a build: auto (Voikko when installed, else Snowball), voikko, snowball.
    SEARCH_FINNISH = "auto"
    # Give every app a new index folder in the instance folder (the tests' isolation).
    SEARCH_INDEX_PER_APP = False
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = True
    WTF_CSRF_TIME_LIMIT = None
    MAX_CONTENT_LENGTH = 2 * 1024 * 1024

    @classmethod
    def from_environment(cls):
        """Return a dict of settings overridden by the environment."""
        settings = {}
        if url := env("DATABASE_URL"):
            settings["SQLALCHEMY_DATABASE_URI"] = url
        if env("DEVELOPMENT") == "1":
            settings["SESSION_COOKIE_SECURE"] = False
            settings["DEBUG"] = False
        if per_page := env("PER_PAGE"):
            settings["PER_PAGE"] = int(per_page)
        if index_dir := env("SEARCH_INDEX_DIR"):
            settings["SEARCH_INDEX_DIR"] = index_dir
        if interval := env("SEARCH_CATCH_UP_INTERVAL"):
            settings["SEARCH_CATCH_UP_INTERVAL"] = float(interval)
        if finnish := env("SEARCH_FINNISH"):
            settings["SEARCH_FINNISH"] = finnish
        return settings


class TestConfig(Config):
    """Settings for the test suite: the database URL is given by the fixture."""

    TESTING = True
    SESSION_COOKIE_SECURE = False
    WTF_CSRF_ENABLED = False
    SECRET_KEY = "test-only-not-secret"  # noqa: S105
    SEARCH_INDEX_PER_APP = True
    SEARCH_CATCH_UP_INTERVAL = 0  # no threads: a search catches up first
