"""Invariants of the pure experiment workflow over random triggers and random facts."""

from typing import Any

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from workflows.experiment import (
    EXPERIMENT,
    ITERATING_TRIGGERS,
    RESTART_POINTS,
    SCALING_ROUTES,
    STATES,
    STOP_REASONS,
    TERMINAL,
)
from workflows.machine import GuardsFailed, InvalidTransition, UnknownTrigger, fire

# Documented edges (ARCHITECTURE §3), independent of the definition under test.
EDGES = {
    ("draft", "start_prototype"): {"prototype"},
    ("prototype", "go_pilot"): {"pilot"},
    ("pilot", "begin_evaluation"): {"evaluation"},
    ("evaluation", "scale"): {"scaling"},
    ("prototype", "adapt"): {"prototype"},
    ("evaluation", "adapt"): {"prototype", "pilot"},
    ("scaling", "complete_scaling"): {"scaled"},
    **{(s, "stop"): {"stopped"} for s in STATES if s not in TERMINAL},
}
KNOWN_TRIGGERS = sorted({trigger for _state, trigger in EDGES})

texts = st.sampled_from([None, "", "   ", "Un texte."])
decisions = st.none() | st.fixed_dictionaries(
    {
        "gate": st.sampled_from(["pilot", "decision", "board"]),
        "decision": st.sampled_from(["go", "scale", "adapt", "stop", "hold"]),
        "quorum_met": st.booleans(),
    }
)
facts_strategy = st.fixed_dictionaries(
    {},
    optional={
        "problem": texts,
        "hypothesis": texts,
        "target_users": texts,
        "success_criteria": st.lists(st.just({"indicator": "x", "target": "y"}), max_size=2),
        "stop_criteria": st.lists(st.just("aucun effet"), max_size=2),
        "pilot_journal_count": st.integers(min_value=0, max_value=3),
        "decision": decisions,
        "stop_reason": st.sampled_from([None, "bored", *STOP_REASONS]),
        "explanation": texts,
        "changes": texts,
        "restart_at": st.sampled_from([None, "draft", "scaling", *RESTART_POINTS]),
        "verdict": texts,
        "route": st.sampled_from([None, "elsewhere", *SCALING_ROUTES]),
        "scaling_report": texts,
    },
)

# Facts that satisfy every record guard, so the walk also gets deep into the lifecycle.
GOOD = {
    "problem": "p",
    "hypothesis": "h",
    "target_users": "u",
    "success_criteria": [{"indicator": "x", "target": "y"}],
    "stop_criteria": ["s"],
    "pilot_journal_count": 1,
    "stop_reason": "other",
    "explanation": "e",
    "changes": "c",
    "verdict": "v",
    "route": "replication",
    "scaling_report": "r",
}
GOOD_DECISIONS = {
    "go_pilot": {"gate": "pilot", "decision": "go", "quorum_met": True},
    "scale": {"gate": "decision", "decision": "scale", "quorum_met": True},
}


def _by_quorum(facts: dict[str, Any], gate: str, decision: str) -> bool:
    made = facts.get("decision") or {}
    return (made.get("gate"), made.get("decision"), made.get("quorum_met")) == (
        gate,
        decision,
        True,
    )


class ExperimentWorkflow(RuleBasedStateMachine):
    """One experiment walked through the pure machine, its history kept as the service would."""

    def __init__(self) -> None:
        super().__init__()
        self.state = EXPERIMENT.initial
        self.iteration = 1
        self.history: list[tuple[str, str, str, dict[str, Any]]] = []

    def _fire(self, trigger: str, facts: dict[str, Any]) -> None:
        before = self.state
        try:
            after = fire(EXPERIMENT, before, trigger, facts)
        except UnknownTrigger:
            assert trigger not in KNOWN_TRIGGERS
            return
        except InvalidTransition:
            assert (before, trigger) not in EDGES
            return
        except GuardsFailed as refused:
            assert (before, trigger) in EDGES
            assert refused.reasons and all(isinstance(r, str) and r for r in refused.reasons)
            return
        assert after in EDGES[(before, trigger)]
        self.state = after
        if trigger in ITERATING_TRIGGERS:
            self.iteration += 1
        self.history.append((trigger, before, after, facts))

    @rule(trigger=st.sampled_from([*KNOWN_TRIGGERS, "to_pilot", "launch"]), facts=facts_strategy)
    def fire_with_random_facts(self, trigger: str, facts: dict[str, Any]) -> None:
        self._fire(trigger, facts)

    @rule(
        trigger=st.sampled_from(KNOWN_TRIGGERS),
        decision=decisions,
        restart_at=st.sampled_from([None, *RESTART_POINTS]),
    )
    def fire_with_a_complete_record(
        self, trigger: str, decision: dict[str, Any] | None, restart_at: str | None
    ) -> None:
        self._fire(trigger, {**GOOD, "decision": decision, "restart_at": restart_at})

    @precondition(lambda self: self.state in ("prototype", "evaluation"))
    @rule(trigger=st.sampled_from(["go_pilot", "scale"]))
    def fire_after_a_quorum_decision(self, trigger: str) -> None:
        self._fire(trigger, {**GOOD, "decision": GOOD_DECISIONS[trigger]})

    @invariant()
    def state_is_known(self) -> None:
        assert self.state in STATES

    @invariant()
    def state_is_the_destination_of_the_last_transition(self) -> None:
        expected = self.history[-1][2] if self.history else EXPERIMENT.initial
        assert self.state == expected

    @invariant()
    def pilot_is_reached_only_after_a_pilot_go(self) -> None:
        for index, (trigger, before, after, facts) in enumerate(self.history):
            if after != "pilot" or before == "pilot":
                continue
            earlier_go = any(
                t == "go_pilot" and _by_quorum(f, "pilot", "go")
                for t, _b, _a, f in self.history[:index]
            )
            went_by_go = trigger == "go_pilot" and _by_quorum(facts, "pilot", "go")
            # Restarting at the pilot after an evaluation needs an earlier go and an adapt decision.
            restarted = trigger == "adapt" and _by_quorum(facts, "decision", "adapt") and earlier_go
            assert went_by_go or restarted

    @invariant()
    def scaling_is_reached_only_by_a_scale_decision(self) -> None:
        for trigger, _before, after, facts in self.history:
            if after == "scaling":
                assert trigger == "scale" and _by_quorum(facts, "decision", "scale")

    @invariant()
    def terminal_states_accept_no_trigger(self) -> None:
        if self.state in TERMINAL:
            for trigger in KNOWN_TRIGGERS:
                try:
                    fire(EXPERIMENT, self.state, trigger, {**GOOD, "restart_at": "pilot"})
                except InvalidTransition:
                    continue
                raise AssertionError(f"{trigger} fired from terminal state {self.state}")

    @invariant()
    def iteration_grows_only_on_adapt(self) -> None:
        adapts = sum(1 for trigger, *_rest in self.history if trigger == "adapt")
        assert {"adapt"} == ITERATING_TRIGGERS
        assert self.iteration == 1 + adapts


ExperimentWorkflow.TestCase.settings = settings(
    max_examples=200, stateful_step_count=30, deadline=None
)
TestExperimentWorkflow = ExperimentWorkflow.TestCase
