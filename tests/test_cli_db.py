"""`tracker db`: upgrade a fresh database, report the revision, downgrade with consent."""

from pathlib import Path

from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from tracker import create_app
from tracker.db import get_engine
from tracker.migrate import alembic_config

HEAD = ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()


def tables(app) -> set[str]:
    return set(inspect(get_engine(app)).get_table_names()) - {"alembic_version"}


def test_upgrade_migrates_a_fresh_database(tmp_path: Path):
    app = create_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'fresh.db'}", "SECRET_KEY": "t"})
    runner = app.test_cli_runner()
    try:
        before = runner.invoke(args=["db", "current"])
        assert before.exit_code == 0 and "empty" in before.stdout
        result = runner.invoke(args=["db", "upgrade"])
        assert result.exit_code == 0, result.output
        assert result.stdout.strip() == f"Database at {HEAD} (head)"
        assert {"experiments", "events", "journal_entries", "users"} <= tables(app)
        assert runner.invoke(args=["db", "current"]).stdout.strip() == f"{HEAD} (head)"
    finally:
        get_engine(app).dispose()


def test_downgrade_to_base_and_upgrade_again(runner, app):
    try:
        down = runner.invoke(args=["db", "downgrade", "base", "--yes"])
        assert down.exit_code == 0, down.output
        assert tables(app) == set()
        assert "empty" in runner.invoke(args=["db", "current"]).stdout
    finally:
        up = runner.invoke(args=["db", "upgrade"])
    assert up.exit_code == 0, up.output
    assert "experiments" in tables(app)


def test_downgrade_asks_first_and_no_keeps_the_schema(runner, app):
    result = runner.invoke(args=["db", "downgrade", "base"], input="n\n")
    assert result.exit_code == 1
    assert "can drop tables" in result.stdout
    assert "experiments" in tables(app)


def test_unknown_revision_is_a_one_line_error(runner):
    result = runner.invoke(args=["db", "downgrade", "nope", "--yes"])
    assert result.exit_code == 1
    assert result.stderr.strip() == "Error: Can't locate revision identified by 'nope'"


def test_commands_on_an_unmigrated_database_explain_themselves(tmp_path: Path):
    app = create_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'empty.db'}", "SECRET_KEY": "t"})
    try:
        result = app.test_cli_runner().invoke(args=["tokens", "create", "--email", "a@b.example"])
    finally:
        get_engine(app).dispose()
    assert result.exit_code == 1
    [line] = result.stderr.strip().splitlines()
    assert "no such table" in line and "tracker db upgrade" in line
