"""Invariants of the experiment services on a real database, over random sequences of actions.

The owner fires triggers (with random, missing or stale inputs), edits, keeps a journal; a
colleague outside the team tries too. After every step the database itself is checked.
No gate exists yet, so nothing may ever reach the pilot.
"""

from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)
from sqlalchemy import Engine
from sqlmodel import Session, select

from tests.conftest import NOW
from tests.factories import World, make_experiment
from tracker.db import get_engine
from tracker.models import Event, Experiment
from tracker.services import experiments as experiment_service
from tracker.services import journal as journal_service
from tracker.services import transitions as transition_service
from tracker.services.errors import Conflict, Forbidden, GuardFailed, Invalid, ServiceError
from workflows.experiment import STOP_REASONS

TRIGGERS = (
    "start_prototype",
    "go_pilot",
    "begin_evaluation",
    "scale",
    "adapt",
    "complete_scaling",
    "stop",
)
GATE_TRIGGERS = {"go_pilot", "scale", "adapt"}
# The documented edges reachable without a gate (pilot and beyond need one).
EDGES = {
    ("draft", "start_prototype"): "prototype",
    ("prototype", "go_pilot"): "pilot",
    ("prototype", "adapt"): "prototype",
    ("draft", "stop"): "stopped",
    ("prototype", "stop"): "stopped",
}
NO_CHANGE = ("create", "update")


def expected_refusal(
    state: str,
    trigger: str,
    stale: bool,
    complete: bool,
    params: dict[str, Any],
) -> type[ServiceError] | None:
    """What the service must answer to the owner, worked out from the documented rules."""
    if trigger not in TRIGGERS:
        return Invalid
    if (state, trigger) not in EDGES:
        return Conflict
    if trigger in GATE_TRIGGERS:
        return Forbidden
    if stale:
        return Conflict
    if trigger == "start_prototype" and not complete:
        return GuardFailed
    if trigger == "stop" and not (
        params.get("stop_reason") in STOP_REASONS and (params.get("explanation") or "").strip()
    ):
        return GuardFailed
    return None


