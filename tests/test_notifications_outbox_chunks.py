"""A planner pass may enqueue thousands of emails at once: they go in, each exactly once."""

from sqlmodel import func, select

from tests.conftest import NOW
from tracker.models import OutboxMessage
from tracker.notifications import outbox


def test_thousands_of_items_are_enqueued_in_chunks_once_each(session, world):
    # 3,000 rows x 13 values would exceed SQLite's 32,766 bound values in one statement.
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
