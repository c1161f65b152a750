"""Shared steps of the gate services: loading, open gates, closing, experiment events."""

from datetime import datetime
from typing import Any

from sqlalchemy import update
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import Session, col, select

from tracker.models import Event, Experiment, Gate, GateCondition, User
from tracker.models.base import pk
from tracker.services.errors import Conflict, NotFound
from tracker.services.permissions import can_view
from workflows.definition import N_
from workflows.gate import GATE
from workflows.machine import InvalidTransition, missing_guards

CLOSED = N_("This gate is already closed.")
CHANGED = N_("This gate was changed by someone else meanwhile; reload it and try again.")


def load(session: Session, actor: User, gate_id: int) -> tuple[Gate, Experiment]:
    """The gate and its experiment if the actor may see the experiment (NotFound otherwise)."""
    gate = session.get(Gate, gate_id)
    experiment = session.get(Experiment, gate.experiment_id) if gate is not None else None
    if gate is None or experiment is None or not can_view(actor, experiment):
        raise NotFound(N_("Gate not found."))
    return gate, experiment


def require_open(gate: Gate, trigger: str) -> None:
    """Conflict unless the gate lifecycle allows `trigger` from the gate's status."""
    try:
        missing_guards(GATE, gate.status, trigger, {}, record_only=True)
    except InvalidTransition:
        raise Conflict(CLOSED) from None


def open_gate(session: Session, experiment_id: int) -> Gate | None:
    """The experiment's open gate, if any (there is at most one)."""
    return session.exec(
        select(Gate).where(Gate.experiment_id == experiment_id, Gate.status == "open")
    ).first()


def unmet_conditions(session: Session, experiment_id: int) -> list[GateCondition]:
    """Conditions of the experiment's past decisions that are not met yet."""
    return list(
        session.exec(
            select(GateCondition)
            .join(Gate, col(Gate.id) == GateCondition.gate_id)
            .where(Gate.experiment_id == experiment_id, col(GateCondition.met) == False)  # noqa: E712
            .order_by(col(GateCondition.id))
        ).all()
    )


def close(session: Session, gate: Gate, status: str, actor: User, now: datetime, seen: int) -> None:
    """UPDATE gates ... WHERE version = :seen AND status = 'open'; zero rows is a conflict.

    On PostgreSQL the row lock makes a second closer wait, then find the gate closed.
    """
    result = session.execute(
        update(Gate)
        .where(col(Gate.id) == gate.id, col(Gate.version) == seen, col(Gate.status) == "open")
        .values(status=status, version=seen + 1, closed_at=now, closed_by=actor.id)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        session.rollback()
        raise Conflict(CHANGED)
    values = {"status": status, "version": seen + 1, "closed_at": now, "closed_by": actor.id}
    for key, value in values.items():
        set_committed_value(gate, key, value)


def touch(session: Session, experiment: Experiment, now: datetime) -> None:
    """Mark activity on the experiment without a version bump (nobody's form goes stale)."""
    session.execute(
        update(Experiment)
        .where(col(Experiment.id) == experiment.id)
        .values(last_activity_at=now)
        .execution_options(synchronize_session=False)
    )
    set_committed_value(experiment, "last_activity_at", now)


def record(
    session: Session,
    experiment: Experiment,
    actor: User,
    trigger: str,
    data: dict[str, Any],
    now: datetime,
    reason: str = "",
) -> Event:
    """An event on the experiment's timeline that does not change its state."""
    event = Event(
        experiment_id=pk(experiment),
        trigger=trigger,
        from_state=experiment.state,
        to_state=experiment.state,
        actor_id=actor.id,
        reason=reason,
        data=data,
        at=now,
    )
    session.add(event)
    return event
