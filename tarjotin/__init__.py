"""tarjotin: a region's service tray."""

from pathlib import Path

from flask import Flask

from tarjotin.config import ROOT, Config, load_secret_key


def create_app(config=None):
    """Create the application; ``config`` is a Config class or a dict of overrides."""
    app = Flask(
        __name__,
        instance_path=str(_instance_path()),
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    base = config if isinstance(config, type) else Config
    app.config.from_object(base)
    if base is Config:
        app.config.update(Config.from_environment())
    if isinstance(config, dict):
        app.config.update(config)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = load_secret_key(app.instance_path)
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        app.config["SQLALCHEMY_DATABASE_URI"] = (
            f"sqlite:///{Path(app.instance_path) / 'tarjotin.sqlite'}"
        )

    from tarjotin import cli, database, i18n, search, security, web
    from tarjotin.extensions import csrf, db, migrate

    db.init_app(app)
    database.configure(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    i18n.init_app(app)
    security.init_app(app)
    search.init_app(app)
    web.init_app(app)
    cli.init_app(app)
    return app


def _instance_path():
    import os

    return Path(os.environ.get("TARJOTIN_INSTANCE_PATH") or ROOT / "instance").resolve()
