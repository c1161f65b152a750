"""The planner job: one pass of the rules, then the weekly digests, all keyed by period."""

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from flask import Flask
from sqlalchemy import Connection, func, select, update
from sqlmodel import Session, col

from tracker.db import get_engine, session_scope
from tracker.jobs import marks, rules, rules_derogations, rules_experiments, rules_retrospectives
from tracker.jobs.thresholds import groups
from tracker.models import OutboxMessage, User
from tracker.notifications import outbox
from tracker.notifications.kinds import DIGEST

log = logging.getLogger(__name__)
# Any fixed number: the PostgreSQL advisory lock that elects one planner at a time.
PLANNER_LOCK = 0x7472_6B70
DIGEST_ZONE = ZoneInfo("Europe/Paris")
DIGEST_HOUR = 8
# Every rule of a pass, in order; a new family of reminders adds its module's RULES here.
RULES = (
    *rules.RULES,
    *rules_experiments.RULES,
    *rules_retrospectives.RULES,
    *rules_derogations.RULES,
)


@dataclass
class PlanReport:
    """What one pass enqueued, per rule, and whether it ran at all."""

    ran: bool = True
    enqueued: dict[str, int] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        """All rows enqueued by the pass."""
        return sum(self.enqueued.values())


@contextmanager
def _elected(app: Flask) -> Iterator[bool]:
    """On PostgreSQL, hold the planner lock for the pass (False: another planner runs)."""
    engine = get_engine(app)
    if engine.dialect.name != "postgresql":
        # SQLite lives on one machine; duplicates are stopped by the dedup keys anyway.
        yield True
        return
    connection: Connection
    with engine.connect() as connection:
        got = connection.execute(select(func.pg_try_advisory_lock(PLANNER_LOCK))).scalar()
        connection.commit()
        try:
            yield bool(got)
        finally:
            if got:
                connection.execute(select(func.pg_advisory_unlock(PLANNER_LOCK)))
                connection.commit()


def digest_cutoff(now: datetime) -> datetime:
    """The latest Monday 08:00 in Paris at or before now: held rows before it are due."""
    local = now.astimezone(DIGEST_ZONE)
    monday = (local - timedelta(days=local.weekday())).date()
    cutoff = datetime(monday.year, monday.month, monday.day, DIGEST_HOUR, tzinfo=DIGEST_ZONE)
    if cutoff > local:
        cutoff -= timedelta(days=7)
    return cutoff


def _digest_for(session: Session, user: User, cutoff: datetime, now: datetime) -> int:
    held: list[OutboxMessage] = list(
        session.execute(
            select(OutboxMessage)
            .where(
                col(OutboxMessage.user_id) == user.id,
                col(OutboxMessage.held) == True,  # noqa: E712
                col(OutboxMessage.status) == "pending",
                col(OutboxMessage.created_at) < cutoff,
            )
            .order_by(col(OutboxMessage.id))
        )
        .scalars()
        .all()
    )
    if not held:
        return 0
    key = f"digest:user:{user.id}:{cutoff.date().isoformat()}"
    context = {
        "title": "",
        "path": "/",
        "count": len(held),
        "items": [{"kind": row.kind, "context": row.context} for row in held],
    }
    added = outbox.enqueue(
        session=session, items=[outbox.item_for(user, DIGEST, key, context)], now=now
    )
    if added:
        digest_id: int = session.execute(
            select(col(OutboxMessage.id)).where(col(OutboxMessage.dedup_key) == key)
        ).scalar_one()
        # The held rows are delivered by the digest: they end `sent`, pointing at it.
        session.execute(
            update(OutboxMessage)
            .where(col(OutboxMessage.id).in_([row.id for row in held]))
            .values(status="sent", sent_at=now, digest_id=digest_id)
        )
    return added


def _digests(app: Flask, now: datetime, report: PlanReport) -> None:
    cutoff = digest_cutoff(now)
    with session_scope(app) as session:
        waiting: list[User] = list(
            session.execute(
                select(User)
                .where(
                    col(User.id).in_(
                        select(col(OutboxMessage.user_id)).where(
                            col(OutboxMessage.held) == True,  # noqa: E712
                            col(OutboxMessage.status) == "pending",
                            col(OutboxMessage.created_at) < cutoff,
                        )
                    )
                )
                .order_by(col(User.id))
            )
            .scalars()
            .all()
        )
    for user in waiting:
        with session_scope(app) as session:
            try:
                report.enqueued[DIGEST] = report.enqueued.get(DIGEST, 0) + _digest_for(
                    session, user, cutoff, now
                )
                session.commit()
            except Exception:
                # One user's digest failing must not stop the others.
                session.rollback()
                log.exception("digest for user %s failed", user.id)
                report.failures.append(f"digest:user:{user.id}")


def plan(app: Flask, *, now: datetime) -> PlanReport:
    """One planner pass at `now`: every rule for every threshold group, then the digests."""
    report = PlanReport()
    with _elected(app) as elected:
        if not elected:
            log.info("another planner holds the lock; skipping this pass")
            return PlanReport(ran=False)
        with session_scope(app) as session:
            threshold_groups = groups(session)
        for rule in RULES:
            for group in threshold_groups:
                with session_scope(app) as session:
                    try:
                        items = rule(session, group, now)
                        added = outbox.enqueue(session=session, items=items, now=now)
                        marks.record(session, rule.__name__, group, now)
                        session.commit()
                    except Exception:
                        session.rollback()
                        log.exception("planner rule %s failed", rule.__name__)
                        report.failures.append(rule.__name__)
                        continue
                report.enqueued[rule.__name__] = report.enqueued.get(rule.__name__, 0) + added
        _digests(app, now, report)
    return report
