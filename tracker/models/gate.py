"""Stage gates: the request, the board's votes, the chair's decision and its conditions.

Nothing here is ever deleted: a gate closes (decided or withdrawn), votes change in place
until the decision, and a decision is written once.
"""

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, Index, Text, UniqueConstraint, text
from sqlmodel import Field, SQLModel

from tracker.models.base import one_of
from tracker.models.types import UTCDateTime, utcnow
from workflows.experiment import RESTART_POINTS, SCALING_ROUTES, STOP_REASONS
from workflows.gate import DECISIONS, KINDS, STATES, VERDICTS


class Gate(SQLModel, table=True):
    __tablename__ = "gates"
    __table_args__ = (
        one_of("kind", KINDS),
        one_of("status", STATES),
        one_of("verdict", VERDICTS),
        CheckConstraint("quorum >= 1", name="quorum_positive"),
        # At most one open gate per experiment, even when two requests race.
        Index(
            "uq_gates_open_per_experiment",
            "experiment_id",
            unique=True,
            sqlite_where=text("status = 'open'"),
            postgresql_where=text("status = 'open'"),
        ),
        Index("ix_gates_experiment_id_id", "experiment_id", "id"),
        Index("ix_gates_board_id_status", "board_id", "status"),
    )

    id: int | None = Field(default=None, primary_key=True)
    experiment_id: int = Field(foreign_key="experiments.id")
    board_id: int = Field(foreign_key="boards.id")
    kind: str = Field(max_length=10)
    status: str = Field(default="open", max_length=10)
    # The experiment's iteration when the gate was requested (adapt starts a new one).
    iteration: int = Field(default=1)
    requested_by: int = Field(foreign_key="users.id")
    requested_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    review_date: date
    # Copied from the board at request time: a later board change never moves a running review.
    quorum: int = Field(default=2)
    scorecard: list[dict] = Field(default_factory=list, sa_type=JSON)
    evidence_level: int | None = None
    prototype_learnings: str | None = Field(default=None, sa_type=Text)
    pilot_plan: dict[str, Any] | None = Field(default=None, sa_type=JSON)
    verdict: str | None = Field(default=None, max_length=30)
    analysis: str | None = Field(default=None, sa_type=Text)
    cost_eur: float | None = None
    # Decision gate: which of the frozen stop criteria the owner declares triggered.
    stop_criteria_triggered: list[str] | None = Field(default=None, sa_type=JSON)
    # Optimistic concurrency: closing is UPDATE ... WHERE version = :seen AND status = 'open'.
    version: int = Field(default=1)
    closed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    closed_by: int | None = Field(default=None, foreign_key="users.id")


class Vote(SQLModel, table=True):
    __tablename__ = "votes"
    __table_args__ = (one_of("recommendation", DECISIONS), UniqueConstraint("gate_id", "voter_id"))

    id: int | None = Field(default=None, primary_key=True)
    gate_id: int = Field(foreign_key="gates.id")
    voter_id: int = Field(foreign_key="users.id", index=True)
    recommendation: str = Field(max_length=10)
    scores: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    comment: str = Field(default="", sa_type=Text)
    cast_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class GateDecision(SQLModel, table=True):
    """The chair's decision; the unique gate_id lets only one of two racing chairs win."""

    __tablename__ = "gate_decisions"
    __table_args__ = (
        one_of("decision", DECISIONS),
        one_of("route", SCALING_ROUTES),
        one_of("restart_at", RESTART_POINTS),
        one_of("stop_reason", STOP_REASONS),
    )

    id: int | None = Field(default=None, primary_key=True)
    gate_id: int = Field(foreign_key="gates.id", unique=True)
    decision: str = Field(max_length=10)
    rationale: str = Field(sa_type=Text)
    decided_by: int = Field(foreign_key="users.id")
    decided_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    route: str | None = Field(default=None, max_length=20)
    scaling_plan: str | None = Field(default=None, sa_type=Text)
    restart_at: str | None = Field(default=None, max_length=10)
    changes: str | None = Field(default=None, sa_type=Text)
    stop_reason: str | None = Field(default=None, max_length=30)
    next_review_date: date | None = None
    vote_count: int = Field(default=0)
    # At go, the success and stop criteria as they were frozen (the pre-registration).
    frozen_criteria: dict[str, Any] | None = Field(default=None, sa_type=JSON)


class GateCondition(SQLModel, table=True):
    """A condition of a conditional go: the next gate waits until it is met."""

    __tablename__ = "gate_conditions"

    id: int | None = Field(default=None, primary_key=True)
    gate_id: int = Field(foreign_key="gates.id", index=True)
    text: str = Field(sa_type=Text)
    met: bool = Field(default=False)
    met_by: int | None = Field(default=None, foreign_key="users.id")
    met_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
