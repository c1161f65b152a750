"""Reminders about derogations: their expiry and their evaluation report's due date.

Two notices each, N then M days before the date (DEFAULT_THRESHOLDS `derogation_notice_days`,
`derogation_last_notice_days`). A notice's window ends where the next one starts, so a
derogation recorded late gets only the notice of its window. The key names the date: a
corrected date arms the notices again. A stopped experiment's expiry concerns nobody; its
evaluation report is still due.
"""

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, literal, select
from sqlmodel import Session, col

from tracker.jobs.rules import _active_user, _chair_of_experiment
from tracker.jobs.sql_keys import key, not_enqueued
from tracker.jobs.thresholds import Group
from tracker.models import BoardMember, Derogation, Experiment, User
from tracker.notifications.outbox import Item


def derogation_path(experiment_id: int) -> str:
    """The derogation's page, relative to TRACKER_BASE_URL."""
    return f"/experiments/{experiment_id}/derogation"


def _windows(group: Group, now: datetime) -> list[tuple[int, Any, Any]]:
    """(days, first date, last date) of each notice: the first from M+1 to N days ahead, the
    last from today to M days ahead."""
    today = now.date()
    first = group.days["derogation_notice_days"]
    last = min(group.days["derogation_last_notice_days"], first)
    windows = [(last, today, today + timedelta(days=last))]
    if first > last:
        windows.insert(0, (first, today + timedelta(days=last + 1), today + timedelta(days=first)))
    return windows


def _notices(
    session: Session,
    group: Group,
    now: datetime,
    *,
    kind: str,
    column: Any,
    label: str,
    recipients: ColumnElement[bool],
    chairs: bool = False,
    extra: ColumnElement[bool] | None = None,
) -> list[Item]:
    items: list[Item] = []
    for days, start, end in _windows(group, now):
        dedup = key(
            "derogation:", Derogation.id, f":{label}:", column, f":{days}d:user:", col(User.id)
        ).label("dedup_key")
        query = select(
            col(Derogation.id).label("derogation_id"),
            col(Derogation.reference),
            column.label("date"),
            col(Experiment.id).label("experiment_id"),
            col(Experiment.title),
            col(User.id).label("user_id"),
            col(User.email),
            col(User.locale),
            dedup,
        ).join(Experiment, col(Experiment.id) == Derogation.experiment_id)
        if chairs:
            query = query.join(BoardMember, _chair_of_experiment())
        query = query.join(User, recipients).where(
            column >= literal(start),
            column <= literal(end),
            group.organisations,
            _active_user(),
            not_enqueued(dedup),
            *([extra] if extra is not None else []),
        )
        for row in session.execute(query).all():
            context = {
                "title": row.title,
                "experiment_id": row.experiment_id,
                "derogation_id": row.derogation_id,
                "reference": row.reference,
                "path": derogation_path(row.experiment_id),
                "date": row.date.isoformat(),
                "days": days,
            }
            items.append(Item(row.user_id, row.email, row.locale, kind, row.dedup_key, context))
    return items


def derogation_expiring(session: Session, group: Group, now: datetime) -> list[Item]:
    """The expiry nears: the owner, and the chairs of the experiment's board."""
    running = col(Experiment.state) != "stopped"
    owner = _notices(
        session, group, now, kind="derogation_expiring", column=col(Derogation.expires_on),
        label="expiry", recipients=col(User.id) == Experiment.owner_id, extra=running,
    )  # fmt: skip
    chairs = _notices(
        session, group, now, kind="derogation_expiring_chair", column=col(Derogation.expires_on),
        label="expiry", recipients=and_(col(User.id) == BoardMember.user_id), chairs=True,
        extra=running,
    )  # fmt: skip
    return owner + chairs


def derogation_report_due(session: Session, group: Group, now: datetime) -> list[Item]:
    """The evaluation report's due date nears: the owner."""
    return _notices(
        session, group, now, kind="derogation_report_due", column=col(Derogation.report_due_on),
        label="report", recipients=col(User.id) == Experiment.owner_id,
    )  # fmt: skip


RULES = (derogation_expiring, derogation_report_due)
