"""Unfiltered dashboards kept in the database, so that reading one costs the same at any size.

Computing an organisation's dashboard aggregates its whole event log (seconds at 100,000
experiments), and any write changes the fingerprint. The unfiltered dashboard of each
organisation (and the instance-wide one) is therefore stored with the fingerprint it was
computed at. A read serves it when the data has not changed since, or when it is younger
than the allowed age, saying how old it is; the scheduler recomputes the ones that changed
(tracker.jobs.scheduler), so readers do not wait. Filtered dashboards are computed on demand
and kept in the per-process cache (tracker.services.portfolio_cache).
"""

import logging
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session

from tracker.models import PortfolioSnapshot
from tracker.services.portfolio_rows import Dashboard
from tracker.services.portfolio_scope import Filters

log = logging.getLogger(__name__)
ALL = "all"


def scope_of(filters: Filters) -> str | None:
    """The snapshot an unfiltered dashboard is kept under; None for filtered ones."""
    if (filters.territory_id, filters.theme, filters.board_id, filters.start, filters.end) != (
        None,
    ) * 5:
        return None
    if filters.organisation_id is None:
        return ALL
    return f"organisation:{filters.organisation_id}"


def read(
    session: Session, scope: str, print_: tuple[Any, ...], now: datetime, max_age: timedelta
) -> Dashboard | None:
    """The stored dashboard if still exact, or recent enough to show with its age; else None."""
    found = session.get(PortfolioSnapshot, scope)
    if found is None:
        return None
    exact = found.fingerprint == list(print_)
    if not exact and now - found.computed_at > max_age:
        return None
    board = Dashboard.model_validate(found.figures)
    return board.model_copy(update={"as_of": found.computed_at, "up_to_date": exact})


def is_current(session: Session, scope: str, print_: tuple[Any, ...]) -> bool:
    """Whether the stored dashboard was computed on the data as it is now."""
    found = session.get(PortfolioSnapshot, scope)
    return found is not None and found.fingerprint == list(print_)


def store(session: Session, scope: str, print_: tuple[Any, ...], board: Dashboard) -> None:
    """Keep (or replace) the scope's dashboard and commit; a failed write is logged, not raised.

    Two processes computing the same scope at once both write: the later one stays.
    """
    table = PortfolioSnapshot.__table__  # type: ignore[attr-defined]
    module = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    values = {
        "fingerprint": list(print_),
        "computed_at": board.as_of,
        "figures": board.model_dump(mode="json", exclude={"as_of", "up_to_date"}),
    }
    try:
        session.execute(
            module.insert(table)
            .values(scope=scope, **values)
            .on_conflict_do_update(index_elements=["scope"], set_=values)
        )
        session.commit()
    except SQLAlchemyError:
        # A busy database must not fail the page: the figures are shown all the same.
        session.rollback()
        log.warning("portfolio snapshot %s not stored", scope, exc_info=True)
