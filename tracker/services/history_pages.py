"""The timeline and the journal of an experiment, one keyset page at a time (oldest first).

Visibility is the experiment's (`experiments.get`: 404 when the actor may not see it).
"""

from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import func
from sqlmodel import Session, col, select

from tracker.models import Event, JournalEntry, User
from tracker.models.base import pk
from tracker.services import cursors
from tracker.services.experiments import get

PAGE = 100
PAGE_MAX = 500

Row = TypeVar("Row", Event, JournalEntry)


@dataclass
class HistoryPage(Generic[Row]):
    """One page, the cursor of the next one, and how many rows there are in all."""

    items: list[Row]
    next_cursor: str | None
    total: int


def _page(
    session: Session, model: Any, experiment_id: int, limit: int, cursor: str | None
) -> HistoryPage[Any]:
    mine = model.experiment_id == experiment_id
    total = session.exec(select(func.count()).select_from(model).where(mine)).one()
    statement = select(model).where(mine)
    if cursor:
        (last_id,) = cursors.decode(cursor, int)
        statement = statement.where(col(model.id) > last_id)
    limit = max(1, min(limit, PAGE_MAX))
    rows = list(session.exec(statement.order_by(col(model.id)).limit(limit + 1)).all())
    items = rows[:limit]
    more = len(rows) > limit
    return HistoryPage(
        items=items, next_cursor=cursors.encode(items[-1].id) if more else None, total=total
    )


def events(
    *, session: Session, actor: User, experiment_id: int, limit: int = PAGE, cursor: str | None
) -> HistoryPage[Event]:
    """One page of the timeline, oldest first."""
    experiment = get(session=session, actor=actor, experiment_id=experiment_id)
    return _page(session, Event, pk(experiment), limit, cursor)


def journal(
    *, session: Session, actor: User, experiment_id: int, limit: int = PAGE, cursor: str | None
) -> HistoryPage[JournalEntry]:
    """One page of the journal, oldest first."""
    experiment = get(session=session, actor=actor, experiment_id=experiment_id)
    return _page(session, JournalEntry, pk(experiment), limit, cursor)
