"""Boards and gates to response models, through the gate services' readers."""

from collections.abc import Sequence

from sqlmodel import Session

from tracker.api.gate_schemas import (
    BoardMemberOut,
    BoardOut,
    ConditionOut,
    CriterionResult,
    DecisionOut,
    GateOut,
    ScorecardItemOut,
    ScoreTotal,
    VoteOut,
)
from tracker.api.schemas import ActorRef
from tracker.models import Board, Gate, GateCondition, User, Vote
from tracker.services import boards as board_service
from tracker.services import gates as gate_service


def _ref(user: User | None) -> ActorRef | None:
    return None if user is None else ActorRef(id=user.id, name=user.name)  # type: ignore[arg-type]


def board(session: Session, row: Board) -> BoardOut:
    """A board with its members, chairs first."""
    members = board_service.members(session=session, board=row)
    return BoardOut(
        **row.model_dump(exclude={"scorecard"}),
        scorecard=[ScorecardItemOut(**item) for item in row.scorecard],
        members=[
            BoardMemberOut(id=user.id, name=user.name, email=user.email, chair=chair)  # type: ignore[arg-type]
            for user, chair in members
        ],
    )


def boards(session: Session, rows: Sequence[Board]) -> list[BoardOut]:
    """Boards with their members."""
    return [board(session, row) for row in rows]


def vote(row: Vote, voter: User) -> VoteOut:
    """One vote with its voter."""
    return VoteOut(
        voter=_ref(voter),  # type: ignore[arg-type]
        recommendation=row.recommendation,
        scores=dict(row.scores),
        comment=row.comment,
        cast_at=row.cast_at,
        updated_at=row.updated_at,
    )


def condition(row: GateCondition) -> ConditionOut:
    """A condition of a conditional go."""
    return ConditionOut(id=row.id, text=row.text, met=row.met, met_at=row.met_at)  # type: ignore[arg-type]


def gate(session: Session, actor: User, row: Gate) -> GateOut:
    """A gate with its votes, decision, conditions, score totals and, for a decision gate,
    each frozen success criterion against its measurements."""
    votes = gate_service.votes_of(session=session, gate=row)
    decided = gate_service.decision_of(session=session, gate=row)
    conditions = [condition(c) for c in gate_service.conditions_of(session=session, gate=row)]
    decision = None
    if decided is not None:
        decision = DecisionOut(
            **decided.model_dump(exclude={"decided_by"}),
            decided_by=_ref(session.get(User, decided.decided_by)),
            conditions=conditions,
        )
    results = []
    if row.kind == "decision":
        results = [
            CriterionResult(**result)
            for result in gate_service.criteria_results(
                session=session,
                actor=actor,
                gate_id=row.id,  # type: ignore[arg-type]
            )
        ]
    return GateOut(
        **row.model_dump(exclude={"requested_by", "scorecard"}),
        requested_by=_ref(session.get(User, row.requested_by)),
        votes=[vote(v, voter) for v, voter in votes],
        decision=decision,
        conditions=conditions,
        scorecard=[ScorecardItemOut(**item) for item in row.scorecard],
        score_totals=[
            ScoreTotal(**total)
            for total in gate_service.score_totals(row.scorecard, [v for v, _ in votes])
        ],
        criteria_results=results,
    )


def gates(session: Session, actor: User, rows: Sequence[Gate]) -> list[GateOut]:
    """Gates as the actor sees them."""
    return [gate(session, actor, row) for row in rows]
