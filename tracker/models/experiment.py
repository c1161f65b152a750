"""Experiments and their team, with the input models that validate them."""

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import FiniteFloat, field_validator, model_validator
from sqlalchemy import JSON, Index, Text
from sqlmodel import Field, SQLModel

from tracker.models.base import one_of
from tracker.models.themes import THEMES, clean_theme
from tracker.models.types import UTCDateTime, utcnow
from workflows.experiment import STATES, STOP_REASONS

VISIBILITIES = ("internal", "public")


class SuccessCriterion(SQLModel):
    indicator: str = Field(min_length=1, max_length=200)
    target: str = Field(min_length=1, max_length=200)
    method: str = Field(default="", max_length=500)
    target_value: FiniteFloat | None = None
    direction: Literal["at_least", "at_most"] | None = None


def _clean_lines(values: list[str]) -> list[str]:
    return [value.strip() for value in values if value and value.strip()]


class ExperimentFields(SQLModel):
    """Every editable field, all optional: drafts may be incomplete."""

    problem: str = Field(default="", max_length=10_000)
    hypothesis: str = Field(default="", max_length=10_000)
    target_users: str = Field(default="", max_length=2_000)
    success_criteria: list[SuccessCriterion] = Field(default_factory=list, max_length=50)
    stop_criteria: list[str] = Field(default_factory=list, max_length=50)
    territory: str = Field(default="", max_length=200)
    # Picked from the territory inventory; `territory` names one (matched or added).
    territory_ids: list[Annotated[int, Field(ge=1, le=2**31 - 1)]] = Field(
        default_factory=list, max_length=50
    )
    visibility: Literal["internal", "public"] = "internal"
    planned_start: date | None = None
    planned_end: date | None = None
    team: list[str] = Field(default_factory=list, max_length=50)
    # One of THEMES, or None (not said yet); any case, blank is None.
    theme: str | None = Field(
        default=None,
        max_length=40,
        description="A public-policy theme, or null when not said.",
        schema_extra={"json_schema_extra": {"enum": [*THEMES, None]}},
    )

    @field_validator("theme", mode="before")
    @classmethod
    def _known_theme(cls, value: object) -> object:
        return clean_theme(value) if isinstance(value, str) or value is None else value

    @field_validator("stop_criteria", "team")
    @classmethod
    def _strip(cls, values: list[str]) -> list[str]:
        return _clean_lines(values)

    @model_validator(mode="after")
    def _dates_in_order(self) -> "ExperimentFields":
        if self.planned_start and self.planned_end and self.planned_end < self.planned_start:
            raise ValueError("planned_end must not be before planned_start")
        return self


class ExperimentCreate(ExperimentFields):
    title: str = Field(min_length=1, max_length=200)

    @field_validator("title")
    @classmethod
    def _title_not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("title must not be blank")
        return value.strip()


class Experiment(SQLModel, table=True):
    __tablename__ = "experiments"
    __table_args__ = (
        one_of("state", STATES),
        one_of("visibility", VISIBILITIES),
        one_of("stop_reason", STOP_REASONS),
        one_of("theme", THEMES),
        # Keyset pagination by last activity, within an organisation or across public ones.
        Index("ix_experiments_org_activity", "organisation_id", "last_activity_at", "id"),
        Index("ix_experiments_visibility_activity", "visibility", "last_activity_at", "id"),
        # The planner's silent experiments: in a state, quiet since a moment.
        Index("ix_experiments_state_activity", "state", "last_activity_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    organisation_id: int = Field(foreign_key="organisations.id")
    owner_id: int = Field(foreign_key="users.id", index=True)
    title: str = Field(max_length=200)
    problem: str = Field(default="", sa_type=Text)
    hypothesis: str = Field(default="", sa_type=Text)
    target_users: str = Field(default="", sa_type=Text)
    success_criteria: list[dict] = Field(default_factory=list, sa_type=JSON)
    stop_criteria: list[str] = Field(default_factory=list, sa_type=JSON)
    territory: str = Field(default="", max_length=200, index=True)
    # A public-policy theme (tracker/models/themes.py); None until someone says which.
    theme: str | None = Field(default=None, max_length=40, index=True)
    visibility: str = Field(default="internal", max_length=10)
    planned_start: date | None = None
    planned_end: date | None = None
    state: str = Field(default="draft", max_length=20, index=True)
    iteration: int = Field(default=1)
    # Optimistic concurrency: every write is UPDATE ... WHERE version = :expected.
    version: int = Field(default=1)
    stop_reason: str | None = Field(default=None, max_length=30)
    stop_explanation: str | None = Field(default=None, sa_type=Text)
    # The reviewing board; None means the organisation's default board.
    board_id: int | None = Field(default=None, foreign_key="boards.id", index=True)
    # Set at the pilot gate's go: from then on the criteria change only by amendment.
    criteria_frozen_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    # Replication (essaimage): the experiment this one was replicated from, if any.
    replicated_from_id: int | None = Field(default=None, foreign_key="experiments.id", index=True)
    # Taking over: a stopped experiment offered to a taker, and the one this was taken from.
    seeking_taker: bool = Field(default=False)
    taken_over_from_id: int | None = Field(default=None, foreign_key="experiments.id", index=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    last_activity_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class ExperimentMember(SQLModel, table=True):
    """A team member of an experiment (besides its owner)."""

    __tablename__ = "experiment_members"

    experiment_id: int = Field(foreign_key="experiments.id", primary_key=True)
    user_id: int = Field(foreign_key="users.id", primary_key=True, index=True)
