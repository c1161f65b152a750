"""Reminders about retrospectives and their follow-up actions.

Each rule is one SQL query that builds its dedup keys and leaves out those the outbox
already holds, so a second pass for the same `now` reads nothing and enqueues nothing.
"""

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import literal, select
from sqlmodel import Session, col

from tracker.jobs.rules import _active_user, _chair_of_experiment
from tracker.jobs.sql_keys import day_text, days_since, key, not_enqueued
from tracker.jobs.thresholds import Group
from tracker.models import (
    BoardMember,
    Experiment,
    FollowUp,
    Retrospective,
    User,
    UTCDateTime,
)
from tracker.notifications.outbox import Item
from tracker.notifications.retrospectives import retrospective_path


def _recipient():  # noqa: ANN202 (a tuple of columns)
    return (col(User.id).label("user_id"), col(User.email), col(User.locale))


def _context(row: Any, **extra: Any) -> dict[str, Any]:
    return {
        "title": row.title,
        "experiment_id": row.experiment_id,
        "retrospective_id": row.retrospective_id,
        "path": retrospective_path(row.experiment_id),
        "due_on": row.due_on.isoformat(),
        **extra,
    }


def _retrospective_columns():  # noqa: ANN202 (a tuple of columns)
    return (
        col(Retrospective.id).label("retrospective_id"),
        col(Retrospective.due_on),
        col(Experiment.id).label("experiment_id"),
        col(Experiment.title),
        *_recipient(),
    )


def retrospective_unpublished(session: Session, group: Group, now: datetime) -> list[Item]:
    """Not published N days after the stop: the owner, once."""
    days = group.days["retrospective_unpublished_days"]
    dedup = key(
        "retrospective:", Retrospective.id, f":unpublished-{days}:user:", col(User.id)
    ).label("dedup_key")
    rows = session.execute(
        select(*_retrospective_columns(), dedup)
        .join(Experiment, col(Experiment.id) == Retrospective.experiment_id)
        .join(User, col(User.id) == Experiment.owner_id)
        .where(
            col(Retrospective.state) != "published",
            col(Retrospective.opened_at)
            <= literal(now - timedelta(days=days), type_=UTCDateTime()),
            group.organisations,
            _active_user(),
            not_enqueued(dedup),
        )
    ).all()
    return [
        Item(
            row.user_id,
            row.email,
            row.locale,
            "retrospective_unpublished",
            row.dedup_key,
            _context(row, days=days),
        )
        for row in rows
    ]


def retrospective_overdue(session: Session, group: Group, now: datetime) -> list[Item]:
    """Past its due date and not published: the chairs, then every N days (not mutable)."""
    every = group.days["retrospective_overdue_every_days"]
    today = now.date()
    # 0 on the first day past the due date, 1 once N more days have passed, and so on.
    period = (days_since(session, Retrospective.due_on, today) - 1) // every
    dedup = key(
        "retrospective:",
        Retrospective.id,
        ":overdue:",
        day_text(session, Retrospective.due_on),
        ":",
        period,
        ":user:",
        col(User.id),
    ).label("dedup_key")
    rows = session.execute(
        select(*_retrospective_columns(), dedup)
        .join(Experiment, col(Experiment.id) == Retrospective.experiment_id)
        .join(BoardMember, _chair_of_experiment())
        .join(User, col(User.id) == BoardMember.user_id)
        .where(
            col(Retrospective.state) != "published",
            col(Retrospective.due_on) < today,
            group.organisations,
            _active_user(),
            not_enqueued(dedup),
        )
    ).all()
    return [
        Item(
            row.user_id,
            row.email,
            row.locale,
            "retrospective_overdue",
            row.dedup_key,
            _context(row),
        )
        for row in rows
    ]


def follow_up_overdue(session: Session, group: Group, now: datetime) -> list[Item]:
    """An open follow-up action past its due date: its owner, once per due date."""
    dedup = key(
        "follow-up:",
        FollowUp.id,
        ":overdue:",
        day_text(session, FollowUp.due_on),
        ":user:",
        col(User.id),
    ).label("dedup_key")
    rows = session.execute(
        select(
            *_retrospective_columns(),
            col(FollowUp.id).label("follow_up_id"),
            col(FollowUp.title).label("action"),
            col(FollowUp.due_on).label("action_due_on"),
            dedup,
        )
        .join(Retrospective, col(Retrospective.id) == FollowUp.retrospective_id)
        .join(Experiment, col(Experiment.id) == Retrospective.experiment_id)
        .join(User, col(User.id) == FollowUp.owner_id)
        .where(
            col(FollowUp.status) == "open",
            col(FollowUp.withdrawn) == False,  # noqa: E712
            col(FollowUp.due_on) < now.date(),
            group.organisations,
            _active_user(),
            not_enqueued(dedup),
        )
    ).all()
    return [
        Item(
            row.user_id,
            row.email,
            row.locale,
            "follow_up_overdue",
            row.dedup_key,
            {
                **_context(row),
                "due_on": row.action_due_on.isoformat(),
                "follow_up_id": row.follow_up_id,
                "action": row.action,
            },
        )
        for row in rows
    ]


RULES = (retrospective_unpublished, retrospective_overdue, follow_up_overdue)
