"""`tracker export` and `tracker import`: files, the open-data package (Frictionless), errors."""

import csv
import json
import subprocess

import pytest
from frictionless import Package, validate
from sqlmodel import select

from tests import public_steps
from tests.test_cli_console import SCRIPT
from tracker.exports.columns import EXPERIMENTS, RESOURCES
from tracker.models import Experiment


@pytest.fixture
def landscape(session, world):
    return public_steps.build(session, world)


def test_the_datapackage_is_valid_and_holds_only_what_is_public(runner, landscape, tmp_path):
    target = tmp_path / "new" / "opendata"
    result = runner.invoke(args=["export", "--format", "datapackage", str(target)])
    assert result.exit_code == 0, result.output
    report = validate(str(target / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    descriptor = json.loads((target / "datapackage.json").read_text())
    assert descriptor["licenses"][0]["name"] == "etalab-2.0"
    assert [r["name"] for r in descriptor["resources"]] == list(RESOURCES)
    package = Package(str(target / "datapackage.json"))
    experiments = package.get_resource("experiments").read_rows()
    assert {row["id"] for row in experiments} == {landscape.piloted.id, landscape.stopped.id}
    assert "owner_email" not in experiments[0] and "team" not in experiments[0]
    lessons = package.get_resource("lessons").read_rows()
    assert [row["id"] for row in lessons] == [landscape.public_lesson.id]
    for path in target.iterdir():
        assert public_steps.SECRET not in path.read_text(encoding="utf-8"), path.name


def test_csv_export_of_an_account_then_import_round_trips(
    runner, session, world, landscape, tmp_path
):
    target = tmp_path / "experiments.csv"
    result = runner.invoke(
        args=[
            "export",
            "--format",
            "csv",
            "--what",
            "experiments",
            "--email",
            world.admin_a.email,
            str(target),
        ]
    )
    assert result.exit_code == 0, result.output
    assert result.output.strip() == f"wrote 3 experiments to {target}"
    text = target.read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(text.splitlines(), delimiter=";"))
    assert list(rows[0]) == EXPERIMENTS.names()
    rows[0]["title"] = "Titre importé"
    with target.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=EXPERIMENTS.names(), delimiter=";")
        writer.writeheader()
        writer.writerows(rows)
    result = runner.invoke(args=["import", "--email", world.admin_a.email, str(target)])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "imported: 0 created, 1 updated"
    session.expire_all()
    assert session.get(Experiment, int(rows[0]["id"])).title == "Titre importé"


def test_json_export_without_account_is_public_only(runner, landscape, tmp_path):
    target = tmp_path / "lessons.json"
    result = runner.invoke(args=["export", "--format", "json", "--what", "lessons", str(target)])
    assert result.exit_code == 0, result.output
    items = json.loads(target.read_text(encoding="utf-8"))
    assert [item["id"] for item in items] == [landscape.public_lesson.id]


def test_a_bad_import_is_refused_in_one_line_and_changes_nothing(runner, session, world, tmp_path):
    source = tmp_path / "bad.csv"
    source.write_text("title;planned_start\nA;demain\n", encoding="utf-8")
    result = runner.invoke(args=["import", "--email", world.admin_a.email, str(source)])
    assert result.exit_code == 1
    assert result.output.strip() == (
        "Error: nothing imported: line 2, column planned_start: Expected a date as YYYY-MM-DD."
    )
    assert session.exec(select(Experiment)).all() == []


@pytest.fixture
def env(database_url, tmp_path):
    import os

    return {
        **os.environ,
        "TRACKER_DATABASE_URL": database_url,
        "TRACKER_SECRET_KEY": "console-test",
        "TRACKER_COOKIE_SECURE": "false",
    }


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (
            ["export", "--format", "csv", "OUT"],
            "Error: --what is required with --format csv or json",
        ),
        (
            ["export", "--format", "xml", "--what", "experiments", "OUT"],
            "Error: Invalid value for '--format': 'xml' is not one of 'csv', 'json', "
            "'datapackage'. (see `tracker export --help`)",
        ),
        (
            ["export", "--format", "csv", "--what", "experiments", "--email", "x@y.example", "OUT"],
            "Error: no active account with the email x@y.example",
        ),
        (
            ["import", "--email", "admin@a.example", "MISSING"],
            "Error: Invalid value for 'SOURCE': File 'MISSING' does not exist. "
            "(see `tracker import --help`)",
        ),
    ],
)
def test_the_console_script_reports_one_line(app, env, tmp_path, args, expected):
    out = str(tmp_path / "out.csv")
    missing = str(tmp_path / "missing.csv")
    argv = [out if a == "OUT" else missing if a == "MISSING" else a for a in args]
    expected = expected.replace("'MISSING'", f"'{missing}'")
    result = subprocess.run(
        [str(SCRIPT), *argv], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode in (1, 2)
    assert result.stderr.strip() == expected
