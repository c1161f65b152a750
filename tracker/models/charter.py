"""The right-to-fail charter of an organisation, versioned, and its acknowledgements.

Each save is a new immutable version; acknowledgements name the version that was read.
"""

from datetime import datetime

from pydantic import field_validator
from sqlalchemy import Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from tracker.models.base import one_of
from tracker.models.types import UTCDateTime, utcnow

ACKNOWLEDGING_ROLES = ("owner", "chair")


class CharterFields(SQLModel):
    """What an administrator writes: the three commitments of the charter."""

    acceptable_failure: str = Field(min_length=1, max_length=20_000)
    non_sanction: str = Field(min_length=1, max_length=20_000)
    duty_to_share: str = Field(min_length=1, max_length=20_000)

    @field_validator("acceptable_failure", "non_sanction", "duty_to_share")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must not be blank")
        return value.strip()


class CharterVersion(SQLModel, table=True):
    """One saved version of an organisation's charter; the highest number is current."""

    __tablename__ = "charter_versions"
    __table_args__ = (UniqueConstraint("organisation_id", "number"),)

    id: int | None = Field(default=None, primary_key=True)
    organisation_id: int = Field(foreign_key="organisations.id")
    number: int
    acceptable_failure: str = Field(sa_type=Text)
    non_sanction: str = Field(sa_type=Text)
    duty_to_share: str = Field(sa_type=Text)
    author_id: int = Field(foreign_key="users.id")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class CharterAcknowledgement(SQLModel, table=True):
    """The owner (at the pilot gate request) or the chair (at go) read this charter version."""

    __tablename__ = "charter_acknowledgements"
    __table_args__ = (one_of("role", ACKNOWLEDGING_ROLES),)

    id: int | None = Field(default=None, primary_key=True)
    experiment_id: int = Field(foreign_key="experiments.id", index=True)
    gate_id: int | None = Field(default=None, foreign_key="gates.id")
    user_id: int = Field(foreign_key="users.id")
    role: str = Field(max_length=10)
    charter_version_id: int = Field(foreign_key="charter_versions.id")
    acknowledged_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
