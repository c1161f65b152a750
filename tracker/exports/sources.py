"""The rows of each resource as plain dicts, streamed in chunks, limited to what a reader may see.

`reader` is a signed-in user (their organisation's rows and every public one) or None (public
rows only: the portal and the open-data package). Rows come `CHUNK` at a time from the database
(yield_per), so a large export never holds the whole list in memory.
"""

import importlib
from collections.abc import Iterator
from datetime import date, datetime
from itertools import islice
from typing import Any

from sqlalchemy import ColumnElement, func, or_, true
from sqlmodel import Session, col, select

from tracker.models import (
    Experiment,
    ExperimentMember,
    Gate,
    GateDecision,
    Organisation,
    User,
)
from tracker.models.lesson import Lesson, LessonReuse

CHUNK = 500
Row = dict[str, Any]


def experiment_clause(reader: User | None) -> ColumnElement[bool]:
    """Experiments the reader may see; public ones only without a reader."""
    public = col(Experiment.visibility) == "public"
    if reader is None:
        return public
    return or_(col(Experiment.organisation_id) == reader.organisation_id, public)


def _stream(session: Session, query: Any) -> Iterator[Any]:
    return iter(session.exec(query.execution_options(yield_per=CHUNK)))


def _chunks(rows: Iterator[Any]) -> Iterator[list[Any]]:
    while chunk := list(islice(rows, CHUNK)):
        yield chunk


def experiments(session: Session, reader: User | None, **filters: Any) -> Iterator[Row]:
    """Experiments, oldest first, with their owner's email and team (one query per chunk)."""
    query = (
        select(Experiment, Organisation.name, User.email)
        .join(Organisation, col(Organisation.id) == Experiment.organisation_id)
        .join(User, col(User.id) == Experiment.owner_id)
        .where(experiment_clause(reader), *experiment_filters(**filters))
        .order_by(col(Experiment.id))
    )
    for chunk in _chunks(_stream(session, query)):
        teams = _teams(session, [experiment.id for experiment, _o, _e in chunk])
        for experiment, organisation, owner_email in chunk:
            yield _experiment_row(experiment, organisation, owner_email, teams)


def experiment_filters(
    *,
    state: str | None = None,
    territory: str | None = None,
    q: str | None = None,
    theme: str | None = None,
) -> list[ColumnElement[bool]]:
    """The list page's filters (state, territory, theme, text) as SQL conditions."""
    clauses: list[ColumnElement[bool]] = []
    if state:
        clauses.append(col(Experiment.state) == state)
    if theme and theme.strip():
        clauses.append(col(Experiment.theme) == theme.strip().lower())
    if territory and territory.strip():
        clauses.append(func.lower(Experiment.territory) == territory.strip().lower())
    if q and q.strip():
        literal = q.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        pattern = f"%{literal}%"
        clauses.append(
            or_(
                col(Experiment.title).ilike(pattern, escape="\\"),
                col(Experiment.problem).ilike(pattern, escape="\\"),
                col(Experiment.hypothesis).ilike(pattern, escape="\\"),
            )
        )
    return clauses


def _teams(session: Session, ids: list[int | None]) -> dict[int, list[str]]:
    teams: dict[int, list[str]] = {}
    rows = session.exec(
        select(ExperimentMember.experiment_id, User.email)
        .join(User, col(User.id) == ExperimentMember.user_id)
        .where(col(ExperimentMember.experiment_id).in_(ids))
        .order_by(col(User.email))
    )
    for experiment_id, email in rows:
        teams.setdefault(experiment_id, []).append(email)
    return teams


def _experiment_row(
    experiment: Experiment, organisation: str, owner_email: str, teams: dict[int, list[str]]
) -> Row:
    return {
        "id": experiment.id,
        "title": experiment.title,
        "state": experiment.state,
        "iteration": experiment.iteration,
        "visibility": experiment.visibility,
        "territory": experiment.territory,
        "theme": experiment.theme,
        "problem": experiment.problem,
        "hypothesis": experiment.hypothesis,
        "target_users": experiment.target_users,
        "success_criteria": list(experiment.success_criteria or []),
        "stop_criteria": list(experiment.stop_criteria or []),
        "planned_start": experiment.planned_start,
        "planned_end": experiment.planned_end,
        "stop_reason": experiment.stop_reason,
        "stop_explanation": experiment.stop_explanation,
        "criteria_frozen_at": experiment.criteria_frozen_at,
        "organisation": organisation,
        "owner_email": owner_email,
        "team": teams.get(experiment.id or 0, []),
        "created_at": experiment.created_at,
        "last_activity_at": experiment.last_activity_at,
        "version": experiment.version,
    }


