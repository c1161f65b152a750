"""Requesting a gate review (with its readiness check) and withdrawing it."""

from datetime import datetime, timedelta
from typing import Any

from pydantic import ValidationError
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from tracker.models import Board, Experiment, Gate, GateRequest, JournalEntry, User
from tracker.models.base import pk
from tracker.notifications import notify
from tracker.services import charters as charter_service
from tracker.services import gates_access as access
from tracker.services import versioning
from tracker.services.errors import Conflict, Invalid
from tracker.services.experiments import get as get_experiment
from tracker.services.gates_evidence import frozen_criteria
from tracker.services.permissions import board_id_for, require_team
from workflows.definition import N_
from workflows.gate import DEFAULT_REVIEW_DAYS, REQUESTED_FROM

NOT_READY = N_("The gate cannot be requested yet: some things are missing.")
PLAN_FIELDS = {
    "territory": N_("The pilot plan needs a territory."),
    "population": N_("The pilot plan needs a population."),
    "duration_weeks": N_("The pilot plan needs a duration in weeks."),
    "partners": N_("The pilot plan needs at least one partner."),
    "budget_eur": N_("The pilot plan needs a budget in euros."),
}


def _unmeasured(session: Session, experiment: Experiment) -> list[str]:
    """Success criteria without a measurement in the journal during this iteration."""
    measured = {
        (indicator or "").strip().lower()
        for indicator in session.exec(
            select(JournalEntry.indicator).where(
                JournalEntry.experiment_id == experiment.id,
                JournalEntry.kind == "measurement",
                JournalEntry.iteration == experiment.iteration,
            )
        ).all()
    }
    return [
        criterion["indicator"]
        for criterion in experiment.success_criteria
        if criterion["indicator"].strip().lower() not in measured
    ]


def declarable_stop_criteria(session: Session, experiment: Experiment) -> list[str]:
    """The stop criteria as frozen at go (else as they stand): those the owner may declare."""
    frozen = frozen_criteria(session, pk(experiment))
    return [c.strip() for c in (frozen["stop_criteria"] if frozen else experiment.stop_criteria)]


def _missing(session: Session, experiment: Experiment, fields: GateRequest) -> dict[str, list[str]]:
    """What the gate needs and the request or the record lacks, by field."""
    errors: dict[str, list[str]] = {}
    if fields.kind == "pilot":
        if not fields.prototype_learnings.strip():
            errors["prototype_learnings"] = [N_("Say what the prototype taught.")]
        plan = fields.pilot_plan.model_dump() if fields.pilot_plan else {}
        for name, message in PLAN_FIELDS.items():
            value = plan.get(name)
            if value is None or (isinstance(value, str | list) and not value):
                errors[f"pilot_plan.{name}"] = [message]
        if not experiment.success_criteria:
            errors["success_criteria"] = [N_("At least one success criterion is needed.")]
        if not experiment.stop_criteria:
            errors["stop_criteria"] = [N_("At least one stop criterion is needed.")]
        errors.update(charter_service.missing(session, experiment, fields.charter_acknowledged))
        return errors
    if fields.verdict is None:
        errors["verdict"] = [N_("Record the evidence verdict.")]
    if not fields.analysis.strip():
        errors["analysis"] = [N_("Write the analysis of the evidence.")]
    if fields.cost_eur is None:
        errors["cost_eur"] = [N_("Give the cost so far in euros.")]
    stop_criteria = declarable_stop_criteria(session, experiment)
    unknown = [c for c in fields.stop_criteria_triggered if c.strip() not in stop_criteria]
    if unknown:
        errors["stop_criteria_triggered"] = [
            N_("Not one of the experiment's stop criteria: ") + "; ".join(unknown)
        ]
    unmeasured = _unmeasured(session, experiment)
    if unmeasured:
        errors["measurements"] = [
            N_("No measured value in the journal for: ") + ", ".join(unmeasured)
        ]
    return errors


