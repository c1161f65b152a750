"""Runs a workflow definition on `transitions` over any object that has a `state`.

A database row cannot be the machine's model (transitions adds attributes to it, and an
attribute named like a trigger silently wins over the trigger), so a small adapter carries
the state; the caller copies the new state back and saves it.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from transitions import EventData, Machine

from workflows.definition import Guard, Transition, Workflow


class WorkflowError(Exception):
    """Base of the refusals a workflow can give."""


class UnknownTrigger(WorkflowError):
    """The trigger is not part of the workflow."""

    def __init__(self, trigger: str) -> None:
        super().__init__(f"unknown trigger: {trigger}")
        self.trigger = trigger


class InvalidTransition(WorkflowError):
    """The trigger exists but cannot be fired from the current state."""

    def __init__(self, state: str, trigger: str) -> None:
        super().__init__(f"{trigger} is not possible from {state}")
        self.state = state
        self.trigger = trigger


class GuardsFailed(WorkflowError):
    """The transition exists from this state but conditions are missing."""

    def __init__(self, trigger: str, guards: list[Guard]) -> None:
        super().__init__("; ".join(g.message for g in guards))
        self.trigger = trigger
        self.guards = guards

    @property
    def reasons(self) -> list[str]:
        """The messages of the failed guards (untranslated)."""
        return [g.message for g in self.guards]


@dataclass
class _Adapter:
    """The model handed to transitions: only a state, no methods that could shadow triggers."""

    state: str


def missing_guards(
    workflow: Workflow,
    state: str,
    trigger: str,
    facts: Mapping[str, Any],
    *,
    record_only: bool = False,
) -> list[Guard]:
    """What stops `trigger` from `state`; empty when it can fire.

    When several transitions share a trigger (adapt restarts at prototype or pilot), the one
    closest to firing explains the refusal; on a tie, what all of them miss.
    """
    if trigger not in workflow.triggers:
        raise UnknownTrigger(trigger)
    candidates = workflow.transitions_from(state, trigger)
    if not candidates:
        raise InvalidTransition(state, trigger)
    failures = [t.failed_guards(facts, record_only=record_only) for t in candidates]
    if any(not failed for failed in failures):
        return []
    fewest = min(len(failed) for failed in failures)
    closest = [failed for failed in failures if len(failed) == fewest]
    if len(closest) == 1:
        return closest[0]
    common = [g for g in closest[0] if all(g in other for other in closest[1:])]
    return common or closest[0]


def _machine_transition(transition: Transition) -> dict[str, Any]:
    def check(event: EventData) -> bool:
        return not transition.failed_guards(event.kwargs["facts"])

    return {
        "trigger": transition.trigger,
        "source": transition.source,
        "dest": transition.dest,
        "conditions": [check],
    }


def build_machine(workflow: Workflow, state: str) -> tuple[_Adapter, Machine]:
    """A `transitions` machine over a fresh adapter standing in `state`.

    Only the edges leaving `state` are loaded, and no `to_<state>()` shortcut exists:
    auto transitions would be back doors around the gates.
    """
    adapter = _Adapter(state)
    machine = Machine(
        model=adapter,
        states=list(workflow.states),
        transitions=[_machine_transition(t) for t in workflow.transitions_from(state)],
        initial=state,
        auto_transitions=False,
        send_event=True,
    )
    return adapter, machine


def fire(workflow: Workflow, state: str, trigger: str, facts: Mapping[str, Any]) -> str:
    """Fire `trigger` from `state` with these facts and return the new state.

    Raises UnknownTrigger, InvalidTransition or GuardsFailed (naming what is missing).
    """
    missing = missing_guards(workflow, state, trigger, facts)
    if missing:
        raise GuardsFailed(trigger, missing)
    adapter, _machine = build_machine(workflow, state)
    if not adapter.trigger(trigger, facts=facts):  # type: ignore[attr-defined]
        raise GuardsFailed(trigger, [])
    return adapter.state


def available_triggers(
    workflow: Workflow, state: str, facts: Mapping[str, Any], triggers: set[str] | None = None
) -> tuple[list[str], dict[str, list[Guard]]]:
    """Triggers (of `triggers`, default all) ready from `state`, and the others with what they miss.

    Input guards are not judged here: they depend on what the caller will supply.
    """
    ready: list[str] = []
    blocked: dict[str, list[Guard]] = {}
    for trigger in dict.fromkeys(t.trigger for t in workflow.transitions_from(state)):
        if triggers is not None and trigger not in triggers:
            continue
        missing = missing_guards(workflow, state, trigger, facts, record_only=True)
        if missing:
            blocked[trigger] = missing
        else:
            ready.append(trigger)
    return ready, blocked