class ExperimentServices(RuleBasedStateMachine):
    """One experiment per example, driven only through the services."""

    def __init__(self, session: Session, engine: Engine, world: World) -> None:
        super().__init__()
        self.session, self.engine, self.world = session, engine, world
        self.experiment_id = 0
        self.state = "draft"
        self.version = 1
        self.state_changes = 0
        self.seen_version = 1
        self.complete = True
        self.title = ""

    @initialize(complete=st.booleans(), title=st.sampled_from(["Alpha", "Beta"]))
    def create(self, complete: bool, title: str) -> None:
        overrides: dict[str, Any] = {"title": title}
        if not complete:
            overrides["hypothesis"] = ""
        experiment = make_experiment(self.session, self.world.agent_a, NOW, **overrides)
        self.experiment_id, self.complete, self.title = experiment.id, complete, title

    def _version_to_send(self, stale: bool) -> int:
        return (
            (self.version - 1 if self.version > 1 else self.version + 3) if stale else self.version
        )

    @rule(
        trigger=st.sampled_from([*TRIGGERS, "to_pilot"]),
        stale=st.booleans(),
        stop_reason=st.sampled_from([None, "bored", *STOP_REASONS[:3]]),
        explanation=st.sampled_from([None, "", "  ", "Plus de budget."]),
    )
    def owner_fires(
        self, trigger: str, stale: bool, stop_reason: str | None, explanation: str | None
    ) -> None:
        params = {"stop_reason": stop_reason, "explanation": explanation}
        expected = expected_refusal(self.state, trigger, stale, self.complete, params)
        try:
            experiment = transition_service.fire(
                session=self.session,
                actor=self.world.agent_a,
                experiment_id=self.experiment_id,
                trigger=trigger,
                version=self._version_to_send(stale),
                params=params,
                now=NOW,
            )
        except ServiceError as refused:
            assert expected is not None, f"{trigger} from {self.state} was refused: {refused!r}"
            assert type(refused) is expected, f"{trigger} from {self.state}: {refused!r}"
            return
        assert expected is None, f"{trigger} from {self.state} should have been refused"
        assert trigger not in GATE_TRIGGERS
        self.state = EDGES[(self.state, trigger)]
        assert experiment.state == self.state
        self.version += 1
        self.state_changes += 1

    @rule(trigger=st.sampled_from(TRIGGERS))
    def colleague_outside_the_team_fires(self, trigger: str) -> None:
        try:
            transition_service.fire(
                session=self.session,
                actor=self.world.colleague_a,
                experiment_id=self.experiment_id,
                trigger=trigger,
                version=self.version,
                params={"stop_reason": "cost", "explanation": "Pas mon projet."},
                now=NOW,
            )
        except (Conflict, Forbidden) as refused:
            assert isinstance(refused, Forbidden) == ((self.state, trigger) in EDGES)
            return
        raise AssertionError(f"a colleague outside the team fired {trigger}")

    @rule(title=st.sampled_from(["Alpha", "Beta", "Gamma"]), stale=st.booleans())
    def owner_edits(self, title: str, stale: bool) -> None:
        try:
            experiment_service.update(
                session=self.session,
                actor=self.world.agent_a,
                experiment_id=self.experiment_id,
                version=self._version_to_send(stale),
                changes={"title": title},
                now=NOW,
            )
        except Conflict:
            assert stale or self.state in ("stopped", "scaled")
            return
        assert not stale and self.state not in ("stopped", "scaled")
        if title != self.title:
            self.title = title
            self.version += 1

    @rule(kind=st.sampled_from(["note", "incident"]))
    def owner_logs(self, kind: str) -> None:
        journal_service.add_entry(
            session=self.session,
            actor=self.world.agent_a,
            experiment_id=self.experiment_id,
            data={"kind": kind, "body": "Observé sur le terrain."},
            now=NOW,
        )

    @precondition(lambda self: self.state in ("stopped", "scaled"))
    @rule()
    def a_closed_experiment_refuses_every_trigger(self) -> None:
        for trigger in TRIGGERS:
            try:
                transition_service.fire(
                    session=self.session,
                    actor=self.world.agent_a,
                    experiment_id=self.experiment_id,
                    trigger=trigger,
                    version=self.version,
                    params={"stop_reason": "cost", "explanation": "Encore."},
                    now=NOW,
                )
            except Conflict:
                continue
            raise AssertionError(f"{trigger} was accepted from {self.state}")

    @invariant()
    def the_database_agrees(self) -> None:
        if not self.experiment_id:
            return
        # A fresh session: only what was committed counts.
        with Session(self.engine) as fresh:
            experiment = fresh.get(Experiment, self.experiment_id)
            events = fresh.exec(
                select(Event).where(Event.experiment_id == self.experiment_id).order_by(Event.id)
            ).all()
            assert experiment is not None
            assert experiment.state == self.state
            assert experiment.state not in ("pilot", "evaluation", "scaling", "scaled")
            assert events[-1].to_state == experiment.state
            changes = [e for e in events if e.trigger not in NO_CHANGE]
            assert experiment.state == (changes[-1].to_state if changes else "draft")
            # Every state change has exactly one event row, and only state changes have one.
            assert len(changes) == self.state_changes
            assert all(e.from_state != e.to_state for e in changes)
            assert all(e.from_state == e.to_state for e in events if e.trigger == "update")
            assert experiment.version == self.version >= self.seen_version
            self.seen_version = experiment.version


def test_services_keep_the_workflow_invariants(app, session, world):
    engine = get_engine(app)
    run_state_machine_as_test(
        lambda: ExperimentServices(session, engine, world),
        settings=settings(
            max_examples=12,
            stateful_step_count=12,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow],
        ),
    )
