"""The commons ledger: what the public actor contributed to an experiment."""

from datetime import date, datetime
from typing import Literal

from pydantic import FiniteFloat, model_validator
from sqlalchemy import CheckConstraint, Index, Text
from sqlmodel import Field, SQLModel

from tracker.models.base import one_of
from tracker.models.types import UTCDateTime, utcnow
from workflows.definition import N_

COMMONS_KINDS = ("premises", "data", "procurement", "funding", "staff_time", "training")
DESCRIPTION_REQUIRED = N_("Describe the contribution.")
QUANTITY_OR_VALUE = N_("Give a quantity or a value in euros.")
UNIT_REQUIRED = N_("A quantity needs its unit.")
PERIOD_ORDER = N_("The end must not be before the start.")
# Where each of the record-wide messages belongs, for forms and API errors.
MESSAGE_FIELDS = {
    DESCRIPTION_REQUIRED: "description",
    QUANTITY_OR_VALUE: "value_eur",
    UNIT_REQUIRED: "unit",
    PERIOD_ORDER: "end",
}
CommonsKind = Literal["premises", "data", "procurement", "funding", "staff_time", "training"]


class CommonsIn(SQLModel):
    """One contribution by the team: a quantity with its unit, a value in euros, or both."""

    kind: CommonsKind
    description: str = Field(min_length=1, max_length=2_000)
    quantity: FiniteFloat | None = Field(default=None, ge=0, le=1e12)
    unit: str = Field(default="", max_length=50)
    value_eur: FiniteFloat | None = Field(default=None, ge=0, le=1e12)
    start: date | None = None
    end: date | None = None

    @model_validator(mode="after")
    def _consistent(self) -> "CommonsIn":
        self.description = self.description.strip()
        self.unit = self.unit.strip()
        if not self.description:
            raise ValueError(DESCRIPTION_REQUIRED)
        if self.quantity is None and self.value_eur is None:
            raise ValueError(QUANTITY_OR_VALUE)
        if self.quantity is not None and not self.unit:
            raise ValueError(UNIT_REQUIRED)
        if self.start and self.end and self.end < self.start:
            raise ValueError(PERIOD_ORDER)
        return self


class CommonsContribution(SQLModel, table=True):
    __tablename__ = "commons_contributions"
    __table_args__ = (
        one_of("kind", COMMONS_KINDS),
        CheckConstraint("quantity IS NULL OR quantity >= 0", name="quantity_not_negative"),
        CheckConstraint("value_eur IS NULL OR value_eur >= 0", name="value_not_negative"),
        CheckConstraint(
            "start_on IS NULL OR end_on IS NULL OR end_on >= start_on", name="period_in_order"
        ),
        Index("ix_commons_contributions_experiment_id_kind", "experiment_id", "kind"),
    )

    id: int | None = Field(default=None, primary_key=True)
    experiment_id: int = Field(foreign_key="experiments.id")
    kind: str = Field(max_length=20)
    description: str = Field(default="", sa_type=Text)
    quantity: float | None = None
    unit: str = Field(default="", max_length=50)
    value_eur: float | None = None
    start_on: date | None = None
    end_on: date | None = None
    version: int = Field(default=1)
    created_by: int | None = Field(default=None, foreign_key="users.id")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    # Withdrawn entries stay in the ledger's history and leave the totals.
    withdrawn_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
