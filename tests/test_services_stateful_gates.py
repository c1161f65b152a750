"""Invariants of the experiment and gate services on a real database, over random actions.

One board (a chair, a member, and the owner and a teammate who are members too, so
conflicted), quorum 2. The owner fires its triggers, keeps a journal, requests and withdraws
gates with valid and broken inputs; members vote (the conflicted too); the chair decides with
any decision, with or without quorum, and completes the scaling. Each answer is predicted
from the documented rules (tests/stateful_gates_model.py), and after every step the database
itself is checked.
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
from sqlmodel import Session

from tests.conftest import NOW
from tests.factories import make_experiment
from tests.gate_steps import (
    SCORES,
    Cast,
    build_cast,
    decide,
    in_evaluation,
    in_pilot,
    in_prototype,
    request,
    vote,
)
from tests.stateful_gates_model import (
    TRIGGERS,
    Expected,
    attempt,
    check_database,
    decision_inputs,
    last_go_gate,
    refusal,
    requested,
)
from tracker.db import get_engine
from tracker.models import Experiment, Gate
from tracker.services import gates as gate_service
from tracker.services import journal as journal_service
from tracker.services import transitions as transition_service
from tracker.services.errors import Conflict
from workflows.experiment import EXPERIMENT, STOP_REASONS, TERMINAL
from workflows.gate import DECISIONS, DECISIONS_BY_KIND, REQUESTED_FROM

STARTS = ("draft", "prototype", "pilot", "evaluation")
INDICATOR = "Taux d'abandon"  # the success criterion of tests.factories.ready_fields
# Every input any trigger takes, so a terminal state's refusal cannot come from a guard.
EVERYTHING = {"stop_reason": "cost", "explanation": "Encore.", "scaling_report": "Rapport."}


class GateServices(RuleBasedStateMachine):
    """One experiment per example, its gates reviewed by the board, through the services only."""

    def __init__(self, session: Session, engine: Engine, cast: Cast) -> None:
        super().__init__()
        self.session, self.engine, self.cast = session, engine, cast
        self.x = Expected()

    @initialize(start=st.sampled_from(STARTS))
    def create(self, start: str) -> None:
        # Starting further along, through the same services, lets short runs reach the
        # decision gate and the scaling.
        if start == "draft":
            team = [self.cast.teammate.email]
            experiment = make_experiment(self.session, self.cast.owner, NOW, team=team)
        else:
            steps = {"prototype": in_prototype, "pilot": in_pilot, "evaluation": in_evaluation}
            experiment = steps[start](self.session, self.cast)
        self.x = Expected(
            experiment_id=experiment.id,
            state=start,
            version=experiment.version,
            state_changes=STARTS.index(start),
            measured=start == "evaluation",
        )

    @rule(
        trigger=st.sampled_from(("start_prototype", "begin_evaluation", "stop")),
        stale=st.booleans(),
        stop_reason=st.sampled_from([None, "bored", *STOP_REASONS[:2]]),
        explanation=st.sampled_from(["", "Plus de budget."]),
    )
    def owner_fires(self, trigger: str, stale: bool, stop_reason: Any, explanation: str) -> None:
        self._fire(trigger, stale, stop_reason, explanation)

    @precondition(lambda self: self.x.state in ("draft", "pilot"))
    @rule()
    def owner_moves_on(self) -> None:
        self._fire("start_prototype" if self.x.state == "draft" else "begin_evaluation")

    @precondition(lambda self: self.x.gate_open)
    @rule(reason=st.sampled_from(STOP_REASONS[:3]))
    def owner_stops_during_a_review(self, reason: str) -> None:
        self._fire("stop", False, reason, "Le pilote est annulé.")

    def _fire(
        self, trigger: str, stale: bool = False, stop_reason: Any = None, explanation: str = ""
    ) -> None:
        x = self.x
        expected = x.fire_refusal(trigger, stale, stop_reason, explanation)
        params = {"stop_reason": stop_reason, "explanation": explanation}
        version = x.version - 1 if stale else x.version
        _, refused = attempt(lambda: self._fire_as("owner", trigger, params, version))
        assert refusal(refused) is expected, f"{trigger} from {x.state}: {refused!r}"
        if expected is None:
            x.moved(EXPERIMENT.transitions_from(x.state, trigger)[0].dest)
            if trigger == "stop":
                x.gate_closed()  # stopping withdraws the open gate

    @rule(measurement=st.booleans())
    def teammate_logs(self, measurement: bool) -> None:
        entry: dict[str, Any] = {"kind": "note", "body": "Observé sur le terrain."}
        if measurement:
            entry = {"kind": "measurement", "indicator": INDICATOR, "value": 15}
        journal_service.add_entry(
            session=self.session,
            actor=self.cast.teammate,
            experiment_id=self.x.experiment_id,
            data=entry,
            now=NOW,
        )
        self.x.pilot_entries += self.x.state == "pilot"
        self.x.measured = self.x.measured or measurement

    @rule(
        kind=st.sampled_from(["pilot", "decision"]),
        variant=st.sampled_from(["complete", "incomplete", "malformed"]),
    )
    def owner_requests_a_gate(self, kind: str, variant: str) -> None:
        self._request(kind, variant)

    @precondition(lambda self: self.x.state in ("prototype", "evaluation") and not self.x.gate_open)
    @rule()
    def owner_requests_the_next_gate(self) -> None:
        self._request("pilot" if self.x.state == "prototype" else "decision", "complete")

    def _request(self, kind: str, variant: str) -> None:
        x = self.x
        expected = x.request_refusal(kind, variant)
        experiment = self.session.get(Experiment, x.experiment_id)
        body = requested(kind, variant)
        gate, refused = attempt(
            lambda: request(self.session, self.cast.owner, experiment, kind, body)
        )
        assert refusal(refused) is expected, f"{kind} gate from {x.state}: {refused!r}"
        if expected is None:
            x.gate_id, x.gate_kind, x.gate_open, x.votes = gate.id, kind, True, {}

    @precondition(lambda self: self.x.gate_id)
    @rule()
    def owner_withdraws(self) -> None:
        _, refused = attempt(
            lambda: gate_service.withdraw(
                session=self.session, actor=self.cast.owner, gate_id=self.x.gate_id, now=NOW
            )
        )
        assert refusal(refused) is (None if self.x.gate_open else Conflict), repr(refused)
        self.x.gate_closed()

    @precondition(lambda self: self.x.gate_id)
    @rule(
        who=st.sampled_from(["chair", "member", "owner", "teammate"]),
        recommendation=st.sampled_from(DECISIONS),
        complete_scores=st.booleans(),
    )
    def member_votes(self, who: str, recommendation: str, complete_scores: bool) -> None:
        self._vote(who, recommendation, complete_scores)

    @precondition(lambda self: self.x.gate_open)
    @rule(who=st.sampled_from(["chair", "member"]), choice=st.integers(0, 3))
    def eligible_member_votes(self, who: str, choice: int) -> None:
        self._vote(who, DECISIONS_BY_KIND[self.x.gate_kind][choice], True)

    def _vote(self, who: str, recommendation: str, complete_scores: bool) -> None:
        x, voter = self.x, getattr(self.cast, who)
        expected = x.vote_refusal(who, recommendation, complete_scores)
        scores = dict(SCORES) if complete_scores else {"user_value": 9}
        gate = self.session.get(Gate, x.gate_id)
        result, refused = attempt(
            lambda: vote(self.session, voter, gate, recommendation, scores=scores)
        )
        assert refusal(refused) is expected, f"{who} votes {recommendation}: {refused!r}"
        if expected is None:
            _vote, created = result
            assert created == (voter.id not in x.votes)  # a second vote changes the first
            x.votes[voter.id] = recommendation

    @precondition(lambda self: self.x.gate_id)
    @rule(
        who=st.sampled_from(["chair", "chair", "member"]),
        decision=st.sampled_from(DECISIONS),
        rationale=st.sampled_from(["", "Décision motivée du comité."]),
        complete=st.booleans(),
        restart_at=st.sampled_from([None, "prototype", "pilot"]),
        conditions=st.booleans(),
    )
    def someone_decides(self, **draw: Any) -> None:
        self._decide(**draw)

    @precondition(lambda self: self.x.gate_open and len(self.x.votes) >= 2)
    @rule(
        choice=st.integers(0, 3),
        complete=st.sampled_from([True, True, False]),
        restart_at=st.sampled_from(["prototype", "pilot"]),
        conditions=st.booleans(),
    )
    def chair_decides_with_quorum(
        self, choice: int, complete: bool, restart_at: str, conditions: bool
    ) -> None:
        decision = DECISIONS_BY_KIND[self.x.gate_kind][choice]
        self._decide("chair", decision, "Vu les votes.", complete, restart_at, conditions)

    def _decide(
        self,
        who: str,
        decision: str,
        rationale: str,
        complete: bool,
        restart_at: str | None,
        conditions: bool,
    ) -> None:
        x = self.x
        inputs = decision_inputs(decision, complete, restart_at, conditions)
        expected = x.decision_refusal(who, decision, rationale, complete, restart_at)
        gate = self.session.get(Gate, x.gate_id)
        chair = getattr(self.cast, who)
        row, refused = attempt(
            lambda: decide(self.session, chair, gate, decision, rationale=rationale, **inputs)
        )
        assert refusal(refused) is expected, f"{who} decides {decision}: {refused!r}"
        if expected is not None:
            return
        assert row.vote_count == len(x.votes) >= 2
        if decision == "go" and conditions:
            found = gate_service.conditions_of(session=self.session, gate=gate)
            x.unmet = [condition.id for condition in found]
        x.decided(decision, restart_at)

    @precondition(lambda self: self.x.unmet)
    @rule()
    def chair_marks_conditions_met(self) -> None:
        gate_id = last_go_gate(self.session, self.x.experiment_id)
        for condition_id in self.x.unmet:
            condition = gate_service.mark_condition_met(
                session=self.session,
                actor=self.cast.chair,
                gate_id=gate_id,
                condition_id=condition_id,
                now=NOW,
            )
            assert condition.met
        self.x.unmet = []

    @rule(who=st.sampled_from(["chair", "owner"]), report=st.sampled_from(["", "Trois sites."]))
    def complete_scaling(self, who: str, report: str) -> None:
        expected = self.x.scaling_refusal(who, report)
        params = {"scaling_report": report}
        _, refused = attempt(lambda: self._fire_as(who, "complete_scaling", params))
        assert refusal(refused) is expected, f"{who} completes the scaling: {refused!r}"
        if expected is None:
            self.x.moved("scaled")

    def _fire_as(
        self, who: str, trigger: str, params: dict[str, Any], version: int | None = None
    ) -> Experiment:
        return transition_service.fire(
            session=self.session,
            actor=getattr(self.cast, who),
            experiment_id=self.x.experiment_id,
            trigger=trigger,
            version=self.x.version if version is None else version,
            params=params,
            now=NOW,
        )

    @precondition(lambda self: self.x.state in TERMINAL)
    @rule()
    def a_closed_experiment_refuses_every_trigger_and_gate(self) -> None:
        for who in ("owner", "chair"):
            for trigger in TRIGGERS:
                _, refused = attempt(lambda w=who, t=trigger: self._fire_as(w, t, EVERYTHING))
                assert isinstance(refused, Conflict), f"{trigger} from {self.x.state}: {refused!r}"
        experiment = self.session.get(Experiment, self.x.experiment_id)
        for kind in REQUESTED_FROM:
            body = requested(kind, "complete")
            _, refused = attempt(
                lambda kind=kind, body=body: request(
                    self.session, self.cast.owner, experiment, kind, body
                )
            )
            assert isinstance(refused, Conflict), f"{kind} gate from {self.x.state}: {refused!r}"

    @invariant()
    def the_database_agrees(self) -> None:
        if not self.x.experiment_id:
            return
        # A fresh session: only what was committed counts.
        with Session(self.engine) as fresh:
            check_database(fresh, self.x, {self.cast.owner.id, self.cast.teammate.id})


def test_gate_services_keep_the_workflow_invariants(app, session, world):
    engine = get_engine(app)
    cast = build_cast(session, world)
    run_state_machine_as_test(
        lambda: GateServices(session, engine, cast),
        settings=settings(
            max_examples=40,
            stateful_step_count=30,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow],
        ),
    )
