"""A planner pass may enqueue thousands of emails at once: they go in, each exactly once."""

import sqlite3

from sqlmodel import func, select

from tests.conftest import NOW
from tracker.models import OutboxMessage
from tracker.notifications import outbox


def test_thousands_of_items_are_enqueued_in_chunks_once_each(session, world):
    raw = session.connection().connection.dbapi_connection
    if isinstance(raw, sqlite3.Connection):
        # SQLite's default build binds at most 32,766 values a statement (Debian's: 250,000).
        raw.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 32_766)
    # 3,000 rows of 13 values each: one INSERT for all of them would be refused.
    items = [
        outbox.item_for(world.agent_a, "stale", f"bulk:{number}", {"days": 30})
        for number in range(3_000)
    ]
    assert outbox.enqueue(session=session, items=items, now=NOW) == 3_000
    session.commit()
    # Enqueued again (the next pass): the dedup keys stop every copy, across chunks too.
    assert outbox.enqueue(session=session, items=items, now=NOW) == 0
    session.commit()
    stored = session.exec(select(func.count()).select_from(OutboxMessage)).one()
    assert stored == 3_000
