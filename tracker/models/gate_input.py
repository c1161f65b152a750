"""Input models of the gate services: requests, votes and decisions.

Request fields are optional here on purpose: types are checked by pydantic, and what is
missing is reported by the readiness check, which names each missing piece.
"""

from datetime import date
from typing import Any, Literal

from pydantic import field_validator
from sqlmodel import Field, SQLModel

# Literal types must be spelled out for pydantic; a test keeps them equal to the workflow's tuples.
Verdict = Literal["conclusive_positive", "conclusive_negative", "inconclusive", "not_finished"]
Decision = Literal["go", "scale", "adapt", "stop", "hold"]
Route = Literal["grow_structure", "replication", "public_policy", "partnership"]
StopReason = Literal[
    "no_impact",
    "existing_solution",
    "constraints",
    "cost",
    "budget_cut",
    "legal",
    "owner_left",
    "political",
    "other",
]


def _strip_lines(values: list[str]) -> list[str]:
    return [value.strip() for value in values if value and value.strip()]


class PilotPlan(SQLModel):
    territory: str = Field(default="", max_length=200)
    population: str = Field(default="", max_length=2_000)
    duration_weeks: int | None = Field(default=None, ge=1, le=520)
    partners: list[str] = Field(default_factory=list, max_length=50)
    budget_eur: float | None = Field(default=None, ge=0)

    @field_validator("partners")
    @classmethod
    def _strip(cls, values: list[str]) -> list[str]:
        return _strip_lines(values)


class GateRequest(SQLModel):
    """Both gates' fields; the readiness check says which ones each kind needs."""

    kind: Literal["pilot", "decision"]
    review_date: date | None = None
    prototype_learnings: str = Field(default="", max_length=10_000)
    pilot_plan: PilotPlan | None = None
    verdict: Verdict | None = None
    analysis: str = Field(default="", max_length=20_000)
    cost_eur: float | None = Field(default=None, ge=0)
    # Stop criteria are free text: the owner says which ones were triggered (decision gate).
    stop_criteria_triggered: list[str] = Field(default_factory=list, max_length=50)
    # Pilot gate: the owner read the organisation's right-to-fail charter (when it has one).
    charter_acknowledged: bool = False


class VoteCast(SQLModel):
    recommendation: Decision
    scores: dict[str, Any] = Field(default_factory=dict)
    comment: str = Field(default="", max_length=10_000)


class DecisionCreate(SQLModel):
    decision: Decision
    rationale: str = Field(default="", max_length=20_000)
    conditions: list[str] = Field(default_factory=list, max_length=30)
    route: Route | None = None
    scaling_plan: str = Field(default="", max_length=20_000)
    restart_at: Literal["prototype", "pilot"] | None = None
    changes: str = Field(default="", max_length=20_000)
    stop_reason: StopReason | None = None
    review_date: date | None = None
    # Go at the pilot gate: the chair read the organisation's charter (when it has one).
    charter_acknowledged: bool = False
    # The gate version the chair saw; optional, checked when given.
    version: int | None = None

    @field_validator("conditions")
    @classmethod
    def _strip(cls, values: list[str]) -> list[str]:
        return _strip_lines(values)
