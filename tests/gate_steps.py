"""Steps that take an experiment through its gates with the real services (gate tests)."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlmodel import Session

from tests.conftest import NOW
from tests.factories import World, make_experiment
from tracker.models import Board, Experiment, Gate, GateDecision, User
from tracker.services import boards as board_service
from tracker.services import gates as gate_service
from tracker.services import journal as journal_service
from tracker.services import transitions as transition_service

PILOT_REQUEST: dict[str, Any] = {
    "prototype_learnings": "Les usagers comprennent le guichet sans aide.",
    "pilot_plan": {
        "territory": "Lozère",
        "population": "Demandeurs du RSA de deux cantons",
        "duration_weeks": 12,
        "partners": ["CAF de la Lozère"],
        "budget_eur": 15000,
    },
    # The owner read the charter (needed only when the organisation has one).
    "charter_acknowledged": True,
}
DECISION_REQUEST: dict[str, Any] = {
    "verdict": "conclusive_positive",
    "analysis": "Le taux d'abandon est passé de 40 % à 15 %.",
    "cost_eur": 14200,
}
SCORES = {
    "legal_ok": True,
    "user_value": 4,
    "evidence_strength": 3,
    "feasibility": 4,
    "cost": 3,
    "partner_commitment": 5,
}
# What each decision needs besides its rationale.
DECISION_INPUTS: dict[str, dict[str, Any]] = {
    "go": {"charter_acknowledged": True},
    "scale": {"route": "replication", "scaling_plan": "Essaimage dans trois départements."},
    "adapt": {"changes": "Simplifier le formulaire, qui décourage encore."},
    "stop": {"stop_reason": "no_impact"},
    "hold": {},
}


@dataclass
class Cast:
    """Who is who around the experiment and its board."""

    board: Board
    owner: User  # agent_a, a board member too (conflicted)
    teammate: User  # colleague_a, on the team and on the board (conflicted)
    chair: User  # reviewer_a
    member: User  # admin_a, a member who is not a chair
    outsider: User  # agent_b, another organisation


def build_cast(session: Session, world: World) -> Cast:
    """The default board of organisation A: one chair, three members, quorum 2."""
    board = board_service.create_board(
        session=session,
        actor=world.admin_a,
        data={
            "name": "Comité d'innovation",
            "chairs": ["reviewer@a.example"],
            "members": ["admin@a.example", "agent@a.example", "colleague@a.example"],
            "quorum": 2,
        },
        now=NOW,
    )
    return Cast(
        board=board,
        owner=world.agent_a,
        teammate=world.colleague_a,
        chair=world.reviewer_a,
        member=world.admin_a,
        outsider=world.agent_b,
    )


def start_prototype(session: Session, owner: User, experiment: Experiment) -> Experiment:
    """Fire start_prototype as the owner."""
    return transition_service.fire(
        session=session,
        actor=owner,
        experiment_id=experiment.id,
        trigger="start_prototype",
        version=experiment.version,
        params={},
        now=NOW,
    )


def in_prototype(session: Session, cast: Cast, **fields: Any) -> Experiment:
    """A new experiment of the owner (colleague on the team) moved to prototype."""
    fields.setdefault("team", [cast.teammate.email])
    experiment = make_experiment(session, cast.owner, NOW, **fields)
    return start_prototype(session, cast.owner, experiment)


def request(
    session: Session, actor: User, experiment: Experiment, kind: str, data: dict[str, Any]
) -> Gate:
    """Request a gate on the experiment."""
    return gate_service.request_gate(
        session=session, actor=actor, experiment_id=experiment.id, kind=kind, data=data, now=NOW
    )


def vote(session: Session, voter: User, gate: Gate, recommendation: str, **data: Any):
    """Cast (or change) a vote with a complete scorecard."""
    return gate_service.vote(
        session=session,
        actor=voter,
        gate_id=gate.id,
        data={"recommendation": recommendation, "scores": dict(SCORES), **data},
        now=NOW,
    )


def decide(
    session: Session, chair: User, gate: Gate, decision: str, now: datetime = NOW, **data: Any
) -> GateDecision:
    """A chair's decision with a rationale and what the decision needs."""
    payload = {"decision": decision, "rationale": "Décision motivée du comité."}
    payload.update(DECISION_INPUTS[decision])
    payload.update(data)
    return gate_service.decide(session=session, actor=chair, gate_id=gate.id, data=payload, now=now)


def reviewed(session: Session, cast: Cast, gate: Gate, decision: str, **data: Any) -> GateDecision:
    """Both eligible voters recommend `decision`, then the chair decides it."""
    vote(session, cast.chair, gate, decision)
    vote(session, cast.member, gate, decision)
    return decide(session, cast.chair, gate, decision, **data)


def in_pilot(session: Session, cast: Cast) -> Experiment:
    """Through the pilot gate with a go."""
    experiment = in_prototype(session, cast)
    gate = request(session, cast.owner, experiment, "pilot", PILOT_REQUEST)
    reviewed(session, cast, gate, "go")
    return experiment


def evaluate(
    session: Session, cast: Cast, experiment: Experiment, measured: bool = True
) -> Experiment:
    """Log pilot evidence (a measurement of the success criterion, or only a note), then
    begin the evaluation."""
    entry = {"kind": "measurement", "indicator": "Taux d'abandon", "value": 15}
    if not measured:
        entry = {"kind": "note", "body": "Premiers dossiers reçus."}
    journal_service.add_entry(
        session=session,
        actor=cast.teammate,
        experiment_id=experiment.id,
        data=entry,
        now=NOW + timedelta(days=30),
    )
    return transition_service.fire(
        session=session,
        actor=cast.owner,
        experiment_id=experiment.id,
        trigger="begin_evaluation",
        version=experiment.version,
        params={},
        now=NOW + timedelta(days=90),
    )


def in_evaluation(session: Session, cast: Cast) -> Experiment:
    """Through the pilot gate, a measured pilot, then evaluation."""
    return evaluate(session, cast, in_pilot(session, cast))
