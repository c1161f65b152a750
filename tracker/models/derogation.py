"""The legal basis an experiment may rest on: a derogation, its dates and its report."""

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Text
from sqlmodel import Field, SQLModel

from tracker.models.base import one_of
from tracker.models.types import UTCDateTime, utcnow

DEROGATION_KINDS = (
    "france_experimentation",
    "constitution_37_1",
    "constitution_72",
    "prefect",
    "other",
)


class Derogation(SQLModel, table=True):
    """At most one per experiment; corrected in place (versioned), never deleted."""

    __tablename__ = "derogations"
    __table_args__ = (
        one_of("kind", DEROGATION_KINDS),
        CheckConstraint("expires_on >= starts_on", name="expires_after_start"),
    )

    id: int | None = Field(default=None, primary_key=True)
    experiment_id: int = Field(foreign_key="experiments.id", unique=True)
    kind: str = Field(max_length=30)
    # The text it rests on: a decree, an order, a France Expérimentation file number...
    reference: str = Field(max_length=300)
    starts_on: date
    expires_on: date = Field(index=True)
    report_due_on: date | None = Field(default=None, index=True)
    notes: str = Field(default="", sa_type=Text)
    version: int = Field(default=1)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_by: int | None = Field(default=None, foreign_key="users.id")
