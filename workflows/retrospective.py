"""The retrospective lifecycle: due -> drafting -> submitted -> published.

Every stop opens a retrospective (due). The team's first save starts the draft, the team
submits it, and a chair of the experiment's board either asks for changes (back to drafting)
or publishes it. A published retrospective is immutable; later additions are addenda.

Facts read by the guards (a mapping built by the service): what_happened, why,
what_we_learned (str).
"""

from typing import Any

from workflows.definition import N_, Guard, Transition, Workflow
from workflows.experiment import CHAIR, OWNER

STATES = ("due", "drafting", "submitted", "published")
TERMINAL = ("published",)

# The contributing conditions a retrospective may name: conditions, never persons.
CAUSE_TAGS = (
    "method",
    "timing",
    "partners",
    "resources",
    "regulation",
    "user_adoption",
    "governance",
    "external_event",
)
DECIDERS = ("team", "board", "external")
FOLLOW_UP_STATUSES = ("open", "done", "not_doing")

# Days between the stop and the retrospective's due date (an organisation setting later).
DEFAULT_DUE_DAYS = 30


def _filled(key: str) -> Any:
    return lambda facts: bool(str(facts.get(key) or "").strip())


HAS_WHAT_HAPPENED = Guard(
    "has_what_happened", _filled("what_happened"), N_("what happened is told")
)
HAS_WHY = Guard("has_why", _filled("why"), N_("why it happened is explained"))
HAS_WHAT_WE_LEARNED = Guard(
    "has_what_we_learned", _filled("what_we_learned"), N_("what we learned is written")
)

RETROSPECTIVE = Workflow(
    name="retrospective",
    states=STATES,
    initial="due",
    terminal=TERMINAL,
    transitions=(
        # Fired implicitly by the team's first save, never sent on its own.
        Transition("start_drafting", "due", "drafting", (OWNER,)),
        Transition(
            "submit",
            "drafting",
            "submitted",
            (OWNER,),
            (HAS_WHAT_HAPPENED, HAS_WHY, HAS_WHAT_WE_LEARNED),
        ),
        Transition("request_changes", "submitted", "drafting", (CHAIR,)),
        Transition("publish", "submitted", "published", (CHAIR,)),
    ),
)
