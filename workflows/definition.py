"""The shape of a workflow definition: states, transitions and named guards."""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

# A guard reads facts (a mapping) and never changes anything: transitions does not roll
# back a state change when a callback fails, so rules must be side-effect free.
Predicate = Callable[[Mapping[str, Any]], bool]


def N_(message: str) -> str:
    """Mark a message for translation without translating it here (babel keyword)."""
    return message


@dataclass(frozen=True)
class Guard:
    """A named condition with the message shown when it does not hold."""

    name: str
    check: Predicate
    message: str
    # An input guard reads what the caller supplies with the trigger (a stop reason, a
    # decision); it cannot be judged before the call, so availability ignores it.
    on_input: bool = False


@dataclass(frozen=True)
class Transition:
    """One edge: a trigger moving from source to dest when every guard holds."""

    trigger: str
    source: str
    dest: str
    fired_by: tuple[str, ...]
    guards: tuple[Guard, ...] = ()

    def failed_guards(self, facts: Mapping[str, Any], *, record_only: bool = False) -> list[Guard]:
        """The guards that do not hold for these facts, in declaration order.

        With record_only, input guards are left out (they are judged when the call comes).
        """
        return [
            guard
            for guard in self.guards
            if not (record_only and guard.on_input) and not guard.check(facts)
        ]


@dataclass(frozen=True)
class Workflow:
    """A complete state machine definition."""

    name: str
    states: tuple[str, ...]
    initial: str
    terminal: tuple[str, ...]
    transitions: tuple[Transition, ...]
    triggers: tuple[str, ...] = field(init=False)

    def __post_init__(self) -> None:
        seen: list[str] = []
        for transition in self.transitions:
            if transition.trigger not in seen:
                seen.append(transition.trigger)
        object.__setattr__(self, "triggers", tuple(seen))

    def transitions_from(self, state: str, trigger: str | None = None) -> list[Transition]:
        """The transitions leaving a state, optionally for one trigger."""
        return [
            t
            for t in self.transitions
            if t.source == state and (trigger is None or t.trigger == trigger)
        ]

    def as_dict(self) -> dict[str, Any]:
        """The public description used by the API and the diagram."""
        return {
            "states": list(self.states),
            "initial": self.initial,
            "terminal": list(self.terminal),
            "transitions": [
                {"trigger": t.trigger, "source": t.source, "dest": t.dest} for t in self.transitions
            ],
        }

    def mermaid(self) -> str:
        """A Mermaid stateDiagram-v2 of the machine, one line per edge."""
        lines = ["stateDiagram-v2", f"    [*] --> {self.initial}"]
        edges: dict[tuple[str, str], list[str]] = {}
        for t in self.transitions:
            labels = edges.setdefault((t.source, t.dest), [])
            if t.trigger not in labels:
                labels.append(t.trigger)
        for (source, dest), labels in edges.items():
            lines.append(f"    {source} --> {dest}: {' / '.join(labels)}")
        lines.extend(f"    {state} --> [*]" for state in self.terminal)
        return "\n".join(lines)
