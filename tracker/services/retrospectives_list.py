"""The retrospectives a person may see: for chairs and teams, the overdue ones first."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import case
from sqlmodel import Session, col, select

from tracker.models import Experiment, Retrospective, User
from tracker.services.errors import Invalid
from tracker.services.permissions import visible_clause
from workflows.definition import N_
from workflows.retrospective import STATES

# Still to be written: past their due date, they are overdue.
OPEN_STATES = ("due", "drafting")
MAX_ROWS = 200


@dataclass
class Row:
    """One retrospective with its experiment, and whether it is overdue today."""

    retrospective: Retrospective
    experiment: Experiment
    overdue: bool


def is_overdue(retrospective: Retrospective, today: date) -> bool:
    """Not yet submitted, and past its due date."""
    return retrospective.state in OPEN_STATES and retrospective.due_on < today


def list_visible(
    *,
    session: Session,
    actor: User,
    state: str | None,
    overdue_only: bool,
    today: date,
) -> list[Row]:
    """Visible retrospectives (as their experiments), overdue first, then by due date."""
    if state and state not in STATES:
        raise Invalid(errors={"state": [N_("Unknown state.")]})
    overdue = col(Retrospective.state).in_(OPEN_STATES) & (col(Retrospective.due_on) < today)
    query = (
        select(Retrospective, Experiment)
        .join(Experiment, col(Experiment.id) == Retrospective.experiment_id)
        .where(visible_clause(actor))
    )
    if state:
        query = query.where(Retrospective.state == state)
    if overdue_only:
        query = query.where(overdue)
    query = query.order_by(
        case((overdue, 0), else_=1), col(Retrospective.due_on), col(Retrospective.id)
    ).limit(MAX_ROWS)
    return [
        Row(retrospective, experiment, is_overdue(retrospective, today))
        for retrospective, experiment in session.exec(query).all()
    ]
