"""Request and response models of the lessons API."""

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from tracker.models.lesson import LESSON_KINDS, LESSON_OUTCOMES
from tracker.models.retrospective import CauseTag
from tracker.services.lessons_publication import ACTIONS
from tracker.services.lessons_search import MAX_LIMIT
from workflows.experiment import STOP_REASONS

Kind = Literal[LESSON_KINDS]  # type: ignore[valid-type]
Outcome = Literal[LESSON_OUTCOMES]  # type: ignore[valid-type]
StopReason = Literal[STOP_REASONS]  # type: ignore[valid-type]
Action = Literal[ACTIONS]  # type: ignore[valid-type]


class LessonQuery(BaseModel):
    """Full-text search and filters; without `q`, newest first."""

    q: str | None = Field(
        default=None,
        max_length=500,
        description="Words to find in title and text (accents ignored; French stems on "
        "PostgreSQL, word prefixes on SQLite). Best matches first, the title weighing most.",
    )
    outcome: Outcome | None = None
    stop_reason: StopReason | None = None
    territory: str | None = Field(default=None, max_length=200, description="Any case.")
    theme: str | None = Field(default=None, max_length=200, description="Any case.")
    cause_tag: CauseTag | None = None
    kind: Kind | None = None
    limit: int | None = Field(default=None, ge=1, le=MAX_LIMIT, description="Page size (20).")
    cursor: str | None = Field(default=None, max_length=200, description="next_cursor of a page.")


class LessonOut(BaseModel):
    """A lesson: what a stop, an adapt or a scale taught, and how often it was reused."""

    id: int
    experiment_id: int
    kind: Kind
    gate_id: int | None
    retrospective_id: int | None
    title: str
    body: str
    visibility: Literal["internal", "public"]
    publication: Literal["none", "requested", "approved", "declined"] = Field(
        description="The public opt-in: the owner requests, a chair approves or declines."
    )
    reuse_count: int
    outcome: Outcome
    stop_reason: str | None
    cause_tags: list[str]
    territory: str
    theme: str
    created_at: datetime
    snippet: str | None = Field(
        default=None, description="In search results: the passage that matched, plain text."
    )


class LessonPage(BaseModel):
    items: list[LessonOut]
    next_cursor: str | None


class PublicationBody(BaseModel):
    """request (the experiment's owner or team), approve or decline (a chair of its board)."""

    model_config = ConfigDict(extra="forbid")

    action: Action


class AppliedLessonBody(BaseModel):
    """A lesson you can read that this experiment applied."""

    model_config = ConfigDict(extra="forbid")

    lesson_id: int = Field(ge=1, le=2**31 - 1)


class AppliedLessonsOut(BaseModel):
    experiment_id: int
    applied_lesson_ids: list[int]
