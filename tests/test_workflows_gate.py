"""The gate lifecycle as data: open -> decided | withdrawn (no database)."""

from typing import get_args

import pytest

from tracker.models.gate_input import Decision, Route, StopReason, Verdict
from workflows.experiment import EXPERIMENT, SCALING_ROUTES, STOP_REASONS
from workflows.gate import (
    DECISIONS,
    DECISIONS_BY_KIND,
    EXPERIMENT_TRIGGERS,
    GATE,
    KINDS,
    REQUESTED_FROM,
    VERDICTS,
)
from workflows.machine import GuardsFailed, InvalidTransition, fire


def _facts(**overrides):
    facts = {
        "kind": "pilot",
        "quorum": 2,
        "vote_count": 2,
        "decision": "go",
        "rationale": "Le prototype a convaincu.",
    }
    facts.update(overrides)
    return facts


def test_decide_with_quorum_and_rationale_closes_the_gate():
    assert fire(GATE, "open", "decide", _facts()) == "decided"


def test_decide_without_quorum_names_the_quorum():
    with pytest.raises(GuardsFailed) as refused:
        fire(GATE, "open", "decide", _facts(vote_count=1))
    assert refused.value.reasons == ["the quorum of votes is reached"]


def test_decide_without_rationale_is_refused():
    with pytest.raises(GuardsFailed) as refused:
        fire(GATE, "open", "decide", _facts(rationale="  "))
    assert [g.name for g in refused.value.guards] == ["has_rationale"]


@pytest.mark.parametrize(("kind", "decision"), [("pilot", "scale"), ("decision", "go")])
def test_a_gate_only_takes_its_own_decisions(kind, decision):
    with pytest.raises(GuardsFailed) as refused:
        fire(GATE, "open", "decide", _facts(kind=kind, decision=decision))
    assert [g.name for g in refused.value.guards] == ["decision_fits_kind"]


def test_withdraw_closes_an_open_gate():
    assert fire(GATE, "open", "withdraw", {}) == "withdrawn"


@pytest.mark.parametrize("state", ["decided", "withdrawn"])
@pytest.mark.parametrize("trigger", ["decide", "withdraw"])
def test_a_closed_gate_accepts_nothing(state, trigger):
    with pytest.raises(InvalidTransition):
        fire(GATE, state, trigger, _facts())


def test_every_decision_fires_an_experiment_trigger_except_hold():
    assert set(EXPERIMENT_TRIGGERS) == set(DECISIONS)
    assert EXPERIMENT_TRIGGERS["hold"] is None
    fired = {trigger for trigger in EXPERIMENT_TRIGGERS.values() if trigger}
    assert fired <= set(EXPERIMENT.triggers)
    gate_fired = {t.trigger for t in EXPERIMENT.transitions if "gate" in t.fired_by}
    assert fired == gate_fired


def test_gates_are_requested_from_real_states():
    assert set(REQUESTED_FROM) == set(KINDS) == set(DECISIONS_BY_KIND)
    assert set(REQUESTED_FROM.values()) <= set(EXPERIMENT.states)


def test_input_literals_match_the_workflow():
    assert get_args(Verdict) == VERDICTS
    assert get_args(Decision) == DECISIONS
    assert get_args(Route) == SCALING_ROUTES
    assert get_args(StopReason) == STOP_REASONS


def test_mermaid_shows_both_ways_out():
    diagram = GATE.mermaid()
    assert "open --> decided: decide" in diagram
    assert "open --> withdrawn: withdraw" in diagram
