"""Demo paths through the gates that the plain state ladder does not take.

Stops decided by the board at either gate, adapt at the pilot gate and at the decision gate
(restarting at the prototype or at the pilot), a hold followed by a conditional go, and gates
left open with votes waiting for a chair. Each spec names its path in `review["path"]`; the
day of each step is in `spec.days`.
"""

from collections.abc import Callable
from datetime import datetime

from tracker.demo import gates
from tracker.demo.specs import Spec
from tracker.demo.steps import Action, Run, Step, fire
from tracker.services import gates as gate_service


def voted(count: int, recommendation: str) -> Action:
    """`count` board members without a conflict vote on the open gate; no decision yet."""

    def action(run: Run, now: datetime) -> None:
        assert run.gate is not None and run.gate.id is not None, "a gate was requested first"
        team = {run.spec.owner, *run.spec.team}
        for key in [key for key in gates.VOTERS if key not in team][:count]:
            gate_service.vote(
                session=run.session,
                actor=run.people[key],
                gate_id=run.gate.id,
                data={
                    "recommendation": recommendation,
                    "scores": dict(gates.SCORES),
                    "comment": run.spec.review.get("comment", ""),
                },
                now=now,
            )

    return action


def conditions_met(run: Run, now: datetime) -> None:
    """The chair records that the conditions of the experiment's go are met."""
    chair = run.people[gates.CHAIR]
    for gate in gate_service.for_experiment(
        session=run.session, actor=chair, experiment_id=run.experiment_id
    ):
        for condition in gate_service.conditions_of(session=run.session, gate=gate):
            if not condition.met:
                gate_service.mark_condition_met(
                    session=run.session,
                    actor=chair,
                    gate_id=gate.id,  # type: ignore[arg-type]
                    condition_id=condition.id,  # type: ignore[arg-type]
                    now=now,
                )


def _to_evaluation(spec: Spec) -> list[Step]:
    days = spec.days
    return [
        Step(days["prototype"], fire("start_prototype")),
        Step(days["pilot_gate"], gates.request_pilot),
        Step(days["pilot"], gates.decided("go", spec.review["go"])),
        Step(days["evaluation"], fire("begin_evaluation")),
        Step(days["decision_gate"], gates.request_decision),
    ]


def _stop_at_pilot_gate(spec: Spec) -> list[Step]:
    stop = gates.decided("stop", spec.review["rationale"], stop_reason=spec.stop_reason)
    return [
        Step(spec.days["prototype"], fire("start_prototype")),
        Step(spec.days["pilot_gate"], gates.request_pilot),
        Step(spec.days["stopped"], stop),
    ]


def _stop_at_decision_gate(spec: Spec) -> list[Step]:
    stop = gates.decided("stop", spec.review["rationale"], stop_reason=spec.stop_reason)
    return [*_to_evaluation(spec), Step(spec.days["stopped"], stop)]


def _adapt_at_pilot_gate_then_reopen(spec: Spec) -> list[Step]:
    review = spec.review
    adapt = gates.decided("adapt", review["rationale"], changes=review["changes"])
    return [
        Step(spec.days["prototype"], fire("start_prototype")),
        Step(spec.days["pilot_gate"], gates.request_pilot),
        Step(spec.days["adapted"], adapt),
        Step(spec.days["pilot_gate_again"], gates.request_pilot),
        Step(spec.days["voted"], voted(1, "go")),
    ]


def _adapt_at_decision_gate(spec: Spec) -> list[Step]:
    review = spec.review
    adapt = gates.decided(
        "adapt", review["rationale"], changes=review["changes"], restart_at=review["restart_at"]
    )
    return [*_to_evaluation(spec), Step(spec.days["adapted"], adapt)]


def _hold_then_conditional_go(spec: Spec) -> list[Step]:
    review = spec.review
    go = gates.decided("go", review["go"], conditions=list(review["conditions"]))
    return [
        Step(spec.days["prototype"], fire("start_prototype")),
        Step(spec.days["pilot_gate"], gates.request_pilot),
        Step(spec.days["held"], gates.decided("hold", review["hold"])),
        Step(spec.days["pilot_gate_again"], gates.request_pilot),
        Step(spec.days["pilot"], go),
        Step(spec.days["conditions_met"], conditions_met),
        Step(spec.days["evaluation"], fire("begin_evaluation")),
        Step(spec.days["decision_gate"], gates.request_decision),
        Step(spec.days["voted"], voted(2, "scale")),
    ]


PATHS: dict[str, Callable[[Spec], list[Step]]] = {
    "stop_at_pilot_gate": _stop_at_pilot_gate,
    "stop_at_decision_gate": _stop_at_decision_gate,
    "adapt_at_pilot_gate_then_reopen": _adapt_at_pilot_gate_then_reopen,
    "adapt_at_decision_gate": _adapt_at_decision_gate,
    "hold_then_conditional_go": _hold_then_conditional_go,
}


def steps_for(spec: Spec) -> list[Step] | None:
    """The gate path a spec names, or None when it follows the plain ladder to its state."""
    path = spec.review.get("path")
    return PATHS[path](spec) if path else None
