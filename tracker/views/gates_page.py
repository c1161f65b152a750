"""What the gate page shows: the evidence, the votes and totals, and who may do what."""

from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, select

from tracker.forms.gates import ConfirmForm, DecisionForm, WithdrawForm, vote_form
from tracker.models import Board, Experiment, Gate, JournalEntry, User, Vote
from tracker.models.base import pk
from tracker.services import gates as gate_service
from tracker.services import gates_evidence, permissions
from tracker.services import meetings as meeting_service


@dataclass
class Measured:
    """A success criterion with the values measured in the journal this iteration."""

    indicator: str
    target: str
    values: list[float]


def _names(session: Session, ids: set[int | None]) -> dict[int, str]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    users = session.exec(select(User).where(User.id.in_(wanted))).all()  # type: ignore[union-attr]
    return {user.id: user.name for user in users}  # type: ignore[misc]


def measured_criteria(session: Session, experiment: Experiment) -> list[Measured]:
    """Each success criterion with its journal measurements (for the decision gate request)."""
    entries = session.exec(
        select(JournalEntry).where(
            JournalEntry.experiment_id == experiment.id,
            JournalEntry.kind == "measurement",
            JournalEntry.iteration == experiment.iteration,
        )
    ).all()
    result = []
    for criterion in experiment.success_criteria:
        wanted = criterion["indicator"].strip().lower()
        values = [
            e.value
            for e in entries
            if (e.indicator or "").strip().lower() == wanted and e.value is not None
        ]
        result.append(Measured(criterion["indicator"], criterion.get("target", ""), values))
    return result


def _vote_form(gate: Gate, mine: Vote | None) -> Any:
    """The vote form, prefilled with the actor's current vote when there is one."""
    if mine is None:
        return vote_form(gate.scorecard, gate.kind, formdata=None)
    data: dict[str, Any] = {"recommendation": mine.recommendation, "comment": mine.comment}
    for item in gate.scorecard:
        value = mine.scores.get(item["key"])
        if isinstance(value, bool):
            data[f"score_{item['key']}"] = "yes" if value else "no"
        elif value is not None:
            data[f"score_{item['key']}"] = str(value)
    return vote_form(gate.scorecard, gate.kind, formdata=None, data=data)


def gate_context(
    session: Session,
    actor: User,
    gate: Gate,
    experiment: Experiment,
    *,
    vote_form_: Any = None,
    decision_form: DecisionForm | None = None,
    problem: list[str] | None = None,
) -> dict[str, Any]:
    """Everything the gate template needs, read through the services."""
    votes = gate_service.votes_of(session=session, gate=gate)
    decision = gate_service.decision_of(session=session, gate=gate)
    is_open = gate.status == "open"
    on_team = permissions.is_team(session, actor, experiment)
    member = permissions.is_board_member(session, actor, gate.board_id)
    chair = permissions.is_board_member(session, actor, gate.board_id, chair=True)
    mine = next((v for v, voter in votes if voter.id == actor.id), None)
    frozen = gates_evidence.frozen_criteria(session, gate.experiment_id)
    results = []
    if gate.kind == "decision":
        results = gate_service.criteria_results(session=session, actor=actor, gate_id=gate.id)  # type: ignore[arg-type]
    if vote_form_ is None:
        vote_form_ = _vote_form(gate, mine)
    if decision_form is None:
        decision_form = DecisionForm(formdata=None, kind=gate.kind, data={"version": gate.version})
    names = _names(session, {gate.requested_by, decision.decided_by if decision else None})
    return {
        "gate": gate,
        "experiment": experiment,
        "board": session.get(Board, gate.board_id),
        "requested_by": names.get(gate.requested_by, ""),
        "decided_by": names.get(decision.decided_by, "") if decision else "",
        "criteria_results": results,
        "stop_criteria": frozen["stop_criteria"] if frozen else experiment.stop_criteria,
        "stop_results": gates_evidence.stop_criteria_results(session, gate),
        "meetings": meeting_service.for_gate(session=session, actor=actor, gate_id=pk(gate)),
        "votes": votes,
        "totals": gate_service.score_totals(gate.scorecard, [v for v, _voter in votes]),
        "decision": decision,
        "conditions": gate_service.conditions_of(session=session, gate=gate),
        "my_vote": mine,
        "can_vote": is_open and member and not on_team,
        "conflicted": is_open and member and on_team,
        "is_chair": chair and not on_team,
        "can_decide": is_open and chair and not on_team and len(votes) >= gate.quorum,
        "can_withdraw": is_open and on_team,
        "vote_form": vote_form_,
        "decision_form": decision_form,
        "withdraw_form": WithdrawForm(formdata=None),
        "confirm_form": ConfirmForm(formdata=None),
        "problem": problem or [],
    }
