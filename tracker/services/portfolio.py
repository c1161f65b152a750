"""The portfolio dashboard: every figure for one organisation (or all), under shared filters.

Each figure is a fixed number of SQL aggregates, so the dashboard costs the same number of
queries whatever the number of experiments (tests/test_query_counts.py holds it). Their time
grows with the event log: unfiltered dashboards are stored and refreshed by the scheduler
(portfolio_snapshots), filtered ones cached per process (portfolio_cache).
"""

import logging
from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from tracker.models import Board, Organisation, PortfolioSnapshot, User
from tracker.models.territory import Territory
from tracker.services import portfolio_figures as figures
from tracker.services import portfolio_people as people
from tracker.services import portfolio_snapshots as snapshots
from tracker.services import portfolio_stages
from tracker.services.portfolio_cache import DashboardCache, fingerprint, key_of
from tracker.services.portfolio_rows import ROW_MODELS, TABLES, Dashboard
from tracker.services.portfolio_scope import Filters, conditions, is_instance_admin, resolve

__all__ = [
    "ROW_MODELS",
    "TABLES",
    "Dashboard",
    "DashboardCache",
    "Filters",
    "choices",
    "dashboard",
    "refresh_snapshots",
    "scope",
    "table",
]

log = logging.getLogger(__name__)
scope = resolve


def dashboard(
    *,
    session: Session,
    actor: User,
    filters: Filters,
    all_organisations: bool = False,
    instance_admins: frozenset[str] = frozenset(),
    cache: DashboardCache | None = None,
    snapshot_max_age: timedelta | None = None,
    now: datetime,
) -> tuple[Filters, Dashboard]:
    """The filters applied (the actor's organisation unless granted more) and every figure.

    With a cache, figures computed for the same filters are reused until the data changes.
    With a snapshot age, an unfiltered dashboard is read from its stored snapshot when that
    is exact or younger than the age (marked not up to date), else computed and stored.
    """
    applied = resolve(
        session=session,
        actor=actor,
        requested=filters,
        all_organisations=all_organisations,
        instance_admins=instance_admins,
    )
    if cache is None and snapshot_max_age is None:
        return applied, _compute(session, applied, now)
    print_ = fingerprint(session, now.date())
    kept = snapshots.scope_of(applied)
    if kept is not None and snapshot_max_age is not None:
        board = snapshots.read(session, kept, print_, now, snapshot_max_age)
        if board is None:
            board = _compute(session, applied, now)
            snapshots.store(session, kept, print_, board)
        return applied, board
    if cache is None:
        return applied, _compute(session, applied, now)
    key = key_of(applied, print_)
    return applied, cache.get_or_compute(key, lambda: _compute(session, applied, now))


def refresh_snapshots(session: Session, *, now: datetime) -> list[str]:
    """Recompute every organisation's stored dashboard (and the instance-wide one, once asked
    for) whose data changed; each in its own transaction, one failure not stopping the rest.

    Returns the scopes recomputed.
    """
    print_ = fingerprint(session, now.date())
    wanted = [Filters(organisation_id=pk) for pk in session.exec(select(col(Organisation.id)))]
    if session.get(PortfolioSnapshot, snapshots.ALL) is not None:
        wanted.append(Filters())
    done = []
    for filters in wanted:
        kept = str(snapshots.scope_of(filters))
        if snapshots.is_current(session, kept, print_):
            continue
        try:
            snapshots.store(session, kept, print_, _compute(session, filters, now))
            done.append(kept)
        except Exception:
            session.rollback()
            log.exception("portfolio snapshot %s failed", kept)
    return done


def _compute(session: Session, applied: Filters, now: datetime) -> Dashboard:
    where = conditions(applied)
    funnel = figures.funnel(session, where)
    return Dashboard(
        total=sum(row.current for row in funnel),
        funnel=funnel,
        outcomes=figures.outcomes(session, where),
        stages=portfolio_stages.stages(session, where),
        gates=figures.gates(session, where, now.date()),
        territories=figures.territories(session, where),
        verdicts=figures.verdicts(session, where),
        commons=people.commons(session, where),
        training=people.training(session, where),
        as_of=now,
    )


def table(board: Dashboard, name: str) -> list:
    """The rows of one table of the dashboard, by its name in TABLES."""
    if name not in TABLES:
        raise KeyError(name)
    return list(getattr(board, name))


def choices(
    *, session: Session, actor: User, applied: Filters, instance_admins: frozenset[str]
) -> dict[str, list[tuple[int, str]]]:
    """What the filter form offers: territories, boards and, for instance admins, organisations."""
    boards = select(col(Board.id), col(Board.name)).order_by(col(Board.name))
    if applied.organisation_id is not None:
        boards = boards.where(col(Board.organisation_id) == applied.organisation_id)
    territories = (
        select(col(Territory.id), col(Territory.name))
        .where(col(Territory.archived_at).is_(None))
        .order_by(col(Territory.name))
    )
    found: dict[str, list[tuple[int, str]]] = {
        "boards": [(row[0] or 0, row[1]) for row in session.exec(boards).all()],
        "territories": [(row[0] or 0, row[1]) for row in session.exec(territories).all()],
        "organisations": [],
    }
    if is_instance_admin(actor, instance_admins):
        organisations = select(col(Organisation.id), col(Organisation.name)).order_by(
            col(Organisation.name)
        )
        found["organisations"] = [
            (row[0] or 0, row[1]) for row in session.exec(organisations).all()
        ]
    return found
