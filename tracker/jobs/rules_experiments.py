"""Reminders about experiments: silent ones, pilots past their end, idle evaluations.

Each rule is one SQL query per threshold that builds its dedup keys and leaves out those the
outbox already holds: its cost follows what is newly due, not the number of experiments.
The silence is read from `experiments.last_activity_at`, which every journal entry, change
of state, edit and gate step moves in its own transaction (indexed with the organisation).
"""

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, func, literal, select, true
from sqlmodel import Session, col

from tracker.jobs import marks
from tracker.jobs.rules import _active_user, _chair_of_experiment, _experiment_context
from tracker.jobs.sql_keys import day_text, days_since, key, not_enqueued, utc_date
from tracker.jobs.thresholds import Group
from tracker.models import BoardMember, Event, Experiment, Gate, User, UTCDateTime
from tracker.notifications.outbox import Item


def _recipient():  # noqa: ANN202 (a tuple of columns)
    return (col(User.id).label("user_id"), col(User.email), col(User.locale))


def _crossed(
    moment: Any, days: int, previous: datetime | None, now: datetime
) -> ColumnElement[bool]:
    """The moment is N days old at `now`, and was not yet at the rule's previous pass."""
    crossed = col(moment) <= literal(now - timedelta(days=days), type_=UTCDateTime())
    if previous is None:
        return crossed
    since = literal(previous - timedelta(days=days), type_=UTCDateTime())
    return and_(crossed, col(moment) > since)


def stale(session: Session, group: Group, now: datetime) -> list[Item]:
    """No activity for N days in prototype or pilot: the owner; at 2N the chairs too."""
    items: list[Item] = []
    rules = (
        ("stale", group.days["stale_days"], True),
        ("stale", group.days["stale_chair_days"], True),
        ("stale_chair", group.days["stale_chair_days"], False),
    )
    previous = marks.previous(session, "stale", group, now)
    for kind, days, to_owner in rules:
        # The period is the day of the last activity: a new silence is a new reminder.
        since = utc_date(session, Experiment.last_activity_at)
        dedup = key(
            "experiment:", Experiment.id, f":stale-{days}:", since, ":user:", col(User.id)
        ).label("dedup_key")
        query = select(col(Experiment.id), col(Experiment.title), *_recipient(), dedup).select_from(
            Experiment
        )
        if to_owner:
            query = query.join(User, col(User.id) == Experiment.owner_id)
        else:
            query = query.join(BoardMember, _chair_of_experiment()).join(
                User, col(User.id) == BoardMember.user_id
            )
        query = query.where(
            col(Experiment.state).in_(("prototype", "pilot")),
            _crossed(Experiment.last_activity_at, days, previous, now),
            group.organisations,
            _active_user(),
            not_enqueued(dedup),
        )
        for row in session.execute(query).all():
            context = {**_experiment_context(row.id, row.title), "days": days}
            items.append(Item(row.user_id, row.email, row.locale, kind, row.dedup_key, context))
    return items


def pilot_overdue(session: Session, group: Group, now: datetime) -> list[Item]:
    """A pilot past its planned end and still running: the owner, every N days."""
    every = group.days["pilot_overdue_every_days"]
    # 0 on the first day past the end, 1 once N more days have passed, and so on.
    period = (days_since(session, Experiment.planned_end, now.date()) - 1) // every
    dedup = key(
        "experiment:",
        Experiment.id,
        ":pilot-overdue:",
        day_text(session, Experiment.planned_end),
        ":",
        period,
        ":user:",
        col(User.id),
    ).label("dedup_key")
    rows = session.execute(
        select(
            col(Experiment.id),
            col(Experiment.title),
            col(Experiment.planned_end),
            *_recipient(),
            dedup,
        )
        .join(User, col(User.id) == Experiment.owner_id)
        .where(
            col(Experiment.state) == "pilot",
            col(Experiment.planned_end) < now.date(),
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
            "pilot_overdue",
            row.dedup_key,
            {
                **_experiment_context(row.id, row.title),
                "planned_end": row.planned_end.isoformat(),
            },
        )
        for row in rows
    ]


def evaluation_idle(session: Session, group: Group, now: datetime) -> list[Item]:
    """In evaluation for N days with no decision gate requested since: the owner, once."""
    days = group.days["evaluation_idle_days"]
    previous = marks.previous(session, "evaluation_idle", group, now)
    # Entering evaluation moves last_activity_at: an entry that crossed the threshold since
    # the previous pass has had activity since then minus N days.
    recent = (
        col(Experiment.last_activity_at)
        > literal(previous - timedelta(days=days), type_=UTCDateTime())
        if previous is not None
        else true()
    )
    # Only experiments in evaluation: each one's entry looked up by its own events.
    entered = (
        select(
            col(Experiment.id).label("experiment_id"),
            col(Experiment.title).label("title"),
            col(Experiment.owner_id).label("owner_id"),
            select(func.max(Event.at))
            .where(
                col(Event.experiment_id) == Experiment.id,
                col(Event.to_state) == "evaluation",
                col(Event.from_state) != "evaluation",
            )
            .correlate(Experiment)
            .scalar_subquery()
            .label("since"),
        )
        .where(col(Experiment.state) == "evaluation", group.organisations, recent)
        .subquery()
    )
    requested = (
        select(col(Gate.id))
        .where(
            col(Gate.experiment_id) == entered.c.experiment_id,
            col(Gate.kind) == "decision",
            col(Gate.requested_at) >= entered.c.since,
        )
        .exists()
    )
    dedup = key(
        "experiment:",
        entered.c.experiment_id,
        ":evaluation-idle:",
        utc_date(session, entered.c.since),
        ":user:",
        col(User.id),
    ).label("dedup_key")
    rows = session.execute(
        select(entered.c.experiment_id, entered.c.title, *_recipient(), dedup)
        .join(User, col(User.id) == entered.c.owner_id)
        .where(
            _crossed(entered.c.since, days, previous, now),
            ~requested,
            _active_user(),
            not_enqueued(dedup),
        )
    ).all()
    return [
        Item(
            row.user_id,
            row.email,
            row.locale,
            "evaluation_idle",
            row.dedup_key,
            {**_experiment_context(row.experiment_id, row.title), "days": days},
        )
        for row in rows
    ]


RULES = (stale, pilot_overdue, evaluation_idle)
