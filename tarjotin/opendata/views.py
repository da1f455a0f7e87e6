"""Download the published tray as HSDS 3.0 open data."""

from flask import Blueprint

bp = Blueprint("opendata", __name__, url_prefix="/opendata")
