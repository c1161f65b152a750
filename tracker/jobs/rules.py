"""The planner's rules: each one a few SQL queries returning only what is due now.

A rule returns outbox items; their dedup keys name the subject, the recipient and the
period, so a second pass for the same `now` finds every key taken.
"""

from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import and_, exists, func, literal, select, union_all
from sqlmodel import Session, col

from tracker.jobs.thresholds import Group
from tracker.models import (
    Board,
    BoardMember,
    Event,
    Experiment,
    ExperimentMember,
    Gate,
    JournalEntry,
    User,
    UTCDateTime,
    Vote,
)
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
    soon = today + timedelta(days=group.days["vote_due_days_before"])
    on_team = exists().where(
        col(ExperimentMember.experiment_id) == Experiment.id,
        col(ExperimentMember.user_id) == User.id,
    )
    voted = exists().where(col(Vote.gate_id) == Gate.id, col(Vote.voter_id) == User.id)
    rows = session.execute(
        select(*_gate_columns())
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
        )
    ).all()
    items = []
    for row in rows:
        overdue = today > row.review_date
        period = (
            today
            if overdue
            else row.review_date - timedelta(days=group.days["vote_due_days_before"])
        )
        key = f"gate:{row.gate_id}:vote-due:{period.isoformat()}:user:{row.user_id}"
        items.append(Item(row.user_id, row.email, row.locale, "vote_due", key, _gate_context(row)))
    return items


def gate_overdue(session: Session, group: Group, now: datetime) -> list[Item]:
    """The chairs, once per review date, when an open gate passes it without a decision."""
    rows = session.execute(
        select(*_gate_columns())
        .join(Experiment, col(Experiment.id) == Gate.experiment_id)
        .join(BoardMember, col(BoardMember.board_id) == Gate.board_id)
        .join(User, col(User.id) == BoardMember.user_id)
        .where(
            col(Gate.status) == "open",
            col(Gate.review_date) < now.date(),
            col(BoardMember.is_chair) == True,  # noqa: E712
            group.organisations,
            _active_user(),
        )
    ).all()
    return [
        Item(
            row.user_id,
            row.email,
            row.locale,
            "gate_overdue",
            f"gate:{row.gate_id}:overdue:{row.review_date.isoformat()}:user:{row.user_id}",
            _gate_context(row),
        )
        for row in rows
    ]


def _last_activity(states: tuple[str, ...]):  # noqa: ANN202 (a subquery)
    """Per experiment in these states: the latest journal entry or change of state."""
    in_states = col(Experiment.state).in_(states)
    entries: Any = (
        select(
            col(JournalEntry.experiment_id).label("experiment_id"),
            col(JournalEntry.created_at).label("at"),
        )
        .join(Experiment, col(Experiment.id) == JournalEntry.experiment_id)
        .where(in_states)
    )
    moves = (
        select(col(Event.experiment_id), col(Event.at))
        .join(Experiment, col(Experiment.id) == Event.experiment_id)
        .where(in_states, col(Event.from_state) != col(Event.to_state))
    )
    activity = union_all(entries, moves).subquery()
    return (
        select(activity.c.experiment_id, func.max(activity.c.at).label("last_at"))
        .group_by(activity.c.experiment_id)
        .subquery()
    )


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


def stale(session: Session, group: Group, now: datetime) -> list[Item]:
    """No journal entry for N days in prototype or pilot: the owner; at 2N the chairs too."""
    last = _last_activity(("prototype", "pilot"))
    items: list[Item] = []
    rules = (
        ("stale", group.days["stale_days"], col(User.id) == Experiment.owner_id),
        ("stale", group.days["stale_chair_days"], col(User.id) == Experiment.owner_id),
        ("stale_chair", group.days["stale_chair_days"], None),
    )
    for kind, days, recipient in rules:
        query = (
            select(
                col(Experiment.id),
                col(Experiment.title),
                last.c.last_at,
                col(User.id).label("user_id"),
                col(User.email),
                col(User.locale),
            )
            .join(last, last.c.experiment_id == Experiment.id)
            .where(
                last.c.last_at <= literal(now - timedelta(days=days), type_=UTCDateTime()),
                group.organisations,
                _active_user(),
            )
        )
        if recipient is None:
            query = query.join(BoardMember, _chair_of_experiment()).join(
                User, col(User.id) == BoardMember.user_id
            )
        else:
            query = query.join(User, recipient)
        for row in session.execute(query).all():
            since = row.last_at.date().isoformat()
            key = f"experiment:{row.id}:stale-{days}:{since}:user:{row.user_id}"
            context = {**_experiment_context(row.id, row.title), "days": days}
            items.append(Item(row.user_id, row.email, row.locale, kind, key, context))
    return items


def pilot_overdue(session: Session, group: Group, now: datetime) -> list[Item]:
    """A pilot past its planned end and still running: the owner, every N days."""
    every = group.days["pilot_overdue_every_days"]
    rows = session.execute(
        select(
            col(Experiment.id),
            col(Experiment.title),
            col(Experiment.planned_end),
            col(User.id).label("user_id"),
            col(User.email),
            col(User.locale),
        )
        .join(User, col(User.id) == Experiment.owner_id)
        .where(
            col(Experiment.state) == "pilot",
            col(Experiment.planned_end) < now.date(),
            group.organisations,
            _active_user(),
        )
    ).all()
    items = []
    for row in rows:
        end: date = row.planned_end
        period = ((now.date() - end).days - 1) // every
        key = f"experiment:{row.id}:pilot-overdue:{end.isoformat()}:{period}:user:{row.user_id}"
        context = {**_experiment_context(row.id, row.title), "planned_end": end.isoformat()}
        items.append(Item(row.user_id, row.email, row.locale, "pilot_overdue", key, context))
    return items


def evaluation_idle(session: Session, group: Group, now: datetime) -> list[Item]:
    """In evaluation for N days with no decision gate requested since: the owner, once."""
    days = group.days["evaluation_idle_days"]
    entered = (
        select(col(Event.experiment_id), func.max(Event.at).label("since"))
        .where(col(Event.to_state) == "evaluation", col(Event.from_state) != "evaluation")
        .group_by(col(Event.experiment_id))
        .subquery()
    )
    requested = exists().where(
        col(Gate.experiment_id) == Experiment.id,
        col(Gate.kind) == "decision",
        col(Gate.requested_at) >= entered.c.since,
    )
    rows = session.execute(
        select(
            col(Experiment.id),
            col(Experiment.title),
            entered.c.since,
            col(User.id).label("user_id"),
            col(User.email),
            col(User.locale),
        )
        .join(entered, entered.c.experiment_id == Experiment.id)
        .join(User, col(User.id) == Experiment.owner_id)
        .where(
            col(Experiment.state) == "evaluation",
            entered.c.since <= literal(now - timedelta(days=days), type_=UTCDateTime()),
            ~requested,
            group.organisations,
            _active_user(),
        )
    ).all()
    return [
        Item(
            row.user_id,
            row.email,
            row.locale,
            "evaluation_idle",
            f"experiment:{row.id}:evaluation-idle:{row.since.date().isoformat()}:user:{row.user_id}",
            {**_experiment_context(row.id, row.title), "days": days},
        )
        for row in rows
    ]


RULES = (vote_due, gate_overdue, stale, pilot_overdue, evaluation_idle)
