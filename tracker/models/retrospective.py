"""Retrospectives: the blameless account every stop opens, its follow-ups and its addenda.

Nothing here is ever deleted: a published retrospective is immutable and grows by addenda.
"""

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict
from pydantic import Field as Input
from sqlalchemy import JSON, CheckConstraint, Text
from sqlmodel import Field, SQLModel

from tracker.models.base import one_of
from tracker.models.types import UTCDateTime, utcnow
from workflows.retrospective import DECIDERS, FOLLOW_UP_STATUSES, STATES


class Retrospective(SQLModel, table=True):
    """Exactly one per stopped experiment (the unique experiment_id)."""

    __tablename__ = "retrospectives"
    __table_args__ = (
        one_of("state", STATES),
        one_of("decided_by", DECIDERS),
        CheckConstraint("cost_eur IS NULL OR cost_eur >= 0", name="cost_not_negative"),
        CheckConstraint("agent_days IS NULL OR agent_days >= 0", name="agent_days_not_negative"),
    )

    id: int | None = Field(default=None, primary_key=True)
    experiment_id: int = Field(foreign_key="experiments.id", unique=True)
    state: str = Field(default="due", max_length=10)
    # Optimistic concurrency, as on experiments: a stale save is a conflict.
    version: int = Field(default=1)
    due_on: date
    opened_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    what_we_tried: str = Field(default="", sa_type=Text)
    what_happened: str = Field(default="", sa_type=Text)
    why: str = Field(default="", sa_type=Text)
    cause_tags: list[str] = Field(default_factory=list, sa_type=JSON)
    what_we_learned: str = Field(default="", sa_type=Text)
    do_differently: str = Field(default="", sa_type=Text)
    advice: str = Field(default="", sa_type=Text)
    reusable_assets: str = Field(default="", sa_type=Text)
    cost_eur: float | None = None
    agent_days: float | None = None
    decided_by: str = Field(default="team", max_length=10)
    published_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    published_by: int | None = Field(default=None, foreign_key="users.id")


class FollowUp(SQLModel, table=True):
    """An action the retrospective commits to; it closes as done or not doing, never vanishes."""

    __tablename__ = "follow_ups"
    __table_args__ = (one_of("status", FOLLOW_UP_STATUSES),)

    id: int | None = Field(default=None, primary_key=True)
    retrospective_id: int = Field(foreign_key="retrospectives.id", index=True)
    # The order the team wrote them in: saves update rows in place by position.
    position: int = Field(default=0)
    title: str = Field(max_length=300)
    owner_id: int | None = Field(default=None, foreign_key="users.id")
    due_on: date | None = None
    status: str = Field(default="open", max_length=10)
    # A follow-up the team removed from the list stays, withdrawn (nothing is deleted).
    withdrawn: bool = Field(default=False)


class RetrospectiveAddendum(SQLModel, table=True):
    """A dated addition to a published retrospective."""

    __tablename__ = "retrospective_addenda"

    id: int | None = Field(default=None, primary_key=True)
    retrospective_id: int = Field(foreign_key="retrospectives.id", index=True)
    author_id: int = Field(foreign_key="users.id")
    body: str = Field(sa_type=Text)
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


TEMPLATE_FIELDS = (
    "what_we_tried",
    "what_happened",
    "why",
    "cause_tags",
    "what_we_learned",
    "do_differently",
    "advice",
    "reusable_assets",
    "cost_eur",
    "agent_days",
    "decided_by",
)

CauseTag = Literal[
    "method",
    "timing",
    "partners",
    "resources",
    "regulation",
    "user_adoption",
    "governance",
    "external_event",
]


class FollowUpIn(BaseModel):
    """A follow-up as the team writes it: the owner is an email of the organisation."""

    model_config = ConfigDict(extra="forbid")

    title: str = Input(min_length=1, max_length=300)
    owner: str | None = Input(default=None, max_length=254)
    due_on: date | None = None
    status: Literal["open", "done", "not_doing"] = "open"


class RetrospectiveFields(BaseModel):
    """What a save may change; a field left out keeps its value."""

    model_config = ConfigDict(extra="forbid")

    what_we_tried: str | None = Input(default=None, max_length=20_000)
    what_happened: str | None = Input(default=None, max_length=20_000)
    why: str | None = Input(default=None, max_length=20_000)
    cause_tags: list[CauseTag] | None = Input(default=None, max_length=8)
    what_we_learned: str | None = Input(default=None, max_length=20_000)
    do_differently: str | None = Input(default=None, max_length=20_000)
    advice: str | None = Input(default=None, max_length=20_000)
    reusable_assets: str | None = Input(default=None, max_length=20_000)
    cost_eur: float | None = Input(default=None, ge=0, allow_inf_nan=False)
    agent_days: float | None = Input(default=None, ge=0, allow_inf_nan=False)
    decided_by: Literal["team", "board", "external"] | None = None
    follow_ups: list[FollowUpIn] | None = Input(default=None, max_length=50)
