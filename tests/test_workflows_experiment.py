"""The experiment workflow as pure rules: every (state, trigger) pair, guards, no back doors.

The expected edges and guard messages are written out from ARCHITECTURE §3 rather than read
from the definition, so a drift in either shows up here.
"""

from typing import Any

import pytest

from workflows.experiment import EXPERIMENT, STATES, TERMINAL
from workflows.machine import (
    GuardsFailed,
    InvalidTransition,
    UnknownTrigger,
    available_triggers,
    build_machine,
    fire,
)

TRIGGERS = (
    "start_prototype",
    "go_pilot",
    "begin_evaluation",
    "scale",
    "adapt",
    "complete_scaling",
    "stop",
)
ACTIVE = ("draft", "prototype", "pilot", "evaluation", "scaling")

# (state, trigger) -> destination, as documented; adapt from evaluation depends on restart_at.
DESTINATIONS: dict[tuple[str, str], str] = {
    ("draft", "start_prototype"): "prototype",
    ("prototype", "go_pilot"): "pilot",
    ("pilot", "begin_evaluation"): "evaluation",
    ("evaluation", "scale"): "scaling",
    ("prototype", "adapt"): "prototype",
    ("evaluation", "adapt"): "prototype",
    ("scaling", "complete_scaling"): "scaled",
    **{(state, "stop"): "stopped" for state in ACTIVE},
}

# The decided gate review each gate-fired edge needs.
DECISIONS: dict[tuple[str, str], dict[str, Any]] = {
    ("prototype", "go_pilot"): {"gate": "pilot", "decision": "go", "quorum_met": True},
    ("evaluation", "scale"): {"gate": "decision", "decision": "scale", "quorum_met": True},
    ("prototype", "adapt"): {"gate": "pilot", "decision": "adapt", "quorum_met": True},
    ("evaluation", "adapt"): {"gate": "decision", "decision": "adapt", "quorum_met": True},
}

COMPLETE = {
    "problem": "Les usagers abandonnent.",
    "hypothesis": "Un guichet unique aide.",
    "target_users": "Demandeurs",
    "success_criteria": [{"indicator": "abandons", "target": "-50 %"}],
    "stop_criteria": ["aucune baisse"],
    "pilot_journal_count": 1,
    "stop_reason": "cost",
    "explanation": "Trop cher.",
    "changes": "Un formulaire plus court, car les usagers décrochent à l'étape 3.",
    "restart_at": "prototype",
    "verdict": "Les abandons ont baissé de 40 %.",
    "route": "replication",
    "scaling_report": "Déployé dans trois départements.",
}

GATE_GO = "the pilot gate decided go by quorum"
GATE_PILOT_ADAPT = "the pilot gate decided adapt by quorum"
GATE_SCALE = "the decision gate decided scale by quorum"
GATE_DECISION_ADAPT = "the decision gate decided adapt by quorum"
SUCCESS = "at least one success criterion is set"
STOP_CRITERION = "at least one stop criterion is set"
CHANGES = "what changes and why is described"
STOP_BREAKS = [
    ({"stop_reason": None}, "a stop reason is chosen"),
    ({"stop_reason": "bored"}, "a stop reason is chosen"),
    ({"explanation": "   "}, "the stop is explained"),
]

# Each documented guard, broken alone, with the message that must name it.
BREAKS: dict[tuple[str, str], list[tuple[dict[str, Any], str]]] = {
    ("draft", "start_prototype"): [
        ({"problem": ""}, "the problem is described"),
        ({"hypothesis": "  "}, "the hypothesis is stated"),
        ({"target_users": None}, "the target users are named"),
        ({"success_criteria": []}, SUCCESS),
    ],
    ("prototype", "go_pilot"): [
        ({"decision": None}, GATE_GO),
        ({"decision": {"gate": "pilot", "decision": "go", "quorum_met": False}}, GATE_GO),
        ({"decision": {"gate": "pilot", "decision": "hold", "quorum_met": True}}, GATE_GO),
        ({"decision": {"gate": "decision", "decision": "go", "quorum_met": True}}, GATE_GO),
        ({"success_criteria": []}, SUCCESS),
        ({"stop_criteria": []}, STOP_CRITERION),
    ],
    ("pilot", "begin_evaluation"): [
        ({"pilot_journal_count": 0}, "at least one journal entry was logged during the pilot"),
    ],
    ("evaluation", "scale"): [
        ({"decision": None}, GATE_SCALE),
        ({"decision": {"gate": "decision", "decision": "scale", "quorum_met": False}}, GATE_SCALE),
        ({"decision": {"gate": "pilot", "decision": "scale", "quorum_met": True}}, GATE_SCALE),
        ({"verdict": ""}, "the evidence verdict is recorded"),
        ({"route": "elsewhere"}, "a scaling route is chosen"),
    ],
    ("prototype", "adapt"): [
        ({"decision": {"gate": "pilot", "decision": "go", "quorum_met": True}}, GATE_PILOT_ADAPT),
        (
            {"decision": {"gate": "pilot", "decision": "adapt", "quorum_met": False}},
            GATE_PILOT_ADAPT,
        ),
        ({"changes": ""}, CHANGES),
    ],
    ("evaluation", "adapt"): [
        ({"decision": None}, GATE_DECISION_ADAPT),
        (
            {"decision": {"gate": "pilot", "decision": "adapt", "quorum_met": True}},
            GATE_DECISION_ADAPT,
        ),
        ({"changes": None}, CHANGES),
    ],
    ("scaling", "complete_scaling"): [
        ({"scaling_report": ""}, "the scaling report is written"),
    ],
    **{(state, "stop"): STOP_BREAKS for state in ACTIVE},
}

