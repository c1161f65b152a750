"""Paginated admin lists for the API: the organisation's accounts and its outbox.

Keyset pagination on the id (tracker.services.cursors): a page never repeats or skips a row,
even while rows are added. Only admins, each for their own organisation (as /admin/users and
/admin/outbox).
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, or_
from sqlmodel import Session, col, select

from tracker.models import OutboxMessage, User
from tracker.notifications import admin as outbox_admin
from tracker.services import cursors
from tracker.services.errors import NotFound
from tracker.services.permissions import require_admin
from workflows.definition import N_


@dataclass(frozen=True)
class Page:
    """Rows of one page, and the cursor of the next one (None on the last page)."""

    items: list[Any]
    next_cursor: str | None


def _page(session: Session, query: Any, limit: int) -> Page:
    rows = list(session.exec(query.limit(limit + 1)).all())
    items = rows[:limit]
    more = len(rows) > limit
    return Page(items=items, next_cursor=cursors.encode(items[-1].id) if more else None)


def users(
    *,
    session: Session,
    actor: User,
    limit: int,
    cursor: str | None = None,
    q: str | None = None,
    role: str | None = None,
    active: bool | None = None,
) -> Page:
    """The accounts of the admin's organisation, by id; `q` matches name or email."""
    require_admin(actor)
    query = select(User).where(User.organisation_id == actor.organisation_id)
    if q and q.strip():
        words = q.strip().lower()  # % and _ are matched literally
        query = query.where(
            or_(
                func.lower(User.name).contains(words, autoescape=True),
                func.lower(User.email).contains(words, autoescape=True),
            )
        )
    if role:
        query = query.where(User.role == role)
    if active is not None:
        query = query.where(User.active == active)
    if cursor:
        (after,) = cursors.decode(cursor, int)
        query = query.where(col(User.id) > after)
    return _page(session, query.order_by(col(User.id)), limit)


def outbox(
    *,
    session: Session,
    actor: User,
    limit: int,
    cursor: str | None = None,
    status: str | None = None,
) -> Page:
    """Messages to the admin's organisation's accounts, newest first."""
    require_admin(actor)
    query = (
        select(OutboxMessage)
        .join(User, col(User.id) == OutboxMessage.user_id)
        .where(User.organisation_id == actor.organisation_id)
    )
    if status:
        query = query.where(OutboxMessage.status == status)
    if cursor:
        (before,) = cursors.decode(cursor, int)
        query = query.where(col(OutboxMessage.id) < before)
    query = query.order_by(col(OutboxMessage.id).desc())
    return _page(session, query, limit)


def retry_outbox(*, session: Session, actor: User, message_id: int, now: datetime) -> OutboxMessage:
    """An admin puts a message to one of their organisation's accounts back in line."""
    require_admin(actor)
    return outbox_admin.retry(
        session=session, message_id=message_id, now=now, organisation_id=actor.organisation_id
    )


def colleague(*, session: Session, actor: User, user_id: int) -> User:
    """An account of the admin's organisation (NotFound for any other)."""
    require_admin(actor)
    user = session.get(User, user_id)
    if user is None or user.organisation_id != actor.organisation_id:
        raise NotFound(N_("User not found."))
    return user
