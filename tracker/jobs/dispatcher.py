"""The dispatcher job: claim, commit, send outside the transaction, mark.

Exactly once, with one remaining window: a message sent whose `sent` mark is lost (the
process dies between the SMTP answer and the commit) is sent again after the lease. Its
Message-ID is the same both times, so mail clients can fold the duplicate.
"""

import logging
import os
import socket
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import Flask
from sqlalchemy import case, select, update
from sqlmodel import Session, col

from tracker.db import session_scope
from tracker.models import OutboxMessage
from tracker.notifications.backends import Backend, backend_for
from tracker.notifications.render import render

log = logging.getLogger(__name__)
BATCH = 50
FIRST_BACKOFF = timedelta(minutes=1)


@dataclass
class DispatchReport:
    """What one pass did."""

    sent: int = 0
    failed: int = 0
    dead: int = 0
    reclaimed: int = 0


def worker_name() -> str:
    """Who holds a claim: host, process and a random suffix (threads of one process differ)."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"[:100]


def backoff(attempts: int) -> timedelta:
    """The wait after the n-th failed attempt: 1 minute, then x4 (4, 16, 64 minutes...)."""
    return FIRST_BACKOFF * 4 ** max(attempts - 1, 0)


def reclaim(session: Session, *, now: datetime, lease: timedelta, max_attempts: int) -> int:
    """Claims older than the lease go back to pending (or dead, out of attempts)."""
    outbox = OutboxMessage.__table__  # type: ignore[attr-defined]
    result = session.execute(
        update(outbox)
        .where(outbox.c.status == "sending", outbox.c.claimed_at < now - lease)
        .values(
            status=case((outbox.c.attempts >= max_attempts, "dead"), else_="pending"),
            claimed_by=None,
            claimed_at=None,
            next_attempt_at=now,
            last_error="claim expired: the dispatcher stopped before marking the message",
        )
    )
    session.commit()
    return result.rowcount or 0  # type: ignore[attr-defined]


def claim(session: Session, *, worker: str, now: datetime, limit: int) -> list[int]:
    """Take up to `limit` due messages for this worker and commit the claim."""
    outbox = OutboxMessage.__table__  # type: ignore[attr-defined]
    due = (
        select(outbox.c.id)
        .where(
            outbox.c.status == "pending",
            outbox.c.held == False,  # noqa: E712
            outbox.c.next_attempt_at <= now,
        )
        .order_by(outbox.c.id)
        .limit(limit)
    )
    values = {
        "status": "sending",
        "claimed_by": worker,
        "claimed_at": now,
        "attempts": outbox.c.attempts + 1,
    }
    if session.get_bind().dialect.name == "postgresql":
        # Concurrent dispatchers skip each other's rows instead of waiting on them.
        rows = session.execute(
            update(outbox)
            .where(outbox.c.id.in_(due.with_for_update(skip_locked=True).scalar_subquery()))
            .values(**values)
            .returning(outbox.c.id)
        ).all()
        claimed = [row.id for row in rows]
    else:
        claimed = []
        message_id: int
        for message_id in session.execute(due).scalars().all():
            # Compare-and-swap: only one dispatcher turns this row from pending to sending.
            result = session.execute(
                update(outbox)
                .where(outbox.c.id == message_id, outbox.c.status == "pending")
                .values(**values)
            )
            if result.rowcount == 1:  # type: ignore[attr-defined]
                claimed.append(message_id)
    session.commit()
    return sorted(claimed)


def _mark(session: Session, row_id: int, worker: str, **values: object) -> None:
    outbox = OutboxMessage.__table__  # type: ignore[attr-defined]
    session.execute(
        update(outbox)
        .where(
            outbox.c.id == row_id,
            outbox.c.status == "sending",
            outbox.c.claimed_by == worker,
        )
        .values(claimed_by=None, claimed_at=None, **values)
    )
    session.commit()


def _deliver(
    app: Flask, session: Session, backend: Backend, row: OutboxMessage, worker: str, now: datetime
) -> str:
    max_attempts = app.config["TRACKER"]["MAIL_MAX_ATTEMPTS"]
    try:
        message = render(app, row, now)
        backend.send(message)
    except Exception as error:  # any failure: back off, never lose the row
        dead = row.attempts >= max_attempts
        log.warning("sending outbox %s failed (attempt %s): %s", row.id, row.attempts, error)
        _mark(
            session,
            row.id,  # type: ignore[arg-type]
            worker,
            status="dead" if dead else "pending",
            next_attempt_at=now + backoff(row.attempts),
            last_error=f"{type(error).__name__}: {error}"[:2000],
        )
        return "dead" if dead else "failed"
    _mark(
        session,
        row.id,  # type: ignore[arg-type]
        worker,
        status="sent",
        sent_at=now,
        last_error=None,
        message_id=str(message["Message-ID"]),
        subject=str(message["Subject"])[:300],
    )
    return "sent"


def dispatch(
    app: Flask, *, now: datetime, worker: str | None = None, backend: Backend | None = None
) -> DispatchReport:
    """Send every due message once; returns counts. Runs inside an application context."""
    settings = app.config["TRACKER"]
    worker = worker or worker_name()
    backend = backend or backend_for(settings, app.instance_path)
    report = DispatchReport()
    with session_scope(app) as session:
        report.reclaimed = reclaim(
            session,
            now=now,
            lease=timedelta(minutes=settings["MAIL_LEASE_MINUTES"]),
            max_attempts=settings["MAIL_MAX_ATTEMPTS"],
        )
        while ids := claim(session, worker=worker, now=now, limit=BATCH):
            rows: list[OutboxMessage] = list(
                session.execute(select(OutboxMessage).where(col(OutboxMessage.id).in_(ids)))
                .scalars()
                .all()
            )
            for row in sorted(rows, key=lambda r: r.id or 0):
                try:
                    outcome = _deliver(app, session, backend, row, worker, now)
                except Exception:
                    # The mark itself failed (database gone): the lease brings the row back.
                    session.rollback()
                    log.exception("marking outbox %s failed", row.id)
                    continue
                setattr(report, outcome, getattr(report, outcome) + 1)
    return report
