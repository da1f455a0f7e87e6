"""Download the published tray as HSDS 3.0 open data."""

from flask import Blueprint, Response, request

from tarjotin.extensions import db
from tarjotin.opendata import formats, hsds_export
from tarjotin.timeutil import region_today

bp = Blueprint("opendata", __name__, url_prefix="/opendata")

# Shared caches may keep a download a little while; the ETag (a hash of the bytes) lets
# anyone check cheaply whether the tray has changed since.
CACHE_CONTROL = "public, max-age=600"


@bp.get("/hsds.json")
def hsds_json():
    today = region_today()
    body = hsds_export.export_json(db.session, today)
    return _download(body, "application/json", f"tarjotin-hsds-{today}.json")


@bp.get("/hsds-services.json")
def hsds_services():
    today = region_today()
    body = formats.to_json(hsds_export.export_services(db.session, today))
    return _download(body, "application/json", f"tarjotin-hsds-services-{today}.json")


@bp.get("/hsds.zip")
def hsds_zip():
    today = region_today()
    body = hsds_export.export_csv(db.session, today)
    return _download(body, "application/zip", f"tarjotin-hsds-{today}.zip")


def _download(body, mimetype, filename):
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = CACHE_CONTROL
    response.add_etag()
    return response.make_conditional(request)
