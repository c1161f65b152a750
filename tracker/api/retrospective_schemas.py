"""Request and response models of the retrospectives API."""

from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from tracker.models import RetrospectiveFields
from tracker.models.retrospective import CauseTag
from workflows.retrospective import RETROSPECTIVE


class RetrospectiveBody(RetrospectiveFields):
    """Save the template (the team); a field left out keeps its value, `follow_ups` is the
    whole list. The first save of a due retrospective moves it to drafting."""

    model_config = ConfigDict(extra="forbid")

    version: int | None = Field(
        default=None, ge=1, description="The version you read; a stale one is a 409."
    )


class RetrospectiveTransitionBody(BaseModel):
    """Fire a trigger of the retrospective machine (see GET /workflow)."""

    model_config = ConfigDict(extra="forbid")

    trigger: str = Field(
        max_length=40,
        description="submit (the team), request_changes or publish (a chair).",
        json_schema_extra={"examples": list(RETROSPECTIVE.triggers)},
    )
    version: int | None = Field(
        default=None, ge=1, description="Optional: the version you read; a stale one is a 409."
    )


class FollowUpOut(BaseModel):
    """An action the retrospective commits to; `owner` is an email."""

    title: str
    owner: str | None
    due_on: date | None
    status: Literal["open", "done", "not_doing"]


class AddendumOut(BaseModel):
    """A dated addition to a published retrospective."""

    author_id: int
    body: str
    at: datetime


class RetrospectiveOut(BaseModel):
    """A retrospective: its state, the template, follow-ups, addenda and the pre-filled facts."""

    id: int
    experiment_id: int
    state: Literal["due", "drafting", "submitted", "published"]
    version: int
    due_on: date
    what_we_tried: str
    what_happened: str
    why: str
    cause_tags: list[CauseTag]
    what_we_learned: str
    do_differently: str
    advice: str
    reusable_assets: str
    cost_eur: float | None
    agent_days: float | None
    decided_by: Literal["team", "board", "external"]
    follow_ups: list[FollowUpOut]
    published_at: datetime | None
    addenda: list[AddendumOut]
    allowed_triggers: list[str] = Field(
        description="The triggers you may fire now (start_drafting is the first save)."
    )
    prefill: dict[str, Any] = Field(
        description="What the record already knows: hypothesis, frozen criteria, "
        "measurements against targets, timeline, gate decisions."
    )
