"""Failure made visible: the figures of the failure page, each from one SQL aggregate.

Scope: one organisation (`organisation_id`), or every organisation (None). Nothing here
loops over experiments in Python: counts are GROUP BY queries, the median is computed by
the database (percentile_cont on PostgreSQL, ORDER BY/LIMIT/OFFSET on SQLite), and the
lists of overdue retrospectives and silent deaths are capped.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, extract, false, func, or_, true
from sqlmodel import Session, col, select

from tracker.models import (
    Event,
    Experiment,
    Lesson,
    LessonReuse,
    ReminderSettings,
    Retrospective,
    User,
)
from tracker.notifications.kinds import DEFAULT_THRESHOLDS
from tracker.services.errors import Forbidden
from tracker.services.portfolio_scope import is_instance_admin
from workflows.definition import N_
from workflows.experiment import TERMINAL

LIST_LIMIT = 50
SILENT = "silent_death_days"


@dataclass(frozen=True)
class Late:
    """An experiment in one of the page's lists, with the date that makes it late."""

    experiment_id: int
    title: str
    state: str
    since: date


@dataclass(frozen=True)
class Figures:
    """Everything the failure page shows."""

    stops_by_reason: list[tuple[str, int]]
    stops_by_stage: list[tuple[str, int]]
    stops: int
    published: int
    median_days_to_publish: float | None
    overdue: list[Late]
    overdue_count: int
    lessons_reused: int
    reuses: int
    silent_by_stage: list[tuple[str, int]]
    silent: list[Late]
    silent_count: int
    silent_days: int | None


def scope_of(actor: User, *, everything: bool, instance_admins: frozenset[str]) -> int | None:
    """The actor's organisation; every organisation (None) only for instance administrators."""
    if not everything:
        return actor.organisation_id
    if not is_instance_admin(actor, instance_admins):
        raise Forbidden(N_("Only an instance administrator sees every organisation."))
    return None


def _in_scope(column: Any, organisation_id: int | None) -> ColumnElement[bool]:
    return true() if organisation_id is None else column == organisation_id


def silent_days(session: Session, organisation_id: int) -> int:
    """The organisation's silent-death threshold in days (its setting, else the default)."""
    row = session.get(ReminderSettings, organisation_id)
    value = (row.thresholds if row else {}).get(SILENT)
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return value
    return int(DEFAULT_THRESHOLDS[SILENT])


def _silent_clause(
    session: Session, organisation_id: int | None, now: datetime
) -> ColumnElement[bool]:
    """Experiments idle past their organisation's threshold (one clause per distinct value)."""
    activity = col(Experiment.last_activity_at)
    if organisation_id is not None:
        return activity < now - timedelta(days=silent_days(session, organisation_id))
    custom: dict[int, int] = {}
    for row in session.exec(select(ReminderSettings)).all():
        custom[row.organisation_id] = silent_days(session, row.organisation_id)
    by_days: dict[int, list[int]] = {}
    for organisation_key, days in custom.items():
        by_days.setdefault(days, []).append(organisation_key)
    default = int(DEFAULT_THRESHOLDS[SILENT])
    organisation = col(Experiment.organisation_id)
    clauses = [
        and_(organisation.in_(ids), activity < now - timedelta(days=days))
        for days, ids in by_days.items()
    ]
    others = organisation.not_in(list(custom)) if custom else true()
    clauses.append(and_(others, activity < now - timedelta(days=default)))
    return or_(false(), *clauses)


def _counts(session: Session, statement: Any) -> list[tuple[str, int]]:
    return [(str(key), int(count)) for key, count in session.exec(statement).all()]


def _stops(session: Session, organisation_id: int | None) -> tuple[list, list]:
    scope = _in_scope(col(Experiment.organisation_id), organisation_id)
    count = func.count(col(Experiment.id))
    by_reason = (
        select(col(Experiment.stop_reason), count)
        .where(Experiment.state == "stopped", scope)
        .group_by(col(Experiment.stop_reason))
        .order_by(count.desc(), col(Experiment.stop_reason))
    )
    # The stage is the state the experiment was in when it stopped: the stop event says.
    stage_count = func.count(col(Event.id))
    by_stage = (
        select(col(Event.from_state), stage_count)
        .join(Experiment, col(Experiment.id) == Event.experiment_id)
        .where(Event.trigger == "stop", scope)
        .group_by(col(Event.from_state))
        .order_by(stage_count.desc(), col(Event.from_state))
    )
    return _counts(session, by_reason), _counts(session, by_stage)


def _days_to_publish(session: Session) -> Any:
    """Days between the stop (the retrospective opens with it) and publication, in SQL."""
    published, opened = col(Retrospective.published_at), col(Retrospective.opened_at)
    if session.get_bind().dialect.name == "postgresql":
        return extract("epoch", published - opened) / 86400.0
    return func.julianday(published) - func.julianday(opened)


