"""The security scenario's experiments for routes to scale and derogations.

Their routes need an experiment in `scaling` that rests on a derogation: the shared internal
and public experiments each get such a twin, made once when a URL first needs it.
"""

from datetime import datetime
from typing import Any

from sqlmodel import Session, select

from tests import gate_steps
from tests.factories import World, make_experiment
from tracker.models import Derogation, Experiment, ScalingPlan
from tracker.services import derogations as derogation_service
from tracker.services import gates as gate_service
from tracker.services import journal as journal_service
from tracker.services import transitions as transition_service

SCALING_ENDPOINTS = frozenset(
    {
        "api.get_scaling_plan",
        "api.save_scaling_plan",
        "api.get_derogation",
        "api.save_derogation",
        "scaling.plan",
        "scaling.save_plan",
        "scaling.derogation",
        "scaling.save_derogation",
    }
)
MATRIX_DEROGATION = {
    "kind": "prefect",
    "reference": "Arrêté préfectoral 2026-12",
    "starts_on": "2026-01-01",
    "expires_on": "2027-12-31",
}


def _gate(
    session: Session,
    world: World,
    experiment: Experiment,
    kind: str,
    decision: str,
    request: dict[str, Any],
    now: datetime,
    **data: Any,
) -> None:
    gate = gate_service.request_gate(
        session=session, actor=world.agent_a, experiment_id=experiment.id, kind=kind,
        data=request, now=now,
    )  # fmt: skip
    gate_service.vote(
        session=session, actor=world.admin_a, gate_id=gate.id,
        data={"recommendation": decision, "scores": dict(gate_steps.SCORES)}, now=now,
    )  # fmt: skip
    gate_service.decide(
        session=session, actor=world.reviewer_a, gate_id=gate.id,
        data={"decision": decision, "rationale": "Matrice", **data}, now=now,
    )  # fmt: skip


def scaling_experiment(
    session: Session, world: World, visibility: str, now: datetime
) -> Experiment:
    """A new experiment of agent_a (colleague_a on the team), taken to `scaling` through the
    scenario's board (admin_a votes, reviewer_a decides), with a derogation recorded."""
    experiment = make_experiment(
        session, world.agent_a, now, visibility=visibility, team=[world.colleague_a.email]
    )
    fire = transition_service.fire
    fire(session=session, actor=world.agent_a, experiment_id=experiment.id,
         trigger="start_prototype", version=experiment.version, params={}, now=now)  # fmt: skip
    _gate(session, world, experiment, "pilot", "go", gate_steps.PILOT_REQUEST, now)
    journal_service.add_entry(
        session=session, actor=world.agent_a, experiment_id=experiment.id,
        data={"kind": "measurement", "indicator": "Taux d'abandon", "value": 15}, now=now,
    )  # fmt: skip
    session.refresh(experiment)
    fire(session=session, actor=world.agent_a, experiment_id=experiment.id,
         trigger="begin_evaluation", version=experiment.version, params={}, now=now)  # fmt: skip
    _gate(
        session, world, experiment, "decision", "scale", gate_steps.DECISION_REQUEST, now,
        **gate_steps.DECISION_INPUTS["scale"],
    )  # fmt: skip
    derogation_service.save(
        session=session, actor=world.agent_a, experiment_id=experiment.id, version=None,
        data=MATRIX_DEROGATION, now=now,
    )  # fmt: skip
    session.refresh(experiment)
    return experiment


def versions(session: Session, experiment: Experiment) -> tuple[int, int]:
    """The current versions of the twin's scaling plan (1 before its first save) and
    derogation, read again so that each request sends what the team last saw."""
    session.expire_all()
    plan = session.exec(
        select(ScalingPlan.version).where(ScalingPlan.experiment_id == experiment.id)
    ).first()
    derogation = session.exec(
        select(Derogation.version).where(Derogation.experiment_id == experiment.id)
    ).first()
    return plan or 1, derogation or 1


def twin(scenario: Any, experiment: Experiment) -> Experiment:
    """The scaling twin of the scenario's shared internal or public experiment (made once)."""
    for kind in ("internal", "public"):
        if experiment is getattr(scenario, kind):
            if kind not in scenario.scaling:
                scenario.scaling[kind] = scaling_experiment(
                    scenario.gates.session, scenario.world, kind, scenario.gates.now
                )
            return scenario.scaling[kind]
    return experiment


def plan_body(scenario: Any, experiment: Experiment | None, **extra: Any) -> dict[str, Any]:
    """A save of the twin's plan with the version the team last saw."""
    assert experiment is not None
    plan, _derogation = versions(scenario.gates.session, twin(scenario, experiment))
    return {"version": plan, "carrier": "Matrice", **extra}


def derogation_body(scenario: Any, experiment: Experiment | None) -> dict[str, Any]:
    """A correction of the twin's derogation with the version the team last saw."""
    assert experiment is not None
    _plan, derogation = versions(scenario.gates.session, twin(scenario, experiment))
    return {**MATRIX_DEROGATION, "version": derogation}


def plan_form(scenario: Any, experiment: Experiment | None) -> dict[str, Any]:
    """The plan form as a browser posts it."""
    body = plan_body(scenario, experiment, route="public_policy")
    return {key: str(value) for key, value in body.items()}


def derogation_form(scenario: Any, experiment: Experiment | None) -> dict[str, Any]:
    """The derogation form as a browser posts it."""
    return {key: str(value) for key, value in derogation_body(scenario, experiment).items()}
