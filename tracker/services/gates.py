"""Stage gates: reading gates, votes, decisions and the voting queue.

The actions live in gates_request (request_gate, withdraw), gates_vote (vote) and
gates_decide (decide, mark_condition_met), the evidence in gates_evidence (criteria_results,
score_totals); they are re-exported here so callers write `gate_service.decide(...)`.
"""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, exists, func, or_
from sqlmodel import Session, col, select

from tracker.models import (
    BoardMember,
    Experiment,
    ExperimentMember,
    Gate,
    GateCondition,
    GateDecision,
    User,
    Vote,
)
from tracker.models.base import pk
from tracker.services import cursors
from tracker.services import gates_access as access
from tracker.services.experiments import get as get_experiment
from tracker.services.gates_decide import decide, mark_condition_met
from tracker.services.gates_evidence import criteria_results, score_totals
from tracker.services.gates_request import request_gate, withdraw
from tracker.services.gates_vote import check_scores, vote

# The voting queue, a page at a time: a chair of a busy board may have hundreds of gates open.
QUEUE_PAGE = 50
QUEUE_PAGE_MAX = 100

__all__ = [
    "check_scores",
    "conditions_of",
    "criteria_results",
    "decide",
    "decision_of",
    "for_experiment",
    "get",
    "mark_condition_met",
    "open_gate",
    "queue",
    "request_gate",
    "score_totals",
    "votes_of",
    "vote",
    "withdraw",
]


def get(*, session: Session, actor: User, gate_id: int) -> Gate:
    """The gate if the actor may see its experiment (NotFound otherwise)."""
    gate, _experiment = access.load(session, actor, gate_id)
    return gate


def for_experiment(*, session: Session, actor: User, experiment_id: int) -> list[Gate]:
    """The gates of an experiment, oldest first."""
    experiment = get_experiment(session=session, actor=actor, experiment_id=experiment_id)
    return list(
        session.exec(
            select(Gate).where(Gate.experiment_id == experiment.id).order_by(col(Gate.id))
        ).all()
    )


def open_gate(*, session: Session, actor: User, experiment_id: int) -> Gate | None:
    """The experiment's open gate, if any."""
    experiment = get_experiment(session=session, actor=actor, experiment_id=experiment_id)
    return access.open_gate(session, pk(experiment))


def votes_of(*, session: Session, gate: Gate) -> list[tuple[Vote, User]]:
    """The votes on a gate with their voters, in the order they were cast."""
    rows = session.exec(
        select(Vote, User)
        .join(User, col(User.id) == Vote.voter_id)
        .where(Vote.gate_id == gate.id)
        .order_by(col(Vote.id))
    ).all()
    return [(row_vote, voter) for row_vote, voter in rows]


def decision_of(*, session: Session, gate: Gate) -> GateDecision | None:
    """The decision taken on a gate, if any."""
    return session.exec(select(GateDecision).where(GateDecision.gate_id == gate.id)).first()


def conditions_of(*, session: Session, gate: Gate) -> list[GateCondition]:
    """The conditions of a conditional go, in the order given."""
    return list(
        session.exec(
            select(GateCondition)
            .where(GateCondition.gate_id == gate.id)
            .order_by(col(GateCondition.id))
        ).all()
    )


@dataclass
class QueuePage:
    """One page of the voting queue, the cursor of the next one, and how many wait in all."""

    items: list[Gate]
    next_cursor: str | None
    total: int


def queue(
    *, session: Session, actor: User, limit: int = QUEUE_PAGE, cursor: str | None = None
) -> QueuePage:
    """Open gates waiting for the actor's vote (their boards, not yet voted, no conflict),
    soonest review first, one page at a time (a board may have hundreds open)."""
    # NOT EXISTS, not NOT IN: a long-serving reviewer has voted on a hundred thousand closed
    # gates, and NOT IN would build that list on every page; this probes the unique
    # (gate, voter) and (experiment, user) indexes for each open gate instead.
    voted = exists().where(col(Vote.gate_id) == Gate.id, col(Vote.voter_id) == actor.id)
    on_team = exists().where(
        col(ExperimentMember.experiment_id) == Gate.experiment_id,
        col(ExperimentMember.user_id) == actor.id,
    )
    waiting = (
        select(Gate)
        .join(BoardMember, col(BoardMember.board_id) == Gate.board_id)
        .join(Experiment, col(Experiment.id) == Gate.experiment_id)
        .where(
            BoardMember.user_id == actor.id,
            Gate.status == "open",
            ~voted,
            Experiment.owner_id != actor.id,
            ~on_team,
        )
    )
    total = session.exec(select(func.count()).select_from(waiting.subquery())).one()
    page = waiting
    if cursor:
        review_date, gate_id = cursors.decode(cursor, date, int)
        page = page.where(
            or_(
                col(Gate.review_date) > review_date,
                and_(col(Gate.review_date) == review_date, col(Gate.id) > gate_id),
            )
        )
    limit = max(1, min(limit, QUEUE_PAGE_MAX))
    rows = list(
        session.exec(page.order_by(col(Gate.review_date), col(Gate.id)).limit(limit + 1)).all()
    )
    items = rows[:limit]
    more = len(rows) > limit
    next_cursor = cursors.encode(items[-1].review_date, items[-1].id) if more else None
    return QueuePage(items=items, next_cursor=next_cursor, total=total)