def _median(session: Session, organisation_id: int | None) -> tuple[int, float | None]:
    """How many retrospectives are published, and the median days from stop to publication."""
    days = _days_to_publish(session)

    def published(*columns: Any) -> Any:
        return (
            select(*columns)
            .select_from(Retrospective)
            .join(Experiment, col(Experiment.id) == Retrospective.experiment_id)
            .where(
                Retrospective.state == "published",
                col(Retrospective.published_at).is_not(None),
                _in_scope(col(Experiment.organisation_id), organisation_id),
            )
        )

    n = int(session.exec(published(func.count(col(Retrospective.id)))).one())
    if n == 0:
        return 0, None
    if session.get_bind().dialect.name == "postgresql":
        median = session.exec(published(func.percentile_cont(0.5).within_group(days))).one()
        return n, float(median)
    # SQLite: the middle value (or the two middle ones) of the ordered durations.
    middle = session.exec(published(days).order_by(days).limit(2 - n % 2).offset((n - 1) // 2))
    values = [float(value) for value in middle.all()]
    return n, sum(values) / len(values)


def _late(session: Session, statement: Any) -> list[Late]:
    return [
        Late(
            experiment_id=i,
            title=title,
            state=state,
            since=since.date() if isinstance(since, datetime) else since,
        )
        for i, title, state, since in session.exec(statement.limit(LIST_LIMIT)).all()
    ]


def _overdue(session: Session, organisation_id: int | None, today: date) -> tuple[int, list[Late]]:
    """Retrospectives past their due date and still not published."""
    where = (
        Retrospective.state != "published",
        col(Retrospective.due_on) < today,
        _in_scope(col(Experiment.organisation_id), organisation_id),
    )

    def joined(*columns: Any) -> Any:
        return (
            select(*columns)
            .select_from(Retrospective)
            .join(Experiment, col(Experiment.id) == Retrospective.experiment_id)
            .where(*where)
        )

    count = session.exec(joined(func.count(col(Retrospective.id)))).one()
    rows = _late(
        session,
        joined(
            col(Experiment.id),
            col(Experiment.title),
            col(Retrospective.state),
            col(Retrospective.due_on),
        ).order_by(col(Retrospective.due_on), col(Experiment.id)),
    )
    return int(count), rows


def _reuses(session: Session, organisation_id: int | None) -> tuple[int, int]:
    """Lessons of the scope's stops applied elsewhere: distinct lessons, and reuses in all."""
    row = session.exec(
        select(
            func.count(func.distinct(col(LessonReuse.lesson_id))), func.count(col(LessonReuse.id))
        )
        .join(Lesson, col(Lesson.id) == LessonReuse.lesson_id)
        .where(Lesson.outcome == "stop", _in_scope(col(Lesson.organisation_id), organisation_id))
    ).one()
    return int(row[0]), int(row[1])


def _silent(
    session: Session, organisation_id: int | None, now: datetime
) -> tuple[list[tuple[str, int]], int, list[Late]]:
    """Experiments that went quiet without any decision: not closed, idle past the threshold."""
    where = (
        col(Experiment.state).not_in(TERMINAL),
        _in_scope(col(Experiment.organisation_id), organisation_id),
        _silent_clause(session, organisation_id, now),
    )
    count = func.count(col(Experiment.id))
    by_stage = _counts(
        session,
        select(col(Experiment.state), count)
        .where(*where)
        .group_by(col(Experiment.state))
        .order_by(count.desc(), col(Experiment.state)),
    )
    rows = _late(
        session,
        select(
            col(Experiment.id),
            col(Experiment.title),
            col(Experiment.state),
            col(Experiment.last_activity_at),
        )
        .where(*where)
        .order_by(col(Experiment.last_activity_at), col(Experiment.id)),
    )
    return by_stage, sum(n for _, n in by_stage), rows


def figures(*, session: Session, organisation_id: int | None, now: datetime) -> Figures:
    """The failure page's figures for one organisation, or all (None)."""
    by_reason, by_stage = _stops(session, organisation_id)
    published, median = _median(session, organisation_id)
    overdue_count, overdue = _overdue(session, organisation_id, now.date())
    lessons, reuses = _reuses(session, organisation_id)
    silent_by_stage, silent_count, silent = _silent(session, organisation_id, now)
    return Figures(
        stops_by_reason=by_reason,
        stops_by_stage=by_stage,
        stops=sum(n for _, n in by_reason),
        published=published,
        median_days_to_publish=median,
        overdue=overdue,
        overdue_count=overdue_count,
        lessons_reused=lessons,
        reuses=reuses,
        silent_by_stage=silent_by_stage,
        silent=silent,
        silent_count=silent_count,
        silent_days=None if organisation_id is None else silent_days(session, organisation_id),
    )
