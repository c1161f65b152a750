"""Request and response models of territories, partners and the commons ledger."""

from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from tracker.models import (
    COMMONS_KINDS,
    PARTNER_KINDS,
    PARTNER_ROLES,
    TERRITORY_LEVELS,
    CommonsIn,
    PartnerIn,
    TerritoryIn,
)
from tracker.services.inventory import MAX_LIMIT

Level = Literal[TERRITORY_LEVELS]  # type: ignore[valid-type]
PartnerKind = Literal[PARTNER_KINDS]  # type: ignore[valid-type]
PartnerRole = Literal[PARTNER_ROLES]  # type: ignore[valid-type]
CommonsKind = Literal[COMMONS_KINDS]  # type: ignore[valid-type]


def _no_defaults(schema: dict[str, Any]) -> None:
    # In a PATCH an omitted field is left unchanged: a default would misdescribe that.
    for prop in schema.get("properties", {}).values():
        prop.pop("default", None)


PATCH = ConfigDict(extra="forbid", json_schema_extra=_no_defaults)
VERSION = Field(ge=1, description="The version you read; a stale one is a 409.")


class InventoryQuery(BaseModel):
    """Search and keyset pagination (by name) of an inventory."""

    q: str | None = Field(default=None, max_length=200, description="Part of the name, or a code.")
    include_archived: bool = False
    limit: int | None = Field(default=None, ge=1, le=MAX_LIMIT, description="Page size (50).")
    cursor: str | None = Field(default=None, max_length=400, description="next_cursor of a page.")


# Territories --------------------------------------------------------------------------------


class TerritoryQuery(InventoryQuery):
    level: Level | None = None
    cluster_id: int | None = Field(default=None, ge=1, le=2**31 - 1)


class TerritoryBody(TerritoryIn):
    """A territory of the shared inventory (admins). Code: INSEE or SIREN, when known."""

    model_config = ConfigDict(extra="forbid")


class TerritoryPatch(BaseModel):
    """Changes to a territory; `archived` hides it from pickers (its links stay)."""

    model_config = PATCH

    version: int = VERSION
    name: str | None = Field(default=None, min_length=1, max_length=200)
    level: Level | None = None
    code: str | None = Field(default=None, max_length=20)
    cluster_id: int | None = Field(default=None, ge=1, le=2**31 - 1)
    archived: bool | None = None


class ClusterRef(BaseModel):
    id: int
    name: str


class TerritoryOut(BaseModel):
    id: int
    name: str
    level: Level | None
    code: str | None
    cluster: ClusterRef | None
    version: int
    archived: bool
    created_at: datetime
    updated_at: datetime


class TerritoryPage(BaseModel):
    items: list[TerritoryOut]
    next_cursor: str | None


# Partners ----------------------------------------------------------------------------------


class PartnerQuery(InventoryQuery):
    kind: PartnerKind | None = None


class PartnerBody(PartnerIn):
    """A partner: association, company, public body, research team or citizen collective."""

    model_config = ConfigDict(extra="forbid")


class PartnerPatch(BaseModel):
    """Changes to a partner (by its recording organisation)."""

    model_config = PATCH

    version: int = VERSION
    name: str | None = Field(default=None, min_length=1, max_length=200)
    kind: PartnerKind | None = None
    siret: str | None = Field(default=None, max_length=20)
    description: str | None = Field(default=None, max_length=5_000)
    archived: bool | None = None


class PartnerOut(BaseModel):
    id: int
    name: str
    kind: PartnerKind
    siret: str | None
    description: str
    organisation_id: int
    version: int
    archived: bool
    created_at: datetime
    updated_at: datetime


class PartnerPage(BaseModel):
    items: list[PartnerOut]
    next_cursor: str | None


class ExperimentPartnerBody(BaseModel):
    """Link a partner to the experiment with a role (the team)."""

    model_config = ConfigDict(extra="forbid")

    partner_id: int = Field(ge=1, le=2**31 - 1)
    role: PartnerRole
    note: str = Field(default="", max_length=500)


class ExperimentPartnerPatch(BaseModel):
    """Change the role or note of a link, or withdraw it (`withdrawn: true`)."""

    model_config = PATCH

    role: PartnerRole | None = None
    note: str | None = Field(default=None, max_length=500)
    withdrawn: bool | None = None


class ExperimentPartnerOut(BaseModel):
    id: int
    partner_id: int
    partner: PartnerOut
    role: PartnerRole
    note: str
    created_at: datetime
    withdrawn_at: datetime | None


# Commons -----------------------------------------------------------------------------------


class CommonsBody(CommonsIn):
    """A contribution: a quantity with its unit, a value in euros, or both; a period."""

    model_config = ConfigDict(extra="forbid")


class CommonsPatch(BaseModel):
    """Changes to a contribution with the version read; `withdrawn` takes it out of totals."""

    model_config = PATCH

    version: int = VERSION
    kind: CommonsKind | None = None
    description: str | None = Field(default=None, min_length=1, max_length=2_000)
    quantity: float | None = Field(default=None, ge=0, le=1e12)
    unit: str | None = Field(default=None, max_length=50)
    value_eur: float | None = Field(default=None, ge=0, le=1e12)
    start: date | None = None
    end: date | None = None
    withdrawn: bool | None = None


class CommonsOut(BaseModel):
    id: int
    experiment_id: int
    kind: CommonsKind
    description: str
    quantity: float | None
    unit: str
    value_eur: float | None
    start: date | None
    end: date | None
    version: int
    withdrawn: bool
    created_at: datetime
    updated_at: datetime


class CommonsTotalOut(BaseModel):
    """The live contributions of one kind and unit, summed."""

    kind: CommonsKind
    unit: str
    contributions: int
    quantity: float | None
    value_eur: float | None


class CommonsLedger(BaseModel):
    items: list[CommonsOut]
    totals: list[CommonsTotalOut]
    value_eur: float = Field(description="Euros of every live contribution with a value.")
