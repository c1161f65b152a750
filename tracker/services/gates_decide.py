"""A chair's decision on a gate: one transaction closes the gate and moves the experiment."""

from datetime import datetime, timedelta
from typing import Any

from pydantic import ValidationError
from sqlalchemy import func, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import Session, col, select

from tracker.models import (
    DecisionCreate,
    Experiment,
    Gate,
    GateCondition,
    GateDecision,
    User,
    Vote,
)
from tracker.models.base import pk
from tracker.notifications import notify
from tracker.services import charters as charter_service
from tracker.services import gates_access as access
from tracker.services import lessons as lesson_service
from tracker.services import transitions
from tracker.services.errors import Conflict, Forbidden, GuardFailed, Invalid, NotFound
from tracker.services.permissions import is_board_member, is_team
from workflows.definition import N_
from workflows.gate import DEFAULT_REVIEW_DAYS, EXPERIMENT_TRIGGERS, GATE
from workflows.machine import GuardsFailed, fire

# Which request field each gate guard reads, so a refusal points at the right field.
GUARD_FIELDS = {
    "quorum_met": "votes",
    "decision_fits_kind": "decision",
    "has_rationale": "rationale",
}


def _require_chair(session: Session, actor: User, gate: Gate, experiment: Experiment) -> None:
    if not is_board_member(session, actor, gate.board_id, chair=True):
        raise Forbidden(N_("Only a chair of the review board can decide."))
    if is_team(session, actor, experiment):
        raise Forbidden(N_("You cannot decide on an experiment you own or work on."))


def _validate(data: dict[str, Any]) -> DecisionCreate:
    try:
        return DecisionCreate.model_validate(data)
    except ValidationError as error:
        raise Invalid.from_validation(error) from None


def _check_fields(gate: Gate, fields: DecisionCreate, now: datetime) -> dict[str, list[str]]:
    """What the chosen decision needs beyond the experiment's own guards."""
    errors: dict[str, list[str]] = {}
    if fields.conditions and fields.decision != "go":
        errors["conditions"] = [N_("Only a go can carry conditions.")]
    if fields.decision == "scale" and not fields.scaling_plan.strip():
        errors["scaling_plan"] = [N_("A scale decision needs a scaling plan.")]
    if fields.decision == "adapt" and gate.kind == "pilot" and fields.restart_at == "pilot":
        errors["restart_at"] = [N_("Adapting at the pilot gate restarts at the prototype.")]
    if fields.decision == "hold" and fields.review_date and fields.review_date <= now.date():
        errors["review_date"] = [N_("The new review date must be in the future.")]
    return errors


def _charter_errors(
    session: Session, gate: Gate, experiment: Experiment, fields: DecisionCreate
) -> dict[str, list[str]]:
    """A go at the pilot gate needs the chair to acknowledge the right-to-fail charter."""
    if gate.kind != "pilot" or fields.decision != "go":
        return {}
    return charter_service.missing(session, experiment, fields.charter_acknowledged)


def _judge(gate: Gate, fields: DecisionCreate, vote_count: int) -> None:
    """Run the gate lifecycle: closed gate -> Conflict, missing quorum or rationale -> 422."""
    access.require_open(gate, "decide")
    facts = {
        "kind": gate.kind,
        "quorum": gate.quorum,
        "vote_count": vote_count,
        "decision": fields.decision,
        "rationale": fields.rationale,
    }
    try:
        fire(GATE, gate.status, "decide", facts)
    except GuardsFailed as refused:
        error = GuardFailed("decide", refused.reasons)
        error.errors = {GUARD_FIELDS[g.name]: [g.message] for g in refused.guards}
        error.details.update(votes=vote_count, quorum=gate.quorum)
        raise error from None


def _decision_row(
    gate: Gate, fields: DecisionCreate, actor: User, vote_count: int, now: datetime
) -> GateDecision:
    decision = fields.decision
    restart_at = fields.restart_at if gate.kind == "decision" else "prototype"
    hold_until = fields.review_date or (now + timedelta(days=DEFAULT_REVIEW_DAYS)).date()
    # Each decision keeps only what it needs: the verdict, the decision and the route stay
    # three separate facts.
    return GateDecision(
        gate_id=pk(gate),
        decision=decision,
        rationale=fields.rationale.strip(),
        decided_by=pk(actor),
        decided_at=now,
        route=fields.route if decision == "scale" else None,
        scaling_plan=fields.scaling_plan.strip() if decision == "scale" else None,
        restart_at=restart_at if decision == "adapt" else None,
        changes=fields.changes.strip() if decision == "adapt" else None,
        stop_reason=fields.stop_reason if decision == "stop" else None,
        next_review_date=hold_until if decision == "hold" else None,
        vote_count=vote_count,
    )


