"""The HSDS downloads at /opendata and the ``flask opendata`` commands."""

import io
import json
import zipfile

import pytest
from sqlalchemy import select

from tarjotin.extensions import db
from tarjotin.models import Activity
from tarjotin.opendata import hsds
from tarjotin.timeutil import region_today
from tests.factories import make_activity
from tests.opendata.hsds_support import EXAMPLES, row_counts, tray_dump

# --- URLs ----------------------------------------------------------------------------------


def test_the_tabular_json_download_is_valid_hsds(demo_client):
    response = demo_client.get("/opendata/hsds.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="tarjotin-hsds-{region_today()}.json"'
    )
    tables = response.get_json()
    assert hsds.tabular_errors(tables) == ([], 0)
    assert len(tables["service"]) > 90


def test_the_full_services_download_is_a_valid_hsds_api_page(demo_client):
    response = demo_client.get("/opendata/hsds-services.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    page = response.get_json()
    assert hsds.services_page_errors(page) == ([], 0)
    assert page["total_items"] == len(page["contents"]) > 90


def test_the_csv_package_download_is_a_zip_of_the_tables(demo_client):
    response = demo_client.get("/opendata/hsds.zip")
    assert response.status_code == 200
    assert response.mimetype == "application/zip"
    assert response.headers["Content-Disposition"].endswith(f'{region_today()}.zip"')
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    assert "services.csv" in archive.namelist()
    assert json.loads(archive.read("datapackage.json"))["profile"] == "tabular-data-package"


@pytest.mark.parametrize("path", ["/opendata/hsds.json", "/opendata/hsds.zip"])
def test_a_download_answers_not_modified_to_its_own_etag(demo_client, path):
    first = demo_client.get(path)
    assert first.headers["ETag"]
    assert first.headers["Cache-Control"] == "public, max-age=600"
    again = demo_client.get(path, headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
    assert again.data == b""


def test_the_downloads_follow_the_tray(client):
    assert client.get("/opendata/hsds.json").get_json()["service"] == []
    etag = client.get("/opendata/hsds.json").headers["ETag"]
    make_activity(name_fi="Uusi")
    db.session.commit()
    response = client.get("/opendata/hsds.json", headers={"If-None-Match": etag})
    assert response.status_code == 200
    assert [row["name"] for row in response.get_json()["service"]] == ["Uusi"]


# --- Commands ------------------------------------------------------------------------------


@pytest.mark.parametrize("form", ["json", "csv", "services"])
def test_the_export_command_writes_each_form(app, runner, tmp_path, form):
    make_activity(name_fi="Komennolla")
    db.session.commit()
    path = tmp_path / "out"
    result = runner.invoke(args=["opendata", "export", "--format", form, "--output", str(path)])
    assert result.exit_code == 0, result.output
    assert f"of HSDS {form} to {path}" in result.output
    body = path.read_bytes()
    if form == "csv":
        assert "services.csv" in zipfile.ZipFile(io.BytesIO(body)).namelist()
    elif form == "services":
        assert json.loads(body)["contents"][0]["name"] == "Komennolla"
    else:
        assert json.loads(body)["service"][0]["name"] == "Komennolla"


def test_the_export_command_writes_to_standard_output_by_default(app, runner):
    result = runner.invoke(args=["opendata", "export"])
    assert result.exit_code == 0
    assert set(json.loads(result.stdout_bytes)) == set(hsds.tables())


def test_the_import_command_commits_and_prints_the_report(app, runner, tmp_path):
    make_activity(name_fi="Viety")
    db.session.commit()
    exported = runner.invoke(args=["opendata", "export", "-o", str(tmp_path / "a.json")])
    assert exported.exit_code == 0
    db.session.execute(db.delete(Activity))
    db.session.commit()
    result = runner.invoke(args=["opendata", "import", str(tmp_path / "a.json")])
    assert result.exit_code == 0, result.output
    assert "activity: 1 created, 0 updated, 0 unchanged, 0 refused" in result.output
    db.session.expire_all()
    assert db.session.scalars(select(Activity.name_fi)).all() == ["Viety"]
    again = runner.invoke(args=["opendata", "import", str(tmp_path / "a.json"), "--verbose"])
    assert "activity: 0 created, 0 updated, 1 unchanged, 0 refused" in again.output


def test_the_import_command_lists_the_review_queue(app, runner):
    result = runner.invoke(args=["opendata", "import", str(EXAMPLES / "tabular.json")])
    assert result.exit_code == 0, result.output
    assert "1 activity waits in the review queue (not public)." in result.output
    assert "'Community Counselling'; in review: " in result.output
    assert "its location was refused: no area of the tray matches" in result.output
    assert "note: location.external_identifier: 1 × number read as text" in result.output


def test_a_refused_file_exits_with_an_error_and_keeps_nothing(app, runner, tmp_path):
    path = tmp_path / "bad.json"
    tables = json.loads((EXAMPLES / "tabular.json").read_text())
    tables["services.csv"][0]["organization_id"] = "00000000-0000-4000-8000-000000000000"
    path.write_text(json.dumps(tables))
    before = row_counts()
    result = runner.invoke(args=["opendata", "import", str(path)])
    assert result.exit_code == 1
    assert "REFUSED: nothing was imported." in result.output
    assert "names no organization in the file" in result.output
    assert row_counts() == before


def test_a_dry_run_reports_and_keeps_nothing(app, runner):
    before = row_counts()
    result = runner.invoke(args=["opendata", "import", "--dry-run", str(EXAMPLES / "csv")])
    assert result.exit_code == 0, result.output
    assert "activity: 1 created" in result.output
    assert "Dry run: nothing was kept." in result.output
    assert row_counts() == before
    assert tray_dump(db.session, region_today())["activities"] == []
