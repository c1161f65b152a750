"""Lessons: what every outcome teaches (stop, adapt, scale), and where they were reused.

A lesson is never deleted; it only becomes public when the owner asks and a chair approves.
"""

from datetime import datetime

from sqlalchemy import JSON, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from tracker.models.base import one_of
from tracker.models.types import UTCDateTime, utcnow

LESSON_KINDS = ("retrospective", "adapt", "scale")
LESSON_OUTCOMES = ("scale", "adapt", "stop")
LESSON_VISIBILITIES = ("internal", "public")
# none -> requested -> approved | declined; a declined lesson may be requested again.
PUBLICATION_STATES = ("none", "requested", "approved", "declined")


class Lesson(SQLModel, table=True):
    __tablename__ = "lessons"
    __table_args__ = (
        one_of("kind", LESSON_KINDS),
        one_of("outcome", LESSON_OUTCOMES),
        one_of("visibility", LESSON_VISIBILITIES),
        one_of("publication", PUBLICATION_STATES),
        # Newest first within what a reader may see: own organisation, or public ones.
        Index("ix_lessons_org_created", "organisation_id", "created_at", "id"),
        Index("ix_lessons_visibility_created", "visibility", "created_at", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    experiment_id: int = Field(foreign_key="experiments.id", index=True)
    organisation_id: int = Field(foreign_key="organisations.id")
    kind: str = Field(max_length=20)
    gate_id: int | None = Field(default=None, foreign_key="gates.id")
    retrospective_id: int | None = Field(default=None, foreign_key="retrospectives.id")
    title: str = Field(max_length=300)
    body: str = Field(default="", sa_type=Text)
    outcome: str = Field(max_length=10)
    stop_reason: str | None = Field(default=None, max_length=30)
    cause_tags: list[str] = Field(default_factory=list, sa_type=JSON)
    # Copied from the experiment when the lesson is written: a lesson keeps its context.
    territory: str = Field(default="", max_length=200)
    theme: str = Field(default="", max_length=200)
    visibility: str = Field(default="internal", max_length=10)
    publication: str = Field(default="none", max_length=10)
    public_requested_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    public_requested_by: int | None = Field(default=None, foreign_key="users.id")
    public_approved_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    public_approved_by: int | None = Field(default=None, foreign_key="users.id")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class LessonReuse(SQLModel, table=True):
    """An experiment that applied a lesson; reuse_count counts these rows."""

    __tablename__ = "lesson_reuses"
    __table_args__ = (UniqueConstraint("lesson_id", "experiment_id"),)

    id: int | None = Field(default=None, primary_key=True)
    lesson_id: int = Field(foreign_key="lessons.id")
    experiment_id: int = Field(foreign_key="experiments.id", index=True)
    marked_by: int = Field(foreign_key="users.id")
    marked_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
