"""Partners of experiments (associations, companies, public bodies...) and their roles."""

from datetime import datetime

from pydantic import field_validator
from sqlalchemy import Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from tracker.models.base import one_of
from tracker.models.types import UTCDateTime, utcnow
from workflows.definition import N_

PARTNER_KINDS = ("association", "company", "public_body", "research_team", "citizen_collective")
PARTNER_ROLES = (
    "funder",
    "operator",
    "evaluator",
    "user_representative",
    "large_economic_actor",
    "host",
)


class PartnerIn(SQLModel):
    name: str = Field(min_length=1, max_length=200)
    kind: str = Field(max_length=30)
    siret: str | None = Field(default=None, max_length=20)
    description: str = Field(default="", max_length=5_000)

    @field_validator("name")
    @classmethod
    def _name_not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError(N_("The name is required."))
        return " ".join(value.split())

    @field_validator("kind")
    @classmethod
    def _known_kind(cls, value: str) -> str:
        if value not in PARTNER_KINDS:
            raise ValueError(N_("Unknown kind."))
        return value

    @field_validator("siret")
    @classmethod
    def _fourteen_digits(cls, value: str | None) -> str | None:
        if value is None:
            return None
        digits = value.replace(" ", "")
        if not digits:
            return None
        if len(digits) != 14 or not digits.isascii() or not digits.isdigit():
            raise ValueError(N_("A SIRET number has 14 digits."))
        return digits


class Partner(SQLModel, table=True):
    """A partner in the shared inventory; archived, never deleted."""

    __tablename__ = "partners"
    __table_args__ = (one_of("kind", PARTNER_KINDS),)

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200, index=True)
    kind: str = Field(max_length=30)
    siret: str | None = Field(default=None, max_length=14, unique=True)
    description: str = Field(default="", sa_type=Text)
    # The organisation that recorded it: its members may edit it (and admins anywhere).
    organisation_id: int = Field(foreign_key="organisations.id", index=True)
    version: int = Field(default=1)
    archived_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class ExperimentPartner(SQLModel, table=True):
    """A partner's role in an experiment; withdrawn, never deleted."""

    __tablename__ = "experiment_partners"
    __table_args__ = (
        one_of("role", PARTNER_ROLES),
        UniqueConstraint("experiment_id", "partner_id", "role"),
        Index("ix_experiment_partners_partner_id_experiment_id", "partner_id", "experiment_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    experiment_id: int = Field(foreign_key="experiments.id", index=True)
    partner_id: int = Field(foreign_key="partners.id")
    role: str = Field(max_length=30)
    note: str = Field(default="", max_length=500)
    created_by: int | None = Field(default=None, foreign_key="users.id")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    withdrawn_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
