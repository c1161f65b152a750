"""What a board reads before deciding: criteria against measurements, and the score totals."""

from typing import Any

from sqlmodel import Session, col, select

from tracker.models import Experiment, Gate, GateDecision, JournalEntry, User, Vote
from tracker.services import gates_access as access


def _met(value: float | None, criterion: dict[str, Any]) -> bool | None:
    """Whether the latest value reaches the target; None when it cannot be judged."""
    target, direction = criterion.get("target_value"), criterion.get("direction")
    if value is None or target is None or direction is None:
        return None
    return value >= target if direction == "at_least" else value <= target


def frozen_criteria(session: Session, experiment_id: int) -> dict[str, Any] | None:
    """The criteria as frozen by the experiment's latest go, if there was one."""
    frozen = session.exec(
        select(GateDecision.frozen_criteria)
        .join(Gate, col(Gate.id) == GateDecision.gate_id)
        .where(Gate.experiment_id == experiment_id, GateDecision.decision == "go")
        .order_by(col(GateDecision.id).desc())
    ).first()
    return dict(frozen) if frozen else None


def criteria_results(*, session: Session, actor: User, gate_id: int) -> list[dict[str, Any]]:
    """Each success criterion (as frozen at go, else as it stands) with its measured values.

    Values are the journal measurements of the gate's iteration, oldest first; `met` compares
    the latest with the numeric target when the criterion has one.
    """
    gate, experiment = access.load(session, actor, gate_id)
    frozen = frozen_criteria(session, gate.experiment_id)
    criteria = frozen["success_criteria"] if frozen else experiment.success_criteria
    entries = session.exec(
        select(JournalEntry)
        .where(
            JournalEntry.experiment_id == gate.experiment_id,
            JournalEntry.kind == "measurement",
            JournalEntry.iteration == gate.iteration,
        )
        .order_by(col(JournalEntry.occurred_on), col(JournalEntry.id))
    ).all()
    results = []
    for criterion in criteria:
        wanted = criterion["indicator"].strip().lower()
        values = [e.value for e in entries if (e.indicator or "").strip().lower() == wanted]
        latest = values[-1] if values else None
        results.append(
            {
                **criterion,
                "frozen": bool(frozen),
                "values": values,
                "latest": latest,
                "met": _met(latest, criterion),
            }
        )
    return results


def score_totals(scorecard: list[dict], votes: list[Vote]) -> list[dict[str, Any]]:
    """Per scorecard criterion: the sum and mean of scores, or the yes/no count of a knock-out."""
    totals = []
    for item in scorecard:
        answers = [vote.scores[item["key"]] for vote in votes if item["key"] in vote.scores]
        summary: dict[str, Any] = {"answers": len(answers)}
        if item["kind"] == "knockout":
            summary.update(yes=answers.count(True), no=answers.count(False))
        else:
            total = sum(answers)
            summary.update(total=total, mean=round(total / len(answers), 2) if answers else None)
        totals.append({**item, **summary})
    return totals


def stop_criteria_results(session: Session, gate: Gate) -> list[dict[str, Any]]:
    """Each stop criterion (as frozen at go) and whether the owner declared it triggered."""
    frozen = frozen_criteria(session, gate.experiment_id)
    if frozen is not None:
        criteria = list(frozen["stop_criteria"])
    else:
        experiment = session.get(Experiment, gate.experiment_id)
        criteria = list(experiment.stop_criteria) if experiment else []
    triggered = set(gate.stop_criteria_triggered or [])
    return [{"criterion": c, "triggered": c.strip() in triggered} for c in criteria]
