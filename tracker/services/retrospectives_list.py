"""The retrospectives a person may see: for chairs and teams, the overdue ones first."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, case, func, or_
from sqlmodel import Session, col, select

from tracker.models import Experiment, Retrospective, User
from tracker.services import cursors
from tracker.services.errors import Invalid
from tracker.services.permissions import visible_clause
from workflows.definition import N_
from workflows.retrospective import STATES

# Still to be written: past their due date, they are overdue.
OPEN_STATES = ("due", "drafting")
PAGE = 50
PAGE_MAX = 200


@dataclass
class Row:
    """One retrospective with its experiment, and whether it is overdue today."""

    retrospective: Retrospective
    experiment: Experiment
    overdue: bool


def is_overdue(retrospective: Retrospective, today: date) -> bool:
    """Not yet submitted, and past its due date."""
    return retrospective.state in OPEN_STATES and retrospective.due_on < today


@dataclass
class Page:
    """One page of rows, the cursor of the next one, and how many match in all."""

    items: list[Row]
    next_cursor: str | None
    total: int


def page_visible(
    *,
    session: Session,
    actor: User,
    state: str | None,
    overdue_only: bool,
    today: date,
    limit: int = PAGE,
    cursor: str | None = None,
) -> Page:
    """Visible retrospectives (as their experiments), overdue first, then by due date, then id;
    one keyset page at a time (the cursor holds the last row's overdue rank, due date, id)."""
    if state and state not in STATES:
        raise Invalid(errors={"state": [N_("Unknown state.")]})
    overdue = col(Retrospective.state).in_(OPEN_STATES) & (col(Retrospective.due_on) < today)
    rank = case((overdue, 0), else_=1)
    query = (
        select(Retrospective, Experiment)
        .join(Experiment, col(Experiment.id) == Retrospective.experiment_id)
        .where(visible_clause(actor))
    )
    if state:
        query = query.where(Retrospective.state == state)
    if overdue_only:
        query = query.where(overdue)
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    if cursor:
        last_rank, due_on, last_id = cursors.decode(cursor, int, date, int)
        query = query.where(
            or_(
                rank > last_rank,
                and_(rank == last_rank, col(Retrospective.due_on) > due_on),
                and_(
                    rank == last_rank,
                    col(Retrospective.due_on) == due_on,
                    col(Retrospective.id) > last_id,
                ),
            )
        )
    limit = max(1, min(limit, PAGE_MAX))
    found = session.exec(
        query.order_by(rank, col(Retrospective.due_on), col(Retrospective.id)).limit(limit + 1)
    ).all()
    rows = [
        Row(retrospective, experiment, is_overdue(retrospective, today))
        for retrospective, experiment in found
    ]
    items = rows[:limit]
    next_cursor = None
    if len(rows) > limit:
        last = items[-1]
        next_cursor = cursors.encode(
            0 if last.overdue else 1, last.retrospective.due_on, last.retrospective.id
        )
    return Page(items=items, next_cursor=next_cursor, total=total)
