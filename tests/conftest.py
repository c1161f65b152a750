"""Fixtures: every database test runs on SQLite and, when TRACKER_TEST_DATABASE_URL is set,
on PostgreSQL too. An unreachable PostgreSQL fails the run; it never skips."""

import os
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import create_engine, event, make_url, text
from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel

from tests import factories
from tests.delete_guard import DeleteGuard
from tracker import create_app
from tracker.db import get_engine
from tracker.migrate import upgrade
from tracker.services import passwords

POSTGRES_URL = os.environ.get("TRACKER_TEST_DATABASE_URL", "")
BACKENDS = ["sqlite"] + (["postgresql"] if POSTGRES_URL else [])
NOW = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)


@pytest.fixture(scope="session", autouse=True)
def _cheap_password_hashing() -> Iterator[None]:
    """Real argon2, at the lowest cost: the suite hashes thousands of passwords.

    Production keeps argon2-cffi's recommended parameters (tracker.services.passwords).
    """
    strong = passwords._hasher
    passwords._hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    yield
    passwords._hasher = strong


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database migrated once; each test gets a copy."""
    path = tmp_path_factory.mktemp("template") / "template.db"
    upgrade(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A PostgreSQL database of this run's own, migrated from empty, dropped at the end.

    Its own database lets several test runs share one server without truncating each other.
    """
    if not POSTGRES_URL:
        pytest.fail("TRACKER_TEST_DATABASE_URL is not set")
    server = make_url(POSTGRES_URL)
    name = f"tracker_test_{os.getpid()}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as error:  # a configured server that cannot be reached is a failure
        admin.dispose()
        pytest.fail(f"PostgreSQL at TRACKER_TEST_DATABASE_URL is unreachable: {error}")
    url = server.set(database=name).render_as_string(hide_password=False)
    upgrade(url)
    yield url
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _truncate_postgres(url: str) -> None:
    engine = create_engine(url)
    tables = ", ".join(f'"{t.name}"' for t in SQLModel.metadata.sorted_tables)
    with engine.begin() as connection:
        connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    engine.dispose()


@pytest.fixture(autouse=True)
def delete_guard() -> Iterator[DeleteGuard]:
    """Nothing is buried: a DELETE on a kept table, from any engine, fails the test."""
    guard = DeleteGuard()
    event.listen(Engine, "before_cursor_execute", guard.before_cursor_execute)
    yield guard
    event.remove(Engine, "before_cursor_execute", guard.before_cursor_execute)
    if guard.caught:
        pytest.fail(f"DELETE issued on kept tables: {sorted(set(guard.caught))}")


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, migrated database for one test, on each configured backend."""
    if request.param == "sqlite":
        path = tmp_path / "tracker.db"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        return f"sqlite:///{path}"
    url = request.getfixturevalue("postgres_url")
    _truncate_postgres(url)
    return url


@pytest.fixture
def app(database_url: str, tmp_path: Path) -> Iterator[Flask]:
    """The application on a fresh database, with plain-http cookies."""
    application = create_app(
        {
            "DATABASE_URL": database_url,
            "SECRET_KEY": "test-secret",
            "COOKIE_SECURE": False,
            "TESTING": True,
        }
    )
    application.instance_path = str(tmp_path / "instance")
    yield application
    get_engine(application).dispose()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    return app.test_cli_runner()


@pytest.fixture
def session(app: Flask) -> Iterator[Session]:
    """A session on the test database, for services and assertions.

    No app context stays pushed: requests made by the test client would reuse it, and its `g`
    (the signed-in user, the request session) would leak from one request into the next.
    """
    with Session(get_engine(app), expire_on_commit=False) as db_session:
        yield db_session


@pytest.fixture
def world(session: Session) -> factories.World:
    """Two organisations, each with an agent, a second agent, a reviewer and an admin."""
    return factories.build_world(session, NOW)
