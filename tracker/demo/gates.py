"""Gate reviews in the demo: each organisation's board, requests, votes and decisions."""

from datetime import datetime
from typing import Any

from sqlmodel import Session

from tracker.demo.steps import Action, Run
from tracker.models import User
from tracker.services import boards as board_service
from tracker.services import gates as gate_service
from tracker.services import transitions as transition_service

CHAIR = "reviewer"
# Voters in order of preference; the owner and the team never vote on their experiment.
VOTERS = ("reviewer", "admin", "agent2", "agent")
SCORES = {
    "legal_ok": True,
    "user_value": 4,
    "evidence_strength": 3,
    "feasibility": 4,
    "cost": 3,
    "partner_commitment": 4,
}


def create_board(session: Session, people: dict[str, User], name: str, now: datetime) -> None:
    """The organisation's default board: the reviewer chairs, everyone else sits on it."""
    board_service.create_board(
        session=session,
        actor=people["admin"],
        data={
            "name": f"Comité d'innovation — {name}",
            "chairs": [people[CHAIR].email],
            "members": [people[key].email for key in VOTERS if key != CHAIR],
            "quorum": 2,
            "meeting_cadence": "mensuel",
        },
        now=now,
    )


def request_pilot(run: Run, now: datetime) -> None:
    """The team asks the board for a pilot, with what the prototype taught and a plan."""
    review = run.spec.review
    fields = run.spec.fields
    plan = {
        "territory": fields["territory"],
        "population": fields["target_users"],
        "duration_weeks": review.get("duration_weeks", 16),
        "partners": review["partners"],
        "budget_eur": review["budget_eur"],
    }
    # The owner acknowledges the organisation's right-to-fail charter with the request.
    data = {
        "prototype_learnings": review["learnings"],
        "pilot_plan": plan,
        "charter_acknowledged": True,
    }
    run.gate = gate_service.request_gate(
        session=run.session,
        actor=run.owner,
        experiment_id=run.experiment_id,
        kind="pilot",
        data=data,
        now=now,
    )


def request_decision(run: Run, now: datetime) -> None:
    """The team brings the evidence of the pilot to the decision gate."""
    review = run.spec.review
    data = {
        "verdict": review["verdict"],
        "analysis": review["analysis"],
        "cost_eur": review["cost_eur"],
    }
    run.gate = gate_service.request_gate(
        session=run.session,
        actor=run.owner,
        experiment_id=run.experiment_id,
        kind="decision",
        data=data,
        now=now,
    )


def decided(decision: str, rationale: str, **inputs: Any) -> Action:
    """Two board members without a conflict vote `decision`, then the chair decides it."""

    def action(run: Run, now: datetime) -> None:
        assert run.gate is not None and run.gate.id is not None, "a gate was requested first"
        team = {run.spec.owner, *run.spec.team}
        voters = [key for key in VOTERS if key not in team][:2]
        for key in voters:
            gate_service.vote(
                session=run.session,
                actor=run.people[key],
                gate_id=run.gate.id,
                data={"recommendation": decision, "scores": dict(SCORES)},
                now=now,
            )
        gate_service.decide(
            session=run.session,
            actor=run.people[CHAIR],
            gate_id=run.gate.id,
            # A go at the pilot gate carries the chair's charter acknowledgement.
            data={
                "decision": decision,
                "rationale": rationale,
                "charter_acknowledged": decision == "go",
                **inputs,
            },
            now=now,
        )
        run.gate = None

    return action


def complete_scaling(run: Run, now: datetime) -> None:
    """The chair closes the scaling with its report."""
    transition_service.fire(
        session=run.session,
        actor=run.people[CHAIR],
        experiment_id=run.experiment_id,
        trigger="complete_scaling",
        version=run.current.version,
        params={"scaling_report": run.spec.review["scaling_report"]},
        now=now,
    )
