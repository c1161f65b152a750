"""The transactional outbox: every email is first a row, written with the action it reports."""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, Index, Text
from sqlmodel import Field, SQLModel

from tracker.models.base import one_of
from tracker.models.types import UTCDateTime, utcnow

OUTBOX_STATUSES = ("pending", "sending", "sent", "dead")


class OutboxMessage(SQLModel, table=True):
    __tablename__ = "outbox"
    __table_args__ = (
        one_of("status", OUTBOX_STATUSES),
        CheckConstraint("attempts >= 0", name="attempts_not_negative"),
        # The dispatcher's question: what is pending and due, oldest first.
        Index("ix_outbox_status_next_attempt_at", "status", "next_attempt_at"),
        Index("ix_outbox_user_id_held", "user_id", "held"),
    )

    id: int | None = Field(default=None, primary_key=True)
    # Names the subject, the recipient and the period: a second enqueue of it does nothing.
    dedup_key: str = Field(max_length=300, unique=True)
    user_id: int | None = Field(default=None, foreign_key="users.id")
    email: str = Field(max_length=254)
    locale: str = Field(default="fr", max_length=5)
    kind: str = Field(max_length=40)
    template: str = Field(max_length=60)
    context: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    status: str = Field(default="pending", max_length=10)
    # Kept for the recipient's weekly digest instead of being sent on its own.
    held: bool = Field(default=False)
    digest_id: int | None = Field(default=None, foreign_key="outbox.id")
    attempts: int = Field(default=0)
    next_attempt_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    claimed_by: str | None = Field(default=None, max_length=100)
    claimed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    last_error: str | None = Field(default=None, sa_type=Text)
    sent_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    message_id: str | None = Field(default=None, max_length=300)
    subject: str = Field(default="", max_length=300)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
