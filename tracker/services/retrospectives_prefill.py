"""What the system already knows when a team writes its retrospective.

The template asks for judgement; the facts come from the record, so nobody retypes them
months later from memory.
"""

from typing import Any

from sqlmodel import Session, col, select

from tracker.models import Event, Experiment, Gate, GateDecision, JournalEntry


def _frozen_criteria(session: Session, experiment: Experiment) -> dict[str, Any]:
    """The criteria frozen at the last go, else the current ones (never frozen)."""
    frozen = session.exec(
        select(GateDecision.frozen_criteria)
        .join(Gate, col(Gate.id) == GateDecision.gate_id)
        .where(Gate.experiment_id == experiment.id, col(GateDecision.frozen_criteria).is_not(None))
        .order_by(col(GateDecision.id).desc())
    ).first()
    if frozen:
        return {**frozen, "frozen": True}
    return {
        "success_criteria": list(experiment.success_criteria),
        "stop_criteria": list(experiment.stop_criteria),
        "frozen": False,
    }


def _met(value: float | None, criterion: dict[str, Any]) -> bool | None:
    """Whether the last value reaches the target; None when it cannot be judged."""
    target, direction = criterion.get("target_value"), criterion.get("direction")
    if value is None or target is None or direction is None:
        return None
    return value >= target if direction == "at_least" else value <= target


def _measurements(
    session: Session, experiment: Experiment, criteria: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Each success criterion with the last value measured for its indicator."""
    rows = session.exec(
        select(JournalEntry)
        .where(JournalEntry.experiment_id == experiment.id, JournalEntry.kind == "measurement")
        .order_by(col(JournalEntry.id))
    ).all()
    last: dict[str, JournalEntry] = {}
    for row in rows:
        last[(row.indicator or "").strip().lower()] = row
    result = []
    for criterion in criteria:
        entry = last.get(str(criterion.get("indicator") or "").strip().lower())
        value = entry.value if entry is not None else None
        result.append(
            {
                "indicator": criterion.get("indicator"),
                "target": criterion.get("target"),
                "last_value": value,
                "measured_on": entry.occurred_on.isoformat()
                if entry is not None and entry.occurred_on
                else None,
                "met": _met(value, criterion),
            }
        )
    return result


def _timeline(session: Session, experiment: Experiment) -> list[dict[str, Any]]:
    events = session.exec(
        select(Event).where(Event.experiment_id == experiment.id).order_by(col(Event.id))
    ).all()
    return [
        {
            "at": event.at.isoformat(),
            "trigger": event.trigger,
            "from_state": event.from_state,
            "to_state": event.to_state,
            "reason": event.reason,
        }
        for event in events
    ]


def _gate_decisions(session: Session, experiment: Experiment) -> list[dict[str, Any]]:
    rows = session.exec(
        select(Gate, GateDecision)
        .join(GateDecision, col(GateDecision.gate_id) == Gate.id)
        .where(Gate.experiment_id == experiment.id)
        .order_by(col(GateDecision.id))
    ).all()
    return [
        {
            "gate_id": gate.id,
            "kind": gate.kind,
            "decision": decision.decision,
            "rationale": decision.rationale,
            "decided_at": decision.decided_at.isoformat(),
            "stop_reason": decision.stop_reason,
        }
        for gate, decision in rows
    ]


def prefill(session: Session, experiment: Experiment) -> dict[str, Any]:
    """The facts shown beside the template: hypothesis, criteria, measurements, history."""
    criteria = _frozen_criteria(session, experiment)
    return {
        "problem": experiment.problem,
        "hypothesis": experiment.hypothesis,
        "target_users": experiment.target_users,
        "stop_reason": experiment.stop_reason,
        "stop_explanation": experiment.stop_explanation,
        "criteria": criteria,
        "measurements": _measurements(session, experiment, criteria.get("success_criteria") or []),
        "timeline": _timeline(session, experiment),
        "gate_decisions": _gate_decisions(session, experiment),
    }
