"""Voting on an open gate: board members without a conflict of interest, scorecard checked."""

from datetime import datetime
from typing import Any

from pydantic import ValidationError
from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from tracker.models import Gate, User, Vote, VoteCast
from tracker.models.base import pk
from tracker.services import gates_access as access
from tracker.services.errors import Conflict, Forbidden, Invalid
from tracker.services.permissions import is_board_member, is_team
from workflows.definition import N_
from workflows.gate import DECISIONS_BY_KIND

SCORE_RANGE = range(1, 6)


def check_scores(scorecard: list[dict], scores: dict[str, Any]) -> dict[str, list[str]]:
    """Errors by `scores.<key>`: every criterion answered, knock-outs yes/no, scores 1 to 5."""
    kinds = {item["key"]: item["kind"] for item in scorecard}
    errors: dict[str, list[str]] = {}
    for key in scores:
        if key not in kinds:
            errors[f"scores.{key}"] = [N_("This is not a criterion of the board's scorecard.")]
    for key, kind in kinds.items():
        value = scores.get(key)
        if value is None:
            errors[f"scores.{key}"] = [N_("An answer is required.")]
        elif kind == "knockout" and not isinstance(value, bool):
            errors[f"scores.{key}"] = [N_("Answer yes or no.")]
        # bool is an int in Python: a knock-out answer is not a score.
        elif kind == "scored" and (
            isinstance(value, bool) or not isinstance(value, int) or value not in SCORE_RANGE
        ):
            errors[f"scores.{key}"] = [N_("A score is a whole number from 1 to 5.")]
    return errors


def _validate(gate: Gate, data: dict[str, Any]) -> VoteCast:
    try:
        fields = VoteCast.model_validate(data)
    except ValidationError as error:
        raise Invalid.from_validation(error) from None
    errors = check_scores(gate.scorecard, fields.scores)
    if fields.recommendation not in DECISIONS_BY_KIND[gate.kind]:
        errors["recommendation"] = [N_("This recommendation is not one this gate can take.")]
    if errors:
        raise Invalid(errors=errors)
    return fields


def _lock_open_gate(session: Session, gate: Gate) -> None:
    """Hold the gate row until commit, so a vote never lands after the decision."""
    result = session.execute(
        update(Gate)
        .where(col(Gate.id) == gate.id, col(Gate.status) == "open")
        .values(version=col(Gate.version))
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        session.rollback()
        raise Conflict(access.CLOSED)


def vote(
    *, session: Session, actor: User, gate_id: int, data: dict[str, Any], now: datetime
) -> tuple[Vote, bool]:
    """Cast or change the actor's vote; returns the vote and whether it was new."""
    gate, experiment = access.load(session, actor, gate_id)
    if not is_board_member(session, actor, gate.board_id):
        raise Forbidden(N_("Only members of the review board can vote."))
    if is_team(session, actor, experiment):
        raise Forbidden(N_("You cannot vote on an experiment you own or work on."))
    access.require_open(gate, "decide")
    fields = _validate(gate, data)
    _lock_open_gate(session, gate)
    existing = session.exec(
        select(Vote).where(Vote.gate_id == gate.id, Vote.voter_id == actor.id)
    ).first()
    created = existing is None
    if existing is None:
        existing = Vote(
            gate_id=pk(gate),
            voter_id=pk(actor),
            recommendation=fields.recommendation,
            cast_at=now,
        )
        session.add(existing)
    existing.recommendation = fields.recommendation
    existing.scores = dict(fields.scores)
    existing.comment = fields.comment.strip()
    existing.updated_at = now
    try:
        session.commit()
    except IntegrityError:
        # The same voter's other request won the insert: report it as already cast.
        session.rollback()
        raise Conflict(N_("Your vote was recorded meanwhile; reload and try again.")) from None
    return existing, created
