"""Routes to scale: the plan an experiment in `scaling` follows, its milestones and its report."""

from datetime import date, datetime

from sqlalchemy import Text
from sqlmodel import Field, SQLModel

from tracker.models.base import one_of
from tracker.models.types import UTCDateTime, utcnow
from workflows.experiment import SCALING_ROUTES


class ScalingPlan(SQLModel, table=True):
    """One per experiment that reached `scaling`; versioned like the experiment it belongs to."""

    __tablename__ = "scaling_plans"
    __table_args__ = (one_of("route", SCALING_ROUTES),)

    id: int | None = Field(default=None, primary_key=True)
    experiment_id: int = Field(foreign_key="experiments.id", unique=True)
    route: str = Field(max_length=20)
    # The structure that takes the innovation over (a public policy, a network, a partner...).
    carrier: str = Field(default="", max_length=300)
    summary: str = Field(default="", sa_type=Text)
    # Written when the chair completes the scaling (complete_scaling requires it).
    report: str | None = Field(default=None, sa_type=Text)
    completed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    version: int = Field(default=1)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_by: int | None = Field(default=None, foreign_key="users.id")


class ScalingMilestone(SQLModel, table=True):
    """A step of the plan; a milestone removed from the list stays, withdrawn."""

    __tablename__ = "scaling_milestones"

    id: int | None = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="scaling_plans.id", index=True)
    # The order the team wrote them in: saves update rows in place by position.
    position: int = Field(default=0)
    title: str = Field(max_length=300)
    due_on: date | None = None
    done: bool = Field(default=False)
    done_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    withdrawn: bool = Field(default=False)