def decisions(session: Session, reader: User | None, **_filters: Any) -> Iterator[Row]:
    """Gate decisions of the experiments the reader may see, in the order they were made."""
    query = (
        select(GateDecision, Gate, Experiment.title)
        .join(Gate, col(Gate.id) == GateDecision.gate_id)
        .join(Experiment, col(Experiment.id) == Gate.experiment_id)
        .where(experiment_clause(reader))
        .order_by(col(GateDecision.id))
    )
    for decision, gate, title in _stream(session, query):
        yield {
            "id": decision.id,
            "experiment_id": gate.experiment_id,
            "experiment_title": title,
            "gate_id": gate.id,
            "gate_kind": gate.kind,
            "iteration": gate.iteration,
            "decision": decision.decision,
            "rationale": decision.rationale,
            "decided_at": decision.decided_at,
            "verdict": gate.verdict,
            "route": decision.route,
            "scaling_plan": decision.scaling_plan,
            "restart_at": decision.restart_at,
            "changes": decision.changes,
            "stop_reason": decision.stop_reason,
            "next_review_date": decision.next_review_date,
            "vote_count": decision.vote_count,
            "cost_eur": gate.cost_eur,
        }


def lesson_clause(reader: User | None) -> ColumnElement[bool]:
    """Lessons the reader may see: their organisation's and public ones."""
    public = col(Lesson.visibility) == "public"
    if reader is None:
        return public
    return or_(col(Lesson.organisation_id) == reader.organisation_id, public)


def lessons(session: Session, reader: User | None, **_filters: Any) -> Iterator[Row]:
    """Lessons the reader may see, with their reuse count (an SQL subquery)."""
    reuses = (
        select(func.count())
        .select_from(LessonReuse)
        .where(col(LessonReuse.lesson_id) == Lesson.id)
        .scalar_subquery()
    )
    query = select(Lesson, reuses).where(lesson_clause(reader)).order_by(col(Lesson.id))
    for lesson, reuse_count in _stream(session, query):
        yield {
            "id": lesson.id,
            "experiment_id": lesson.experiment_id,
            "kind": lesson.kind,
            "title": lesson.title,
            "body": lesson.body,
            "outcome": lesson.outcome,
            "stop_reason": lesson.stop_reason,
            "cause_tags": list(lesson.cause_tags or []),
            "territory": lesson.territory,
            "theme": lesson.theme,
            "visibility": lesson.visibility,
            "reuse_count": reuse_count,
            "created_at": lesson.created_at,
        }


def commons_model() -> Any:
    """The commons ledger's table model (tracker.models.commons), None while it is absent."""
    try:
        return importlib.import_module("tracker.models.commons").CommonsContribution
    except (ImportError, AttributeError):
        return None


def commons(session: Session, reader: User | None, **_filters: Any) -> Iterator[Row]:
    """Contributions of the public actor to the experiments the reader may see."""
    model = commons_model()
    if model is None:
        return
    query = (
        select(model)
        .join(Experiment, col(Experiment.id) == model.experiment_id)
        .where(experiment_clause(reader), _not_archived(model))
        .order_by(model.id)
    )
    for row in _stream(session, query):
        yield {
            "id": row.id,
            "experiment_id": row.experiment_id,
            "kind": row.kind,
            "description": row.description,
            "quantity": getattr(row, "quantity", None),
            "unit": getattr(row, "unit", None),
            "value_eur": getattr(row, "value_eur", None),
            "start": _day(getattr(row, "start_on", None)),
            "end": _day(getattr(row, "end_on", None)),
        }


def _not_archived(model: Any) -> ColumnElement[bool]:
    """Live lines only: a withdrawn contribution stays on record but out of the ledger."""
    withdrawn = getattr(model, "withdrawn_at", None)
    return withdrawn.is_(None) if withdrawn is not None else true()


def _day(value: Any) -> date | None:
    return value.date() if isinstance(value, datetime) else value


SOURCES = {
    "experiments": experiments,
    "decisions": decisions,
    "lessons": lessons,
    "commons": commons,
}


def rows(session: Session, what: str, reader: User | None, **filters: Any) -> Iterator[Row]:
    """The rows of one resource (see columns.RESOURCES) that the reader may see."""
    return SOURCES[what](session, reader, **filters)
