"""The "nothing buried" guard itself: it sees a DELETE on a kept table, and only those."""

from sqlalchemy import text
from sqlmodel import SQLModel

import tracker.models  # noqa: F401  (every table registered)
from tests.conftest import NOW
from tests.delete_guard import KEPT_TABLES
from tests.factories import make_experiment


def test_the_kept_tables_exist():
    assert set(SQLModel.metadata.tables) >= KEPT_TABLES


def test_a_raw_delete_on_a_kept_table_is_caught(session, world, delete_guard):
    make_experiment(session, world.agent_a, NOW)
    session.execute(text("DELETE FROM events WHERE id < 0"))
    session.execute(text('delete from "journal_entries"'))
    caught = list(delete_guard.caught)
    # Clear what this test provoked on purpose, or the guard would fail it at teardown.
    delete_guard.caught.clear()
    assert caught == ["events", "journal_entries"]


def test_a_delete_elsewhere_is_not_caught(session, world, delete_guard):
    session.execute(text("DELETE FROM login_attempts WHERE id < 0"))
    assert delete_guard.caught == []