VALID_PAIRS = sorted(DESTINATIONS)
INVALID_PAIRS = [
    (state, trigger)
    for state in STATES
    for trigger in TRIGGERS
    if (state, trigger) not in DESTINATIONS
]
BROKEN_CASES = [
    pytest.param(pair, change, message, id=f"{pair[0]}-{pair[1]}-{message}-{i}")
    for pair, cases in BREAKS.items()
    for i, (change, message) in enumerate(cases)
]


def facts_for(state: str, trigger: str, **changes: Any) -> dict[str, Any]:
    """Facts satisfying every guard of this edge, with some changes."""
    return {**COMPLETE, "decision": DECISIONS.get((state, trigger)), **changes}


# Every documented edge with its destination (adapt from evaluation has two).
DOCUMENTED = {(s, tr, d) for (s, tr), d in DESTINATIONS.items()} | {
    ("evaluation", "adapt", "pilot")
}


def test_definition_has_exactly_the_documented_states_triggers_and_edges():
    assert EXPERIMENT.states == STATES
    assert STATES == ("draft", "prototype", "pilot", "evaluation", "scaling", "scaled", "stopped")
    assert set(EXPERIMENT.triggers) == set(TRIGGERS)
    assert EXPERIMENT.terminal == TERMINAL == ("scaled", "stopped")
    assert {(t.source, t.trigger, t.dest) for t in EXPERIMENT.transitions} == DOCUMENTED


@pytest.mark.parametrize(("state", "trigger"), VALID_PAIRS)
def test_valid_pair_reaches_its_documented_destination(state, trigger):
    assert (
        fire(EXPERIMENT, state, trigger, facts_for(state, trigger))
        == DESTINATIONS[(state, trigger)]
    )


@pytest.mark.parametrize(("state", "trigger"), VALID_PAIRS)
def test_valid_pair_without_any_fact_is_refused(state, trigger):
    with pytest.raises(GuardsFailed) as refused:
        fire(EXPERIMENT, state, trigger, {})
    assert refused.value.trigger == trigger
    assert refused.value.reasons
    expected = {message for _change, message in BREAKS[(state, trigger)]}
    # Everything documented for this edge is named at once (restart point aside: see below).
    assert expected <= set(refused.value.reasons)


@pytest.mark.parametrize(("pair", "change", "message"), BROKEN_CASES)
def test_each_missing_guard_is_named(pair, change, message):
    state, trigger = pair
    with pytest.raises(GuardsFailed) as refused:
        fire(EXPERIMENT, state, trigger, facts_for(state, trigger, **change))
    assert refused.value.reasons == [message]


@pytest.mark.parametrize(("state", "trigger"), INVALID_PAIRS)
def test_invalid_pair_raises_invalid_transition(state, trigger):
    # Even with every fact and a gate decision at hand, the edge does not exist.
    decision = {"gate": "pilot", "decision": "go", "quorum_met": True}
    with pytest.raises(InvalidTransition) as refused:
        fire(EXPERIMENT, state, trigger, {**COMPLETE, "decision": decision})
    assert (refused.value.state, refused.value.trigger) == (state, trigger)


