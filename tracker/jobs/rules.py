"""The planner's gate rules, and what the other rule modules share.

A rule returns outbox items; their dedup keys name the subject, the recipient and the
period. Each rule builds its keys in SQL and leaves out those already in the outbox, so a
second pass for the same `now` reads nothing new and enqueues nothing.
"""

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, case, exists, func, literal, select
from sqlmodel import Session, col

from tracker.jobs.sql_keys import day_text, days_before, key, not_enqueued
from tracker.jobs.thresholds import Group
from tracker.models import Board, BoardMember, Experiment, ExperimentMember, Gate, User, Vote
from tracker.notifications.notify import experiment_path
from tracker.notifications.outbox import Item


def _active_user():  # noqa: ANN202 (an SQL expression)
    return col(User.active) == True  # noqa: E712


def _experiment_context(experiment_id: int, title: str) -> dict[str, Any]:
    return {"title": title, "experiment_id": experiment_id, "path": experiment_path(experiment_id)}


def _gate_context(row: Any) -> dict[str, Any]:
    return {
        **_experiment_context(row.experiment_id, row.title),
        "gate": {
            "id": row.gate_id,
            "kind": row.kind,
            "review_date": row.review_date.isoformat(),
            "sequence": max(row.version - 1, 0),
        },
    }


def _gate_columns():  # noqa: ANN202 (a tuple of columns)
    return (
        col(Gate.id).label("gate_id"),
        col(Gate.kind),
        col(Gate.review_date),
        col(Gate.version),
        col(Experiment.id).label("experiment_id"),
        col(Experiment.title),
        col(User.id).label("user_id"),
        col(User.email),
        col(User.locale),
    )


def vote_due(session: Session, group: Group, now: datetime) -> list[Item]:
    """Members who have not voted: N days before the review date, then daily once overdue."""
    today = now.date()
    before = group.days["vote_due_days_before"]
    soon = today + timedelta(days=before)
    on_team = exists().where(
        col(ExperimentMember.experiment_id) == Experiment.id,
        col(ExperimentMember.user_id) == User.id,
    )
    voted = exists().where(col(Vote.gate_id) == Gate.id, col(Vote.voter_id) == User.id)
    # The period: the day the reminder opens, then each day once the review date has passed.
    period = case(
        (col(Gate.review_date) < today, literal(today.isoformat())),
        else_=days_before(session, Gate.review_date, before),
    )
    dedup = key("gate:", Gate.id, ":vote-due:", period, ":user:", col(User.id)).label("dedup_key")
    rows = session.execute(
        select(*_gate_columns(), dedup)
        .join(Experiment, col(Experiment.id) == Gate.experiment_id)
        .join(BoardMember, col(BoardMember.board_id) == Gate.board_id)
        .join(User, col(User.id) == BoardMember.user_id)
        .where(
            col(Gate.status) == "open",
            col(Gate.review_date) <= soon,
            group.organisations,
            _active_user(),
            # The team does not vote on its own experiment.
            col(User.id) != Experiment.owner_id,
            ~on_team,
            ~voted,
            not_enqueued(dedup),
        )
    ).all()
    return [
        Item(row.user_id, row.email, row.locale, "vote_due", row.dedup_key, _gate_context(row))
        for row in rows
    ]


def gate_overdue(session: Session, group: Group, now: datetime) -> list[Item]:
    """The chairs, once per review date, when an open gate passes it without a decision."""
    dedup = key(
        "gate:",
        Gate.id,
        ":overdue:",
        day_text(session, Gate.review_date),
        ":user:",
        col(User.id),
    ).label("dedup_key")
    rows = session.execute(
        select(*_gate_columns(), dedup)
        .join(Experiment, col(Experiment.id) == Gate.experiment_id)
        .join(BoardMember, col(BoardMember.board_id) == Gate.board_id)
        .join(User, col(User.id) == BoardMember.user_id)
        .where(
            col(Gate.status) == "open",
            col(Gate.review_date) < now.date(),
            col(BoardMember.is_chair) == True,  # noqa: E712
            group.organisations,
            _active_user(),
            not_enqueued(dedup),
        )
    ).all()
    return [
        Item(row.user_id, row.email, row.locale, "gate_overdue", row.dedup_key, _gate_context(row))
        for row in rows
    ]


def _chair_of_experiment():  # noqa: ANN202 (a join condition)
    """BoardMember rows of the experiment's board: its own, else the default one."""
    default_board = (
        select(Board.id)
        .where(col(Board.organisation_id) == Experiment.organisation_id, col(Board.is_default))
        .scalar_subquery()
    )
    return and_(
        col(BoardMember.board_id) == func.coalesce(Experiment.board_id, default_board),
        col(BoardMember.is_chair) == True,  # noqa: E712
    )


RULES = (vote_due, gate_overdue)
