"""Review boards: who reviews an organisation's experiments, with what scorecard and quorum."""

import re
from datetime import datetime
from typing import Literal

from pydantic import field_validator
from sqlalchemy import JSON, CheckConstraint, Index, UniqueConstraint, text
from sqlmodel import Field, SQLModel

from tracker.models.types import UTCDateTime, utcnow

SCORECARD_KINDS = ("knockout", "scored")
# Nesta's standards of evidence: 1 theory of change ... 5 replicated at scale.
EVIDENCE_LEVELS = (1, 2, 3, 4, 5)

DEFAULT_SCORECARD: list[dict[str, str]] = [
    {"key": "legal_ok", "label": "Legally possible (derogations identified)", "kind": "knockout"},
    {"key": "user_value", "label": "Value for users", "kind": "scored"},
    {"key": "evidence_strength", "label": "Strength of the evidence", "kind": "scored"},
    {"key": "feasibility", "label": "Feasibility", "kind": "scored"},
    {"key": "cost", "label": "Cost", "kind": "scored"},
    {"key": "partner_commitment", "label": "Partner commitment", "kind": "scored"},
]
DEFAULT_EVIDENCE_LEVELS = {"pilot": 1, "decision": 3}


class ScorecardItem(SQLModel):
    key: str = Field(min_length=1, max_length=40)
    label: str = Field(min_length=1, max_length=200)
    kind: Literal["knockout", "scored"]

    @field_validator("key")
    @classmethod
    def _identifier(cls, value: str) -> str:
        # Keys name the scores in votes and in the API: keep them plain identifiers.
        if not re.fullmatch(r"[a-z][a-z0-9_]*", value):
            raise ValueError("a key uses lowercase letters, digits and underscores")
        return value


class BoardCreate(SQLModel):
    """What an admin gives to create a board; members and chairs are emails."""

    name: str = Field(min_length=1, max_length=200)
    quorum: int = Field(default=2, ge=1, le=100)
    chairs: list[str] = Field(min_length=1, max_length=20)
    members: list[str] = Field(default_factory=list, max_length=100)
    is_default: bool = False
    scorecard: list[ScorecardItem] = Field(
        default_factory=lambda: [ScorecardItem(**item) for item in DEFAULT_SCORECARD],
        min_length=1,
        max_length=30,
    )
    evidence_levels: dict[Literal["pilot", "decision"], int] = Field(
        default_factory=lambda: dict(DEFAULT_EVIDENCE_LEVELS)
    )
    meeting_cadence: str = Field(default="", max_length=100)

    @field_validator("name")
    @classmethod
    def _name_not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("the name must not be blank")
        return value.strip()

    @field_validator("scorecard")
    @classmethod
    def _unique_keys(cls, items: list[ScorecardItem]) -> list[ScorecardItem]:
        keys = [item.key for item in items]
        if len(keys) != len(set(keys)):
            raise ValueError("each scorecard criterion needs its own key")
        return items

    @field_validator("evidence_levels")
    @classmethod
    def _levels_in_range(cls, levels: dict[str, int]) -> dict[str, int]:
        if any(level not in EVIDENCE_LEVELS for level in levels.values()):
            raise ValueError("evidence levels go from 1 to 5")
        return {**DEFAULT_EVIDENCE_LEVELS, **levels}


class Board(SQLModel, table=True):
    __tablename__ = "boards"
    __table_args__ = (
        CheckConstraint("quorum >= 1", name="quorum_positive"),
        UniqueConstraint("organisation_id", "name"),
        # One default board per organisation, enforced by the database.
        Index(
            "uq_boards_default_per_organisation",
            "organisation_id",
            unique=True,
            sqlite_where=text("is_default"),
            postgresql_where=text("is_default"),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    organisation_id: int = Field(foreign_key="organisations.id", index=True)
    name: str = Field(max_length=200)
    quorum: int = Field(default=2)
    is_default: bool = Field(default=False)
    scorecard: list[dict] = Field(default_factory=lambda: list(DEFAULT_SCORECARD), sa_type=JSON)
    evidence_levels: dict[str, int] = Field(
        default_factory=lambda: dict(DEFAULT_EVIDENCE_LEVELS), sa_type=JSON
    )
    meeting_cadence: str = Field(default="", max_length=100)
    created_by: int | None = Field(default=None, foreign_key="users.id")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class BoardMember(SQLModel, table=True):
    """A member of a board; chairs are members who also decide."""

    __tablename__ = "board_members"

    board_id: int = Field(foreign_key="boards.id", primary_key=True)
    user_id: int = Field(foreign_key="users.id", primary_key=True, index=True)
    is_chair: bool = Field(default=False)
    added_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