@pytest.mark.parametrize("state", TERMINAL)
def test_terminal_states_accept_no_trigger(state):
    assert EXPERIMENT.transitions_from(state) == []
    for trigger in TRIGGERS:
        with pytest.raises(InvalidTransition):
            fire(EXPERIMENT, state, trigger, facts_for("evaluation", "scale"))
    assert available_triggers(EXPERIMENT, state, COMPLETE) == ([], {})


@pytest.mark.parametrize("trigger", ["to_pilot", "to_scaled", "launch", "", "STOP"])
def test_unknown_trigger_is_refused(trigger):
    with pytest.raises(UnknownTrigger) as refused:
        fire(EXPERIMENT, "prototype", trigger, COMPLETE)
    assert refused.value.trigger == trigger


@pytest.mark.parametrize("state", STATES)
def test_the_machine_has_no_auto_transitions(state):
    adapter, machine = build_machine(EXPERIMENT, state)
    assert machine.auto_transitions is False
    assert adapter.state == state
    for target in STATES:
        assert not hasattr(adapter, f"to_{target}")
    assert not any(name.startswith("to_") for name in machine.events)


@pytest.mark.parametrize(("restart_at", "dest"), [("prototype", "prototype"), ("pilot", "pilot")])
def test_adapt_from_evaluation_restarts_where_chosen(restart_at, dest):
    facts = facts_for("evaluation", "adapt", restart_at=restart_at)
    assert fire(EXPERIMENT, "evaluation", "adapt", facts) == dest


@pytest.mark.parametrize("restart_at", [None, "", "scaling", "draft"])
def test_adapt_from_evaluation_needs_a_restart_point(restart_at):
    facts = facts_for("evaluation", "adapt", restart_at=restart_at)
    with pytest.raises(GuardsFailed) as refused:
        fire(EXPERIMENT, "evaluation", "adapt", facts)
    assert len(refused.value.reasons) == 1
    assert refused.value.reasons[0].startswith("a restart point is chosen")


def test_adapt_from_prototype_stays_in_prototype_whatever_the_restart_point():
    facts = facts_for("prototype", "adapt", restart_at="pilot")
    assert fire(EXPERIMENT, "prototype", "adapt", facts) == "prototype"


def test_available_triggers_ignore_input_guards():
    # A gate decision, a verdict or a stop reason only arrive with the call itself.
    ready, blocked = available_triggers(EXPERIMENT, "evaluation", {})
    assert ready == ["scale", "adapt", "stop"] and blocked == {}


def test_available_triggers_report_record_guards():
    ready, blocked = available_triggers(EXPERIMENT, "draft", {"problem": "x"})
    assert ready == ["stop"]
    assert [g.message for g in blocked["start_prototype"]] == [
        "the hypothesis is stated",
        "the target users are named",
        SUCCESS,
    ]


def test_available_triggers_judge_go_pilot_on_the_record_only():
    ready, blocked = available_triggers(
        EXPERIMENT, "prototype", {"success_criteria": [{"indicator": "x"}]}
    )
    assert "adapt" in ready and "stop" in ready
    assert [g.message for g in blocked["go_pilot"]] == [STOP_CRITERION]


def test_available_triggers_need_pilot_evidence():
    ready, blocked = available_triggers(EXPERIMENT, "pilot", {"pilot_journal_count": 0})
    assert ready == ["stop"] and list(blocked) == ["begin_evaluation"]
    ready, blocked = available_triggers(EXPERIMENT, "pilot", {"pilot_journal_count": 2})
    assert ready == ["begin_evaluation", "stop"] and blocked == {}


def test_available_triggers_can_be_restricted():
    ready, blocked = available_triggers(EXPERIMENT, "prototype", {}, {"stop"})
    assert ready == ["stop"] and blocked == {}


def test_as_dict_shape():
    described = EXPERIMENT.as_dict()
    assert set(described) == {"states", "initial", "terminal", "transitions"}
    assert described["states"] == list(STATES)
    assert described["initial"] == "draft"
    assert described["terminal"] == ["scaled", "stopped"]
    assert all(set(edge) == {"trigger", "source", "dest"} for edge in described["transitions"])
    edges = {(e["source"], e["trigger"], e["dest"]) for e in described["transitions"]}
    assert edges == DOCUMENTED


def test_mermaid_lists_every_edge():
    diagram = EXPERIMENT.mermaid()
    assert diagram.startswith("stateDiagram-v2\n    [*] --> draft")
    for (state, trigger), dest in DESTINATIONS.items():
        edge = next(line for line in diagram.splitlines() if f"{state} --> {dest}:" in line)
        assert trigger in edge
    assert "    scaled --> [*]" in diagram and "    stopped --> [*]" in diagram
