"""The outbox of your organisation (what /admin/outbox does; admins only): read, retry."""

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

from tracker import clock
from tracker.api.auth import current_user
from tracker.api.registry import Reply, operation
from tracker.db import get_session
from tracker.models import OUTBOX_STATUSES, OutboxMessage
from tracker.services import accounts_pages
from tracker.services.listing import MAX_LIMIT

TAG = "outbox"
Status = Literal[OUTBOX_STATUSES]  # type: ignore[valid-type]


class OutboxQuery(BaseModel):
    status: Status | None = Field(default=None, description="Only messages in this status.")
    limit: int = Field(default=50, ge=1, le=MAX_LIMIT, description="Page size.")
    cursor: str | None = Field(default=None, max_length=200, description="next_cursor of a page.")


class OutboxOut(BaseModel):
    id: int
    kind: str
    status: Status
    attempts: int
    recipient: str
    subject: str
    last_error: str | None
    next_attempt_at: datetime


class OutboxPage(BaseModel):
    """One page of messages, newest first; pass next_cursor back as `cursor`."""

    items: list[OutboxOut]
    next_cursor: str | None


def _out(row: OutboxMessage) -> OutboxOut:
    return OutboxOut(
        id=row.id or 0,
        kind=row.kind,
        status=row.status,
        attempts=row.attempts,
        recipient=row.email,
        subject=row.subject,
        last_error=row.last_error,
        next_attempt_at=row.next_attempt_at,
    )


@operation(
    "GET",
    "/outbox",
    summary="List the emails to your organisation's accounts (admins)",
    tag=TAG,
    query=OutboxQuery,
    replies={200: Reply("One page of messages.", OutboxPage)},
    problems=(403, 422),
)
def list_outbox(*, query: OutboxQuery) -> tuple[Any, int]:
    """Status, attempts and last error of each message; cursor pagination."""
    page = accounts_pages.outbox(
        session=get_session(),
        actor=current_user(),
        limit=query.limit,
        cursor=query.cursor,
        status=query.status,
    )
    return OutboxPage(items=[_out(row) for row in page.items], next_cursor=page.next_cursor), 200


@operation(
    "POST",
    "/outbox/{message_id}/retry",
    summary="Put a message back in line (admins)",
    tag=TAG,
    replies={200: Reply("The message, pending and due now.", OutboxOut)},
    problems=(403, 409),
    description="A message already sent or being sent is a 409.",
)
def retry_outbox_message(message_id: int) -> tuple[Any, int]:
    """Attempts reset; the dispatcher sends it at its next run."""
    row = accounts_pages.retry_outbox(
        session=get_session(), actor=current_user(), message_id=message_id, now=clock.now()
    )
    return _out(row), 200
