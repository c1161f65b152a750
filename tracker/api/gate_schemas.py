"""Request and response models of the review boards and stage gates API.

Request models reuse the services' input models and refuse unknown fields; the services
validate again. The three facts the issue keeps apart stay apart here too: the evidence
`verdict` (gate), the board's `decision.decision` and the scaling `decision.route`.
"""

from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from tracker.api.schemas import ActorRef, ExperimentOut
from tracker.models import BoardCreate, DecisionCreate, GateRequest, VoteCast

GateKind = Literal["pilot", "decision"]
GateStatus = Literal["open", "decided", "withdrawn"]


# Requests -----------------------------------------------------------------------------------


class BoardCreateBody(BoardCreate):
    """A new review board; chairs and members are colleagues' emails (chairs vote too)."""

    model_config = ConfigDict(extra="forbid")


class GateRequestBody(GateRequest):
    """Request a gate: pilot gate from prototype, decision gate from evaluation."""

    model_config = ConfigDict(extra="forbid")

    version: int | None = Field(
        default=None, ge=1, description="The experiment version you read; checked when given."
    )


class VoteBody(VoteCast):
    """A vote: a recommendation, every scorecard criterion answered, a comment."""

    model_config = ConfigDict(extra="forbid")


class DecisionBody(DecisionCreate):
    """A chair's decision with its rationale and what that decision needs."""

    model_config = ConfigDict(extra="forbid")


class WithdrawBody(BaseModel):
    """Withdraw an open gate; the reason is optional and shown on the timeline."""

    model_config = ConfigDict(extra="forbid")

    reason: str = Field(default="", max_length=10_000)


# Responses ----------------------------------------------------------------------------------


class ScorecardItemOut(BaseModel):
    key: str
    label: str
    kind: Literal["knockout", "scored"]


class BoardMemberOut(BaseModel):
    id: int
    name: str
    email: str
    chair: bool


class BoardOut(BaseModel):
    """A review board: who sits on it, its quorum and scorecard."""

    id: int
    name: str
    quorum: int
    is_default: bool
    scorecard: list[ScorecardItemOut]
    evidence_levels: dict[str, int]
    meeting_cadence: str
    members: list[BoardMemberOut]
    created_at: datetime


class VoteOut(BaseModel):
    """One member's vote; it may change until the decision."""

    voter: ActorRef
    recommendation: str
    scores: dict[str, Any]
    comment: str
    cast_at: datetime
    updated_at: datetime


class ConditionOut(BaseModel):
    """A condition of a conditional go; the next gate waits until it is met."""

    id: int
    text: str
    met: bool
    met_at: datetime | None


class DecisionOut(BaseModel):
    """The board's decision; `route` is the scaling route (for `scale` only)."""

    decision: str
    rationale: str
    decided_by: ActorRef | None
    decided_at: datetime
    route: str | None
    scaling_plan: str | None
    restart_at: str | None
    changes: str | None
    stop_reason: str | None
    next_review_date: date | None
    vote_count: int
    conditions: list[ConditionOut]


class ScoreTotal(BaseModel):
    """Per scorecard criterion: sum and mean of scores, or yes/no counts of a knock-out."""

    key: str
    label: str
    kind: Literal["knockout", "scored"]
    answers: int
    total: int | None = None
    mean: float | None = None
    yes: int | None = None
    no: int | None = None


class CriterionResult(BaseModel):
    """A success criterion (as frozen at go) with the measured values of the gate's iteration."""

    indicator: str
    target: str
    method: str = ""
    target_value: float | None = None
    direction: str | None = None
    frozen: bool
    values: list[float | None]
    latest: float | None
    met: bool | None


class GateOut(BaseModel):
    """A gate review: the request, the votes, the decision and the evidence."""

    id: int
    kind: GateKind
    status: GateStatus
    experiment_id: int
    board_id: int
    iteration: int
    version: int
    requested_by: ActorRef | None
    requested_at: datetime
    review_date: date
    quorum: int
    closed_at: datetime | None
    votes: list[VoteOut]
    decision: DecisionOut | None
    conditions: list[ConditionOut]
    verdict: str | None
    analysis: str | None
    cost_eur: float | None
    stop_criteria_triggered: list[str] | None = Field(
        description="Decision gate: the frozen stop criteria the team declared triggered."
    )
    prototype_learnings: str | None
    pilot_plan: dict[str, Any] | None
    evidence_level: int | None
    scorecard: list[ScorecardItemOut]
    score_totals: list[ScoreTotal]
    criteria_results: list[CriterionResult]


class DecisionResult(BaseModel):
    """The decided gate and the experiment after the state change the decision fired."""

    gate: GateOut
    experiment: ExperimentOut
