"""The shape of a demo experiment: its content, its journal and where it ends up."""

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Entry:
    """A journal entry logged `day` days after the experiment was created."""

    day: int
    kind: str
    body: str = ""
    indicator: str | None = None
    value: float | None = None
    by: str = ""  # a person key of the organisation; the owner when empty


@dataclass(frozen=True)
class Spec:
    """One demo experiment, described relative to its creation day.

    `started` is how many days before today it was created; `days` gives, for each state
    on its path, the day (after creation) it reached that state.
    """

    title: str
    owner: str
    state: str
    started: int
    fields: dict[str, Any]
    days: dict[str, int] = field(default_factory=dict)
    planned: tuple[int, int] | None = None  # planned start and end, in days after creation
    team: tuple[str, ...] = ()
    journal: tuple[Entry, ...] = ()
    stopped_from: str = "draft"
    stop_reason: str = ""
    stop_explanation: str = ""
    # Fields filled in by an edit on `completed_on` rather than at creation, as drafts grow.
    late_fields: tuple[str, ...] = ()
    completed_on: int = 0
    # What the gate reviews need (learnings, partners, budget_eur, verdict, analysis,
    # cost_eur, route, scaling_plan, scaling_report), for experiments that go past prototype.
    review: dict[str, Any] = field(default_factory=dict)


def criterion(
    indicator: str,
    target: str,
    method: str,
    target_value: float | None = None,
    direction: str | None = None,
) -> dict[str, Any]:
    """A success criterion as the experiment input model takes it."""
    return {
        "indicator": indicator,
        "target": target,
        "method": method,
        "target_value": target_value,
        "direction": direction,
    }


def note(day: int, body: str, by: str = "") -> Entry:
    """A journal note."""
    return Entry(day, "note", body, by=by)


def observation(day: int, body: str, by: str = "") -> Entry:
    """A field observation."""
    return Entry(day, "observation", body, by=by)


def feedback(day: int, body: str, by: str = "") -> Entry:
    """What users said."""
    return Entry(day, "user_feedback", body, by=by)


def incident(day: int, body: str, by: str = "") -> Entry:
    """Something that went wrong."""
    return Entry(day, "incident", body, by=by)


def measurement(day: int, indicator: str, value: float, body: str = "", by: str = "") -> Entry:
    """A measured value of an indicator."""
    return Entry(day, "measurement", body, indicator=indicator, value=value, by=by)


def gated_fields(
    problem: str,
    hypothesis: str,
    users: str,
    criteria: list,
    stops: list,
    territory: str,
    *,
    theme: str,
) -> dict[str, Any]:
    """The fields of a gate-story experiment (tracker.demo.*_gates); its visibility is internal."""
    return {
        "problem": problem,
        "hypothesis": hypothesis,
        "target_users": users,
        "success_criteria": criteria,
        "stop_criteria": stops,
        "territory": territory,
        "theme": theme,
        "visibility": "internal",
    }
