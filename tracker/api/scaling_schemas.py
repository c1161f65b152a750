"""Request and response models of routes to scale, replication and derogations."""

from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from tracker.services.derogations import DerogationFields
from tracker.services.replication import ReplicationIn
from tracker.services.scaling import ScalingPlanFields
from workflows.experiment import SCALING_ROUTES, STATES

Route = Literal[SCALING_ROUTES]  # type: ignore[valid-type]
State = Literal[STATES]  # type: ignore[valid-type]


class ScalingPlanBody(ScalingPlanFields):
    """Save the scaling plan (the team, while the experiment is scaling)."""

    version: int = Field(ge=1, description="The version you read; a stale one is a 409.")


class MilestoneOut(BaseModel):
    """A step of the plan."""

    title: str
    due_on: date | None
    done: bool
    done_at: datetime | None


class ScalingPlanOut(BaseModel):
    """The route to scale, the structure taking it over, the milestones and the report."""

    experiment_id: int
    route: Route
    carrier: str
    summary: str
    milestones: list[MilestoneOut]
    milestones_done: int
    progress_percent: int = Field(description="Milestones done, as a whole percentage.")
    report: str | None = Field(description="Written when the scaling is completed.")
    completed_at: datetime | None
    version: int
    updated_at: datetime


class ReplicateBody(ReplicationIn):
    """What the replica changes from its source (both optional): the rest is copied."""


class LineageNode(BaseModel):
    """An experiment of the lineage; a `redacted` one is not visible to you: only its place
    in the tree shows (all other fields null) so that visible replicas below it stay in place."""

    id: int | None
    redacted: bool
    depth: int = Field(description="0 for the origin, 1 for its replicas, and so on.")
    current: bool = Field(description="The experiment whose lineage was asked.")
    title: str | None
    state: State | None
    outcome: Literal["scale", "stop"] | None = Field(
        description="scale (scaling or scaled), stop (stopped), or null while it runs."
    )
    organisation: str | None
    territory: str | None
    # Typed loosely on purpose: a self-referencing schema sends OpenAPI validators (and
    # many client generators) into endless recursion.
    replicas: list[dict[str, Any]] = Field(
        description="The replicas of this experiment: nodes of this same shape, recursively."
    )


class DerogationBody(DerogationFields):
    """Record the derogation (no version) or correct it (the version you read)."""

    version: int | None = Field(
        default=None, ge=1, description="Omit to record; the version you read to correct."
    )


class DerogationOut(DerogationFields):
    """The derogation an experiment rests on."""

    model_config = ConfigDict(extra="ignore")

    experiment_id: int
    version: int
    updated_at: datetime
