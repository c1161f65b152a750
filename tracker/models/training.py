"""Trainings followed by agents (prototyping, user research, intrapreneurship, evaluation).

A training record is never deleted: the portfolio compares experiments led by trained and
untrained agents, and a vanished record would silently change past figures.
"""

from datetime import date, datetime

from pydantic import field_validator
from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from tracker.models.base import one_of
from tracker.models.types import UTCDateTime, utcnow

TRAINING_KINDS = ("prototyping", "user_research", "intrapreneurship", "evaluation")


class TrainingCreate(SQLModel):
    """What an admin records: the kind, the day it was followed, optionally who gave it."""

    kind: str = Field(max_length=20)
    followed_on: date
    provider: str = Field(default="", max_length=200)

    @field_validator("kind")
    @classmethod
    def _known_kind(cls, value: str) -> str:
        if value not in TRAINING_KINDS:
            raise ValueError("unknown kind of training")
        return value

    @field_validator("provider")
    @classmethod
    def _strip(cls, value: str) -> str:
        return value.strip()


class Training(SQLModel, table=True):
    __tablename__ = "trainings"
    __table_args__ = (
        one_of("kind", TRAINING_KINDS),
        # "Was the owner trained when the experiment began?" reads by user, then date.
        Index("ix_trainings_user_id_followed_on", "user_id", "followed_on"),
    )

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="users.id")
    kind: str = Field(max_length=20)
    followed_on: date
    provider: str = Field(default="", max_length=200)
    recorded_by: int = Field(foreign_key="users.id")
    recorded_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
