"""The gate part of the experiment page: the board, the open gate, past gates, what to request."""

from dataclasses import dataclass
from typing import Any

from sqlmodel import Session

from tracker.forms.boards import BoardChoiceForm
from tracker.forms.gates import ScalingReportForm
from tracker.models import Board, Experiment, Gate, GateCondition, GateDecision, User
from tracker.models.base import pk
from tracker.services import boards as board_service
from tracker.services import gates as gate_service
from tracker.services import gates_access, gates_lock, permissions
from workflows.gate import REQUESTED_FROM


@dataclass
class PastGate:
    gate: Gate
    decision: GateDecision | None
    conditions: list[GateCondition]


def gate_panel(
    session: Session,
    actor: User,
    experiment: Experiment,
    scaling_form: ScalingReportForm | None = None,
) -> dict[str, Any]:
    """What the experiment page shows about gates, read through the services."""
    experiment_id = pk(experiment)
    gates = gate_service.for_experiment(session=session, actor=actor, experiment_id=experiment_id)
    open_gate = next((gate for gate in gates if gate.status == "open"), None)
    on_team = permissions.is_team(session, actor, experiment)
    board_id = permissions.board_id_for(session, experiment)
    requestable = [
        kind
        for kind, state in REQUESTED_FROM.items()
        if on_team and open_gate is None and experiment.state == state
    ]
    is_chair = permissions.is_chair(session, actor, experiment)
    if scaling_form is None:
        scaling_form = ScalingReportForm(formdata=None, data={"version": experiment.version})
    return {
        "board_form": _board_form(session, actor, experiment, on_team and open_gate is None),
        "review_board": session.get(Board, board_id) if board_id is not None else None,
        "open_gate": open_gate,
        "past_gates": [
            PastGate(
                gate,
                gate_service.decision_of(session=session, gate=gate),
                gate_service.conditions_of(session=session, gate=gate),
            )
            for gate in reversed(gates)
            if gate.status != "open"
        ],
        "requestable_gates": requestable,
        "unmet_conditions": gates_access.unmet_conditions(session, experiment_id),
        "can_complete_scaling": is_chair and experiment.state == "scaling",
        "amendments": gates_lock.amendments(session, experiment),
        "scaling_form": scaling_form,
    }


def _board_form(
    session: Session, actor: User, experiment: Experiment, may_choose: bool
) -> BoardChoiceForm | None:
    """The board choice, for the team while no gate is open and there is a choice to make."""
    if not may_choose or experiment.state in ("scaled", "stopped"):
        return None
    boards = board_service.list_(session=session, actor=actor)
    if experiment.organisation_id != actor.organisation_id or len(boards) < 2:
        return None
    default = next((board.name for board in boards if board.is_default), "")
    current = "" if experiment.board_id is None else str(experiment.board_id)
    form = BoardChoiceForm(formdata=None, data={"board_id": current, "version": experiment.version})
    form.set_boards(boards, default)
    return form


def criteria_lock(session: Session, experiment: Experiment | None) -> str | None:
    """Why the criteria are guarded: "review" (a gate is open), "frozen" (after go), or None."""
    if experiment is None or experiment.id is None:
        return None
    if gates_access.open_gate(session, experiment.id) is not None:
        return "review"
    return "frozen" if experiment.criteria_frozen_at is not None else None
