"""What admins do with the outbox: list it, retry a message."""

from datetime import datetime

from sqlmodel import Session, col, select

from tracker.models import OutboxMessage, User
from tracker.services.errors import Conflict, NotFound
from workflows.definition import N_


def list_for_organisation(
    *, session: Session, organisation_id: int, status: str | None = None, limit: int = 200
) -> list[OutboxMessage]:
    """The newest messages addressed to the organisation's accounts."""
    query = (
        select(OutboxMessage)
        .join(User, col(User.id) == OutboxMessage.user_id)
        .where(User.organisation_id == organisation_id)
        .order_by(col(OutboxMessage.id).desc())
        .limit(limit)
    )
    if status:
        query = query.where(OutboxMessage.status == status)
    return list(session.exec(query).all())


def retry(
    *, session: Session, message_id: int, now: datetime, organisation_id: int | None = None
) -> OutboxMessage:
    """A dead (or waiting) message goes back to pending, due now, attempts reset.

    With an organisation (the admin page), messages to other organisations do not exist.
    """
    row = session.get(OutboxMessage, message_id)
    if row is not None and organisation_id is not None:
        user = session.get(User, row.user_id) if row.user_id else None
        if user is None or user.organisation_id != organisation_id:
            row = None
    if row is None:
        raise NotFound(N_("No such message in the outbox."))
    if row.status in ("sent", "sending"):
        raise Conflict(N_("This message is already sent or being sent."))
    row.status = "pending"
    row.attempts = 0
    row.next_attempt_at = now
    row.held = False
    session.add(row)
    session.commit()
    return row
