"""Organisations: the boundary of visibility for internal experiments."""

from datetime import datetime

from sqlmodel import Field, SQLModel

from tracker.models.types import UTCDateTime, utcnow


class Organisation(SQLModel, table=True):
    __tablename__ = "organisations"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200, unique=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