def _check_can_open(session: Session, experiment: Experiment, kind: str) -> Board:
    if experiment.state != REQUESTED_FROM[kind]:
        if kind == "pilot":
            raise Conflict(N_("The pilot gate is requested from the prototype stage."))
        raise Conflict(N_("The decision gate is requested from the evaluation stage."))
    if access.open_gate(session, pk(experiment)) is not None:
        raise Conflict(N_("A gate review is already open for this experiment."))
    unmet = access.unmet_conditions(session, pk(experiment))
    if unmet:
        raise Conflict(
            N_("The conditions of the previous go must be met first: ")
            + "; ".join(condition.text for condition in unmet),
            conditions=[condition.id for condition in unmet],
        )
    board_id = board_id_for(session, experiment)
    board = session.get(Board, board_id) if board_id is not None else None
    if board is None:
        raise Conflict(N_("No review board reviews this experiment yet; ask an administrator."))
    return board


def request_gate(
    *,
    session: Session,
    actor: User,
    experiment_id: int,
    kind: str,
    data: dict[str, Any],
    now: datetime,
    version: int | None = None,
) -> Gate:
    """Open a pilot or decision gate once the record is ready; says what is missing."""
    experiment = get_experiment(session=session, actor=actor, experiment_id=experiment_id)
    require_team(session, actor, experiment)
    try:
        fields = GateRequest.model_validate({**data, "kind": kind})
    except ValidationError as error:
        raise Invalid.from_validation(error) from None
    if version is not None:
        versioning.check_version(experiment, version)
    board = _check_can_open(session, experiment, fields.kind)
    errors = _missing(session, experiment, fields)
    review_date = fields.review_date or (now + timedelta(days=DEFAULT_REVIEW_DAYS)).date()
    if review_date < now.date():
        errors["review_date"] = [N_("The review date cannot be in the past.")]
    if errors:
        raise Invalid(NOT_READY, errors=errors)
    pilot = fields.kind == "pilot"
    gate = Gate(
        experiment_id=pk(experiment),
        board_id=pk(board),
        kind=fields.kind,
        iteration=experiment.iteration,
        requested_by=pk(actor),
        requested_at=now,
        review_date=review_date,
        quorum=board.quorum,
        scorecard=list(board.scorecard),
        evidence_level=board.evidence_levels.get(fields.kind),
        prototype_learnings=fields.prototype_learnings.strip() if pilot else None,
        pilot_plan=fields.pilot_plan.model_dump() if pilot and fields.pilot_plan else None,
        verdict=None if pilot else fields.verdict,
        analysis=None if pilot else fields.analysis.strip(),
        cost_eur=None if pilot else fields.cost_eur,
        stop_criteria_triggered=None
        if pilot
        else [c.strip() for c in fields.stop_criteria_triggered],
    )
    session.add(gate)
    try:
        # The partial unique index refuses a second open gate from a concurrent request.
        session.flush()
    except IntegrityError:
        session.rollback()
        raise Conflict(N_("A gate review is already open for this experiment.")) from None
    access.record(
        session,
        experiment,
        actor,
        "gate_requested",
        {"gate_id": gate.id, "kind": gate.kind, "review_date": review_date.isoformat()},
        now,
    )
    if pilot:
        charter_service.acknowledge(
            session, actor=actor, experiment=experiment, role="owner", now=now, gate_id=gate.id
        )
    access.touch(session, experiment, now)
    notify.gate_requested(session=session, experiment=experiment, gate=gate, now=now)
    session.commit()
    return gate


def withdraw(
    *, session: Session, actor: User, gate_id: int, now: datetime, reason: str = ""
) -> Gate:
    """The team withdraws its open gate; the gate closes without a decision."""
    gate, experiment = access.load(session, actor, gate_id)
    require_team(session, actor, experiment)
    access.require_open(gate, "withdraw")
    access.close(session, gate, "withdrawn", actor, now, gate.version)
    access.record(
        session,
        experiment,
        actor,
        "gate_withdrawn",
        {"gate_id": gate.id, "kind": gate.kind},
        now,
        reason=reason.strip(),
    )
    access.touch(session, experiment, now)
    session.commit()
    return gate
