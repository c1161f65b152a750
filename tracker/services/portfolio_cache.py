"""A cache of computed dashboards, invalidated by a fingerprint of what the figures read.

The figures scan the event log, which grows with the portfolio; the fingerprint is one query
of index lookups and small aggregates. Every change a figure can see moves it: state changes,
edits, board assignments and territory links write an event; gates opening and closing move
the newest gate id or the number of open gates; decisions, lessons and trainings are inserted;
commons lines carry a version; territories too (renames). The day is part of the key (overdue
gates). The cache belongs to one application (one process): each worker keeps its own.
"""

import threading
from collections import OrderedDict
from collections.abc import Callable
from datetime import date
from typing import Any

from sqlalchemy import func, literal_column
from sqlmodel import Session, col, select

from tracker.models import Event, Gate, GateDecision, Lesson, Training
from tracker.models.commons import CommonsContribution
from tracker.models.territory import ExperimentTerritory, Territory
from tracker.services.portfolio_rows import Dashboard
from tracker.services.portfolio_scope import Filters

MAX_ENTRIES = 64


def fingerprint(session: Session, today: date) -> tuple[Any, ...]:
    """What, if it changed, could change a figure (one query)."""
    parts = (
        select(func.max(Event.id)).scalar_subquery(),
        select(func.max(Gate.id)).scalar_subquery(),
        # 'open' written out, so that SQLite may count on the partial index of open gates.
        select(func.count(col(Gate.experiment_id)))
        .where(col(Gate.status) == literal_column("'open'"))
        .scalar_subquery(),
        select(func.max(GateDecision.id)).scalar_subquery(),
        select(func.max(Lesson.id)).scalar_subquery(),
        select(func.max(Training.id)).scalar_subquery(),
        select(func.count()).select_from(CommonsContribution).scalar_subquery(),
        select(func.coalesce(func.sum(CommonsContribution.version), 0)).scalar_subquery(),
        select(func.coalesce(func.sum(Territory.version), 0)).scalar_subquery(),
        select(func.count()).select_from(ExperimentTerritory).scalar_subquery(),
    )
    row = session.exec(select(*parts)).one()  # type: ignore[call-overload]
    return (today.isoformat(), *row)


class DashboardCache:
    """Dashboards by filters and fingerprint, the most recently used kept (thread-safe)."""

    def __init__(self, size: int = MAX_ENTRIES) -> None:
        self._entries: OrderedDict[tuple[Any, ...], Dashboard] = OrderedDict()
        self._lock = threading.Lock()
        self._size = size

    def get_or_compute(self, key: tuple[Any, ...], compute: Callable[[], Dashboard]) -> Dashboard:
        """The cached dashboard for this key, or a fresh one, remembered."""
        with self._lock:
            found = self._entries.get(key)
            if found is not None:
                self._entries.move_to_end(key)
                return found
        board = compute()
        with self._lock:
            self._entries[key] = board
            self._entries.move_to_end(key)
            while len(self._entries) > self._size:
                self._entries.popitem(last=False)
        return board


def key_of(filters: Filters, print_: tuple[Any, ...]) -> tuple[Any, ...]:
    """The cache key: the filters applied and the fingerprint."""
    return (filters, *print_)
