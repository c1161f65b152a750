"""Writing to the outbox inside the caller's transaction: INSERT ... ON CONFLICT DO NOTHING."""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col, select

from tracker.models import NotificationPreference, OutboxMessage, User
from tracker.notifications.kinds import DIGEST, ESCALATIONS, KINDS, REMINDERS


@dataclass
class Item:
    """One email to enqueue: who, what kind, the template's context, the dedup key."""

    user_id: int
    email: str
    locale: str
    kind: str
    dedup_key: str
    context: dict[str, Any] = field(default_factory=dict)


def item_for(user: User, kind: str, dedup_key: str, context: dict[str, Any]) -> Item:
    """An item addressed to a user in their language."""
    assert user.id is not None
    return Item(user.id, user.email, user.locale, kind, dedup_key, context)


# Rows per INSERT statement (13 bound values each: well under SQLite's limit, 32,766 by default).
ENQUEUE_CHUNK = 500


def _insert(session: Session, table: Any):  # noqa: ANN202 (a dialect insert construct)
    dialect = session.get_bind().dialect.name
    module = postgresql if dialect == "postgresql" else sqlite
    return module.insert(table)


def _preferences(session: Session, user_ids: set[int]) -> dict[int, NotificationPreference]:
    if not user_ids:
        return {}
    rows = session.exec(
        select(NotificationPreference).where(col(NotificationPreference.user_id).in_(user_ids))
    ).all()
    return {row.user_id: row for row in rows}


def enqueue(*, session: Session, items: list[Item], now: datetime) -> int:
    """Add the items not already in the outbox (by dedup key); the caller commits.

    Muted reminders are left out; a digest reader's reminders are held for the digest.
    Returns how many rows were inserted.
    """
    preferences = _preferences(session, {item.user_id for item in items})
    values = []
    for item in items:
        if item.kind not in KINDS:
            raise ValueError(f"unknown email kind {item.kind!r}")
        preference = preferences.get(item.user_id)
        muted = preference.muted if preference else []
        if item.kind in REMINDERS and item.kind in muted:
            continue
        digest = preference is not None and preference.delivery == "digest"
        values.append(
            {
                "dedup_key": item.dedup_key,
                "user_id": item.user_id,
                "email": item.email,
                "locale": item.locale,
                "kind": item.kind,
                "template": item.kind,
                "context": item.context,
                "status": "pending",
                "held": digest and item.kind not in (*ESCALATIONS, DIGEST),
                "attempts": 0,
                "next_attempt_at": now,
                "subject": "",
                "created_at": now,
            }
        )
    added = 0
    if not values:
        return 0
    # One statement, compiled once, run over the rows: SQLAlchemy's "insertmanyvalues" sends
    # them as multi-row INSERTs (with RETURNING) within each dialect's bound-values limit.
    # (A fresh .values([...500 rows]) per chunk cost about a second of compiling each.)
    table = OutboxMessage.__table__  # type: ignore[attr-defined]
    statement = (
        _insert(session, table)
        .on_conflict_do_nothing(index_elements=["dedup_key"])
        .returning(table.c.id)
    )
    connection = session.connection()
    for start in range(0, len(values), ENQUEUE_CHUNK):
        added += len(connection.execute(statement, values[start : start + ENQUEUE_CHUNK]).all())
    return added
