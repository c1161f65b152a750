"""Who wants which email when: per-user delivery and mutes, per-organisation thresholds."""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON
from sqlmodel import Field, SQLModel

from tracker.models.base import one_of
from tracker.models.types import UTCDateTime, utcnow

DELIVERIES = ("immediate", "digest")


class NotificationPreference(SQLModel, table=True):
    """A user's choice; no row means immediate delivery and nothing muted."""

    __tablename__ = "notification_preferences"
    __table_args__ = (one_of("delivery", DELIVERIES),)

    user_id: int = Field(foreign_key="users.id", primary_key=True)
    delivery: str = Field(default="immediate", max_length=10)
    muted: list[str] = Field(default_factory=list, sa_type=JSON)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class ReminderSettings(SQLModel, table=True):
    """An organisation's reminder thresholds; missing keys take the defaults in code."""

    __tablename__ = "reminder_settings"

    organisation_id: int = Field(foreign_key="organisations.id", primary_key=True)
    thresholds: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
