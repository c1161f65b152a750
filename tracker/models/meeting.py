"""Gate meetings: a chair batches open gates of a board into one dated meeting.

Nothing here is deleted: a meeting is cancelled (status), and its agenda stays as scheduled.
"""

from datetime import datetime

from pydantic import AwareDatetime, field_validator
from sqlalchemy import CheckConstraint, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from tracker.models.base import one_of
from tracker.models.types import UTCDateTime, utcnow

MEETING_STATUSES = ("scheduled", "held", "cancelled")


class MeetingCreate(SQLModel):
    """What a chair gives to schedule a meeting: when, where, and the gates in order."""

    # A time without its offset would be ambiguous (Paris or UTC?): pydantic refuses it.
    starts_at: AwareDatetime
    duration_minutes: int = Field(default=120, ge=15, le=12 * 60)
    place: str = Field(min_length=1, max_length=500)
    gate_ids: list[int] = Field(min_length=1, max_length=50)

    @field_validator("place")
    @classmethod
    def _place_not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("the place must not be blank")
        return value.strip()

    @field_validator("gate_ids")
    @classmethod
    def _distinct(cls, values: list[int]) -> list[int]:
        if len(values) != len(set(values)):
            raise ValueError("each gate appears once on the agenda")
        return values


class MeetingReschedule(SQLModel):
    """A new date and/or place; what is left out stays as it was."""

    starts_at: AwareDatetime | None = None
    place: str | None = Field(default=None, min_length=1, max_length=500)
    reason: str = Field(default="", max_length=2_000)


class Meeting(SQLModel, table=True):
    __tablename__ = "meetings"
    __table_args__ = (
        one_of("status", MEETING_STATUSES),
        CheckConstraint("sequence >= 0", name="sequence_not_negative"),
        Index("ix_meetings_board_id_starts_at", "board_id", "starts_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    board_id: int = Field(foreign_key="boards.id")
    starts_at: datetime = Field(sa_type=UTCDateTime)
    duration_minutes: int = Field(default=120)
    place: str = Field(max_length=500)
    status: str = Field(default="scheduled", max_length=10)
    # The iCalendar SEQUENCE: bumped when the date or the place changes, so calendars update.
    sequence: int = Field(default=0)
    created_by: int = Field(foreign_key="users.id")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    cancelled_reason: str = Field(default="", sa_type=Text)


class MeetingItem(SQLModel, table=True):
    """One gate on a meeting's agenda, at its position (1, 2, ...)."""

    __tablename__ = "meeting_items"
    __table_args__ = (UniqueConstraint("meeting_id", "position"),)

    meeting_id: int = Field(foreign_key="meetings.id", primary_key=True)
    gate_id: int = Field(foreign_key="gates.id", primary_key=True, index=True)
    position: int
