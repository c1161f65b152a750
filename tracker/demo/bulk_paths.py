"""The lifecycles of bulk benchmark experiments: the state changes leading to each final state."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Step:
    """One state change of the experiment workflow."""

    trigger: str
    source: str
    target: str


_START = Step("start_prototype", "draft", "prototype")
_PILOT = Step("go_pilot", "prototype", "pilot")
_EVALUATE = Step("begin_evaluation", "pilot", "evaluation")
_SCALE = Step("scale", "evaluation", "scaling")

PATHS: dict[str, tuple[Step, ...]] = {
    "draft": (),
    "prototype": (_START,),
    "pilot": (_START, _PILOT),
    "evaluation": (_START, _PILOT, _EVALUATE),
    "scaling": (_START, _PILOT, _EVALUATE, _SCALE),
    "scaled": (_START, _PILOT, _EVALUATE, _SCALE, Step("complete_scaling", "scaling", "scaled")),
    "stopped": (_START, _PILOT, _EVALUATE, Step("stop", "evaluation", "stopped")),
}

# The final states in a fixed round of 20 (15% draft, 20% prototype, 15% pilot, 10% evaluation,
# 5% scaling, 10% scaled, 25% stopped): any 20 consecutive experiments hold every state.
STATE_DECK = (
    "prototype",
    "draft",
    "pilot",
    "stopped",
    "evaluation",
    "scaled",
    "scaling",
    "prototype",
    "stopped",
    "draft",
    "pilot",
    "stopped",
    "prototype",
    "evaluation",
    "scaled",
    "draft",
    "stopped",
    "pilot",
    "prototype",
    "stopped",
)

# Triggers fired by a decided gate: (gate kind, decision) written before the state change.
GATE_STEPS = {
    "go_pilot": ("pilot", "go"),
    "scale": ("decision", "scale"),
    "stop": ("decision", "stop"),
}
