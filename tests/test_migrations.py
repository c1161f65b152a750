"""Migrations: one head, no drift between models and schema, a clean round trip.

Runs on SQLite and, when TRACKER_TEST_DATABASE_URL is set, on a scratch PostgreSQL database
of its own (the fixtures' database is never touched). A configured server that cannot be
reached fails the test.
"""

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect, make_url, text
from sqlalchemy.pool import NullPool

from tests.conftest import POSTGRES_URL
from tracker import migrate

BACKENDS = ["sqlite"] + (["postgresql"] if POSTGRES_URL else [])


def test_exactly_one_head():
    script = ScriptDirectory.from_config(migrate.alembic_config("sqlite://"))
    assert len(script.get_heads()) == 1


def test_every_revision_has_a_downgrade():
    script = ScriptDirectory.from_config(migrate.alembic_config("sqlite://"))
    for revision in script.walk_revisions():
        assert callable(getattr(revision.module, "downgrade", None)), revision.revision


@pytest.fixture
def scratch_postgres() -> Iterator[str]:
    """An empty PostgreSQL database named after this process, dropped at the end."""
    server = make_url(POSTGRES_URL)
    name = f"tracker_migrations_{os.getpid()}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    try:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as error:  # configured but unreachable is a failure, never a skip
        admin.dispose()
        pytest.fail(f"PostgreSQL at TRACKER_TEST_DATABASE_URL is unreachable: {error}")
    yield server.set(database=name).render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=BACKENDS)
def empty_database(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database on each configured backend."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'migrations.db'}"
    return request.getfixturevalue("scratch_postgres")


def _tables(url: str) -> set[str]:
    engine = create_engine(url, poolclass=NullPool)
    try:
        return set(inspect(engine).get_table_names()) - {"alembic_version"}
    finally:
        engine.dispose()


def test_upgrade_from_empty_leaves_no_drift(empty_database: str):
    migrate.upgrade(empty_database)
    assert "experiments" in _tables(empty_database)
    migrate.check(empty_database)  # raises when autogenerate would find a difference


def test_downgrade_to_base_and_up_again(empty_database: str):
    migrate.upgrade(empty_database)
    created = _tables(empty_database)
    migrate.downgrade(empty_database, "base")
    assert _tables(empty_database) == set()
    migrate.upgrade(empty_database)
    assert _tables(empty_database) == created
    migrate.check(empty_database)


def test_step_by_step_round_trip(empty_database: str):
    """Each revision upgrades and downgrades on its own, not only all at once."""
    script = ScriptDirectory.from_config(migrate.alembic_config(empty_database))
    revisions = [r.revision for r in reversed(list(script.walk_revisions()))]
    for revision in revisions:
        migrate.upgrade(empty_database, revision)
    for previous in reversed(["base", *revisions[:-1]]):
        migrate.downgrade(empty_database, previous)
    assert _tables(empty_database) == set()
