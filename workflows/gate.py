"""The gate review lifecycle: open -> decided | withdrawn.

A gate is requested by the experiment's team (pilot gate from prototype, decision gate from
evaluation), voted on by its review board, and closed either by a chair's decision or by the
team's withdrawal. A gate never closes any other way.

Facts read by the guards (a mapping built by the service): kind ("pilot" | "decision"),
vote_count and quorum (int), decision and rationale (str, given with the call).
"""

from collections.abc import Mapping
from typing import Any

from workflows.definition import N_, Guard, Transition, Workflow
from workflows.experiment import CHAIR, OWNER

STATES = ("open", "decided", "withdrawn")
TERMINAL = ("decided", "withdrawn")
KINDS = ("pilot", "decision")

# Where the experiment must stand for each gate to be requested.
REQUESTED_FROM = {"pilot": "prototype", "decision": "evaluation"}

# The evidence verdict is kept apart from the board's decision and the scaling route.
VERDICTS = ("conclusive_positive", "conclusive_negative", "inconclusive", "not_finished")

# What a voter may recommend and a chair may decide, per gate.
DECISIONS_BY_KIND = {
    "pilot": ("go", "adapt", "stop", "hold"),
    "decision": ("scale", "adapt", "stop", "hold"),
}
DECISIONS = ("go", "scale", "adapt", "stop", "hold")

# The experiment trigger each decision fires; hold moves nothing.
EXPERIMENT_TRIGGERS: dict[str, str | None] = {
    "go": "go_pilot",
    "scale": "scale",
    "adapt": "adapt",
    "stop": "stop",
    "hold": None,
}

# Days between the request and the review when the request names no date.
DEFAULT_REVIEW_DAYS = 14


def _quorum_met(facts: Mapping[str, Any]) -> bool:
    return int(facts.get("vote_count") or 0) >= int(facts.get("quorum") or 1)


def _fits_kind(facts: Mapping[str, Any]) -> bool:
    return facts.get("decision") in DECISIONS_BY_KIND.get(str(facts.get("kind")), ())


QUORUM_MET = Guard("quorum_met", _quorum_met, N_("the quorum of votes is reached"))
HAS_RATIONALE = Guard(
    "has_rationale",
    lambda facts: bool(str(facts.get("rationale") or "").strip()),
    N_("the decision is explained (rationale)"),
    on_input=True,
)
DECISION_FITS_KIND = Guard(
    "decision_fits_kind",
    _fits_kind,
    N_("the decision is one this gate can take"),
    on_input=True,
)

GATE = Workflow(
    name="gate",
    states=STATES,
    initial="open",
    terminal=TERMINAL,
    transitions=(
        Transition(
            "decide", "open", "decided", (CHAIR,), (QUORUM_MET, DECISION_FITS_KIND, HAS_RATIONALE)
        ),
        Transition("withdraw", "open", "withdrawn", (OWNER,)),
    ),
)
