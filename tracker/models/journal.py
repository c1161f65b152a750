"""The experiment journal: notes, observations, measurements, feedback, incidents."""

from datetime import date, datetime
from typing import Literal

from pydantic import FiniteFloat, model_validator
from sqlalchemy import Index, Text
from sqlmodel import Field, SQLModel

from tracker.models.base import one_of
from tracker.models.types import UTCDateTime, utcnow
from workflows.experiment import STATES

JOURNAL_KINDS = ("note", "observation", "measurement", "user_feedback", "incident")


class JournalEntryCreate(SQLModel):
    kind: Literal["note", "observation", "measurement", "user_feedback", "incident"]
    body: str = Field(default="", max_length=10_000)
    indicator: str | None = Field(default=None, max_length=200)
    value: FiniteFloat | None = None
    occurred_on: date | None = None

    @model_validator(mode="after")
    def _measurement_has_value(self) -> "JournalEntryCreate":
        if self.kind == "measurement":
            if not (self.indicator or "").strip():
                raise ValueError("a measurement needs an indicator")
            if self.value is None:
                raise ValueError("a measurement needs a value")
        elif not self.body.strip():
            raise ValueError("the entry needs a text")
        return self


class JournalEntry(SQLModel, table=True):
    __tablename__ = "journal_entries"
    __table_args__ = (
        one_of("kind", JOURNAL_KINDS),
        one_of("logged_in_state", STATES),
        Index("ix_journal_entries_experiment_id_id", "experiment_id", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    experiment_id: int = Field(foreign_key="experiments.id")
    author_id: int = Field(foreign_key="users.id")
    kind: str = Field(max_length=20)
    body: str = Field(default="", sa_type=Text)
    indicator: str | None = Field(default=None, max_length=200)
    value: float | None = None
    occurred_on: date
    # Where the experiment stood when this was logged: the pilot's evidence is what was
    # logged in pilot during the current iteration.
    logged_in_state: str = Field(max_length=20)
    iteration: int = Field(default=1)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
