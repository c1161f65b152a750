"""Territories: a shared inventory, grouped in transition clusters, linked to experiments."""

import re
from datetime import datetime

from pydantic import field_validator
from sqlalchemy import Text
from sqlmodel import Field, SQLModel

from tracker.models.base import one_of
from tracker.models.types import UTCDateTime, utcnow
from workflows.definition import N_

TERRITORY_LEVELS = ("commune", "intercommunality", "department", "region")
# INSEE codes (commune 5 characters, 2A/2B in Corsica; department 2-3; region 2)
# or SIREN numbers (9 digits).
CODE_PATTERN = re.compile(r"^[0-9][0-9AB][0-9]{0,7}$")


class TerritoryIn(SQLModel):
    """What an admin writes about a territory (the API and the form validate through this)."""

    name: str = Field(min_length=1, max_length=200)
    level: str | None = Field(default=None, max_length=20)
    code: str | None = Field(default=None, max_length=20)
    cluster_id: int | None = Field(default=None, ge=1, le=2**31 - 1)

    @field_validator("name")
    @classmethod
    def _name_not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError(N_("The name is required."))
        return " ".join(value.split())

    @field_validator("level")
    @classmethod
    def _known_level(cls, value: str | None) -> str | None:
        if value in (None, ""):
            return None
        if value not in TERRITORY_LEVELS:
            raise ValueError(N_("Unknown level."))
        return value

    @field_validator("code")
    @classmethod
    def _official_code(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        value = value.strip().upper()
        if not CODE_PATTERN.match(value):
            raise ValueError(N_("An INSEE code (2 to 5 characters) or a SIREN number (9 digits)."))
        return value


class TransitionCluster(SQLModel, table=True):
    """A group of territories engaged together in an ecological or social transition."""

    __tablename__ = "transition_clusters"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200, unique=True)
    description: str = Field(default="", sa_type=Text)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class Territory(SQLModel, table=True):
    """One place in the shared inventory; archived, never deleted (experiments point at it)."""

    __tablename__ = "territories"
    __table_args__ = (one_of("level", TERRITORY_LEVELS),)

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200, index=True)
    # None for values migrated from free text or added through the API by name.
    level: str | None = Field(default=None, max_length=20)
    code: str | None = Field(default=None, max_length=20, unique=True)
    cluster_id: int | None = Field(default=None, foreign_key="transition_clusters.id", index=True)
    version: int = Field(default=1)
    archived_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class ExperimentTerritory(SQLModel, table=True):
    """An experiment runs in this territory (one experiment, one or several territories)."""

    __tablename__ = "experiment_territories"

    experiment_id: int = Field(foreign_key="experiments.id", primary_key=True)
    territory_id: int = Field(foreign_key="territories.id", primary_key=True, index=True)