def _freeze_criteria(
    session: Session, experiment: Experiment, row: GateDecision, now: datetime
) -> None:
    """At go the criteria become the pre-registration: a copy on the decision, a date."""
    row.frozen_criteria = {
        "success_criteria": list(experiment.success_criteria),
        "stop_criteria": list(experiment.stop_criteria),
    }
    session.execute(
        update(Experiment)
        .where(col(Experiment.id) == experiment.id)
        .values(criteria_frozen_at=now)
        .execution_options(synchronize_session=False)
    )
    set_committed_value(experiment, "criteria_frozen_at", now)


def _move_experiment(
    session: Session, actor: User, experiment: Experiment, gate: Gate, row: GateDecision
) -> None:
    trigger = EXPERIMENT_TRIGGERS[row.decision]
    if trigger is None:
        return
    # Read the experiment inside this transaction: the version is the current one, and the
    # conditional UPDATE in apply refuses it if an edit lands meanwhile.
    session.refresh(experiment)
    transitions.apply(
        session=session,
        actor=actor,
        experiment=experiment,
        trigger=trigger,
        version=experiment.version,
        inputs={
            "decision": {"gate": gate.kind, "decision": row.decision, "quorum_met": True},
            "changes": row.changes,
            "restart_at": row.restart_at,
            "route": row.route,
            "verdict": gate.verdict,
            "stop_reason": row.stop_reason,
            "explanation": row.rationale,
        },
        now=row.decided_at,
        reason=row.rationale,
    )


def decide(
    *, session: Session, actor: User, gate_id: int, data: dict[str, Any], now: datetime
) -> GateDecision:
    """Record a chair's decision, close the gate and fire the experiment's trigger, at once."""
    gate, experiment = access.load(session, actor, gate_id)
    _require_chair(session, actor, gate, experiment)
    fields = _validate(data)
    if fields.version is not None and fields.version != gate.version:
        raise Conflict(access.CHANGED, current_version=gate.version)
    vote_count = session.exec(
        select(func.count()).select_from(Vote).where(Vote.gate_id == gate.id)
    ).one()
    _judge(gate, fields, vote_count)
    errors = _check_fields(gate, fields, now)
    errors.update(_charter_errors(session, gate, experiment, fields))
    if errors:
        raise Invalid(errors=errors)
    seen = gate.version
    row = _decision_row(gate, fields, actor, vote_count, now)
    try:
        access.close(session, gate, "decided", actor, now, seen)
        if row.decision == "go":
            _freeze_criteria(session, experiment, row, now)
            if gate.kind == "pilot":
                charter_service.acknowledge(
                    session,
                    actor=actor,
                    experiment=experiment,
                    role="chair",
                    now=now,
                    gate_id=gate.id,
                )
        session.add(row)
        session.flush()
        _move_experiment(session, actor, experiment, gate, row)
        # Every outcome teaches: an adapt note or a scale decision becomes a lesson.
        lesson_service.from_decision(session, experiment, gate, row, now)
        for text in fields.conditions if row.decision == "go" else []:
            session.add(GateCondition(gate_id=pk(gate), text=text, created_at=now))
        summary = {"gate_id": gate.id, "kind": gate.kind, "decision": row.decision}
        access.record(session, experiment, actor, "gate_decided", summary, now, row.rationale)
        if row.decision == "hold":
            held = {**summary, "next_review_date": str(row.next_review_date)}
            access.record(session, experiment, actor, "gate_held", held, now)
        notify.gate_decided(
            session=session, experiment=experiment, gate=gate, decision=row.decision, now=now
        )
        session.commit()
    except IntegrityError:
        # The unique gate_id: another chair's decision was written first.
        session.rollback()
        raise Conflict(N_("This gate was decided meanwhile.")) from None
    except (GuardFailed, Conflict):
        session.rollback()
        raise
    return row


def mark_condition_met(
    *, session: Session, actor: User, gate_id: int, condition_id: int, now: datetime
) -> GateCondition:
    """A chair records that a condition of a conditional go is met (once)."""
    gate, experiment = access.load(session, actor, gate_id)
    _require_chair(session, actor, gate, experiment)
    condition = session.get(GateCondition, condition_id)
    if condition is None or condition.gate_id != gate.id:
        raise NotFound(N_("Condition not found."))
    if condition.met:
        return condition
    condition.met = True
    condition.met_by = actor.id
    condition.met_at = now
    access.record(
        session,
        experiment,
        actor,
        "condition_met",
        {"gate_id": gate.id, "condition_id": condition.id},
        now,
    )
    access.touch(session, experiment, now)
    session.commit()
    return condition
