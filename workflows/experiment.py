"""The experiment lifecycle: prototype -> pilot -> evaluation -> scale, adapt or stop.

Facts read by the guards (a mapping built by the service):
problem, hypothesis, target_users (str); success_criteria, stop_criteria (lists);
pilot_journal_count (int); decision (the decided gate review firing the trigger, or None:
{"gate": "pilot" | "decision", "decision": "go" | "scale" | "adapt" | "stop" | "hold",
"quorum_met": bool}); stop_reason, explanation, changes, restart_at, verdict, route,
scaling_report (str or None).
"""

from collections.abc import Mapping
from typing import Any

from workflows.definition import N_, Guard, Transition, Workflow

STATES = ("draft", "prototype", "pilot", "evaluation", "scaling", "scaled", "stopped")
TERMINAL = ("scaled", "stopped")
ACTIVE = tuple(state for state in STATES if state not in TERMINAL)

STOP_REASONS = (
    "no_impact",
    "existing_solution",
    "constraints",
    "cost",
    "budget_cut",
    "legal",
    "owner_left",
    "political",
    "other",
)
SCALING_ROUTES = ("grow_structure", "replication", "public_policy", "partnership")
RESTART_POINTS = ("prototype", "pilot")

# Who may fire a transition: the experiment's team, a decided gate review, or a board chair.
OWNER, GATE, CHAIR = "owner", "gate", "chair"


def _filled(key: str) -> Any:
    return lambda facts: bool(str(facts.get(key) or "").strip())


def _non_empty(key: str) -> Any:
    return lambda facts: len(facts.get(key) or []) > 0


def _decided(gate: str, decision: str) -> Any:
    def check(facts: Mapping[str, Any]) -> bool:
        made = facts.get("decision") or {}
        return (
            made.get("gate") == gate
            and made.get("decision") == decision
            and bool(made.get("quorum_met"))
        )

    return check


HAS_PROBLEM = Guard("has_problem", _filled("problem"), N_("the problem is described"))
HAS_HYPOTHESIS = Guard("has_hypothesis", _filled("hypothesis"), N_("the hypothesis is stated"))
HAS_TARGET_USERS = Guard(
    "has_target_users", _filled("target_users"), N_("the target users are named")
)
HAS_SUCCESS_CRITERION = Guard(
    "has_success_criterion",
    _non_empty("success_criteria"),
    N_("at least one success criterion is set"),
)
HAS_STOP_CRITERION = Guard(
    "has_stop_criterion", _non_empty("stop_criteria"), N_("at least one stop criterion is set")
)
HAS_PILOT_EVIDENCE = Guard(
    "has_pilot_evidence",
    lambda facts: int(facts.get("pilot_journal_count") or 0) >= 1,
    N_("at least one journal entry was logged during the pilot"),
)
PILOT_GATE_GO = Guard(
    "pilot_gate_go",
    _decided("pilot", "go"),
    N_("the pilot gate decided go by quorum"),
    on_input=True,
)
PILOT_GATE_ADAPT = Guard(
    "pilot_gate_adapt",
    _decided("pilot", "adapt"),
    N_("the pilot gate decided adapt by quorum"),
    on_input=True,
)
DECISION_GATE_SCALE = Guard(
    "decision_gate_scale",
    _decided("decision", "scale"),
    N_("the decision gate decided scale by quorum"),
    on_input=True,
)
DECISION_GATE_ADAPT = Guard(
    "decision_gate_adapt",
    _decided("decision", "adapt"),
    N_("the decision gate decided adapt by quorum"),
    on_input=True,
)
HAS_VERDICT = Guard(
    "has_verdict", _filled("verdict"), N_("the evidence verdict is recorded"), on_input=True
)
HAS_ROUTE = Guard(
    "has_route",
    lambda facts: facts.get("route") in SCALING_ROUTES,
    N_("a scaling route is chosen"),
    on_input=True,
)
HAS_CHANGES = Guard(
    "has_changes", _filled("changes"), N_("what changes and why is described"), on_input=True
)
HAS_RESTART_POINT = Guard(
    "has_restart_point",
    lambda facts: facts.get("restart_at") in RESTART_POINTS,
    N_("a restart point is chosen (prototype or pilot)"),
    on_input=True,
)
RESTART_AT_PROTOTYPE = Guard(
    "restart_at_prototype",
    lambda facts: facts.get("restart_at") == "prototype",
    N_("the restart point is the prototype"),
    on_input=True,
)
RESTART_AT_PILOT = Guard(
    "restart_at_pilot",
    lambda facts: facts.get("restart_at") == "pilot",
    N_("the restart point is the pilot"),
    on_input=True,
)
HAS_SCALING_REPORT = Guard(
    "has_scaling_report",
    _filled("scaling_report"),
    N_("the scaling report is written"),
    on_input=True,
)
HAS_STOP_REASON = Guard(
    "has_stop_reason",
    lambda facts: facts.get("stop_reason") in STOP_REASONS,
    N_("a stop reason is chosen"),
    on_input=True,
)
HAS_EXPLANATION = Guard(
    "has_explanation",
    _filled("explanation"),
    N_("the stop is explained"),
    on_input=True,
)

_STOP_GUARDS = (HAS_STOP_REASON, HAS_EXPLANATION)

EXPERIMENT = Workflow(
    name="experiment",
    states=STATES,
    initial="draft",
    terminal=TERMINAL,
    transitions=(
        Transition(
            "start_prototype",
            "draft",
            "prototype",
            (OWNER,),
            (HAS_PROBLEM, HAS_HYPOTHESIS, HAS_TARGET_USERS, HAS_SUCCESS_CRITERION),
        ),
        Transition(
            "go_pilot",
            "prototype",
            "pilot",
            (GATE,),
            (PILOT_GATE_GO, HAS_SUCCESS_CRITERION, HAS_STOP_CRITERION),
        ),
        Transition("begin_evaluation", "pilot", "evaluation", (OWNER,), (HAS_PILOT_EVIDENCE,)),
        Transition(
            "scale", "evaluation", "scaling", (GATE,), (DECISION_GATE_SCALE, HAS_VERDICT, HAS_ROUTE)
        ),
        Transition("adapt", "prototype", "prototype", (GATE,), (PILOT_GATE_ADAPT, HAS_CHANGES)),
        Transition(
            "adapt",
            "evaluation",
            "prototype",
            (GATE,),
            (DECISION_GATE_ADAPT, HAS_CHANGES, HAS_RESTART_POINT, RESTART_AT_PROTOTYPE),
        ),
        Transition(
            "adapt",
            "evaluation",
            "pilot",
            (GATE,),
            (DECISION_GATE_ADAPT, HAS_CHANGES, HAS_RESTART_POINT, RESTART_AT_PILOT),
        ),
        Transition("complete_scaling", "scaling", "scaled", (CHAIR,), (HAS_SCALING_REPORT,)),
        *(Transition("stop", state, "stopped", (OWNER, GATE), _STOP_GUARDS) for state in ACTIVE),
    ),
)

# The only trigger that makes the experiment iterate again.
ITERATING_TRIGGERS = frozenset({"adapt"})
