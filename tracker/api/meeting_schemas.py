"""Request and response models of the gate meetings API."""

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from tracker.models import MeetingCreate, MeetingReschedule

MeetingStatus = Literal["scheduled", "held", "cancelled"]


class MeetingCreateBody(MeetingCreate):
    """Schedule a meeting: when (with its offset), where, and open gates of the board in order."""

    model_config = ConfigDict(extra="forbid")


class RescheduleBody(MeetingReschedule):
    """Move a meeting: a new date and/or place; its calendar SEQUENCE goes up by one."""

    model_config = ConfigDict(extra="forbid")


class CancelBody(BaseModel):
    """Cancel a meeting; it stays listed, marked cancelled."""

    model_config = ConfigDict(extra="forbid")

    reason: str = Field(default="", max_length=2_000)


class MinuteOut(BaseModel):
    """The decision taken on an agenda gate, as recorded on the gate."""

    decision: str
    rationale: str
    decided_at: datetime


class AgendaItemOut(BaseModel):
    """One gate on the agenda and, once decided, its line of the minutes."""

    position: int
    gate_id: int
    kind: Literal["pilot", "decision"]
    gate_status: Literal["open", "decided", "withdrawn"]
    experiment_id: int
    experiment_title: str
    decision: MinuteOut | None


class MeetingOut(BaseModel):
    """A gate meeting with its agenda; the minutes are the agenda's decisions."""

    id: int
    board_id: int
    status: MeetingStatus
    starts_at: datetime
    duration_minutes: int
    place: str
    sequence: int
    created_at: datetime
    updated_at: datetime
    cancelled_reason: str
    calendar_url: str
    agenda: list[AgendaItemOut]
