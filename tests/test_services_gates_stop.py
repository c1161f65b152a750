"""Stopping an experiment while its gate is under review."""

from tests.conftest import NOW
from tests.gate_steps import build_cast, decide, in_prototype, request, vote
from tests.stateful_gates_model import attempt, requested
from tracker.services import gates as gate_service
from tracker.services import transitions as transition_service
from tracker.services.errors import Conflict


def test_stopping_withdraws_the_open_gate_and_a_later_decision_is_a_conflict(session, world):
    # Found with the stateful gate test: the gate stayed open on a stopped experiment, and
    # the chair's go then crashed inside the workflow instead of being refused.
    cast = build_cast(session, world)
    experiment = in_prototype(session, cast)
    gate = request(session, cast.owner, experiment, "pilot", requested("pilot", "complete"))
    vote(session, cast.chair, gate, "go")
    vote(session, cast.member, gate, "go")
    transition_service.fire(
        session=session,
        actor=cast.owner,
        experiment_id=experiment.id,
        trigger="stop",
        version=experiment.version,
        params={"stop_reason": "budget_cut", "explanation": "Plus de crédits."},
        now=NOW,
    )
    session.refresh(gate)
    assert gate.status == "withdrawn"
    _, refused = attempt(lambda: decide(session, cast.chair, gate, "go"))
    assert isinstance(refused, Conflict)
    assert gate_service.decision_of(session=session, gate=gate) is None
