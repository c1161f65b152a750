"""Lessons: every outcome teaches. Written in the transaction of the step that teaches them.

A published retrospective gives a *stop* lesson, a gate's *adapt* decision (what changes and
why) and its *scale* decision (the conditions of success) give theirs. Nothing is deleted.
"""

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from tracker.models import Experiment, Gate, GateDecision, Lesson, LessonReuse, Retrospective, User
from tracker.models.base import pk
from tracker.services import lessons_search
from tracker.services.errors import NotFound
from tracker.services.lessons_search import visible_clause
from workflows.definition import N_

NOT_FOUND = N_("Lesson not found.")


def _paragraphs(*parts: str | None) -> str:
    return "\n\n".join(part.strip() for part in parts if part and part.strip())


def add(session: Session, experiment: Experiment, now: datetime, **values: Any) -> Lesson:
    """A lesson of the experiment, indexed for search; the caller commits (also demo data)."""
    defaults: dict[str, Any] = {
        "experiment_id": pk(experiment),
        "organisation_id": experiment.organisation_id,
        "title": experiment.title,
        "territory": experiment.territory or "",
        # The experiment's theme at the time: the library's theme facet reads it.
        "theme": experiment.theme or "",
        "created_at": now,
    }
    lesson = Lesson(**(defaults | values))
    session.add(lesson)
    session.flush()
    lessons_search.index(session, lesson)
    return lesson


def from_retrospective(
    session: Session, experiment: Experiment, retrospective: Retrospective, now: datetime
) -> Lesson:
    """The stop lesson of a retrospective being published; the caller commits."""
    return add(
        session,
        experiment,
        now,
        kind="retrospective",
        outcome="stop",
        retrospective_id=pk(retrospective),
        body=_paragraphs(
            retrospective.what_we_learned, retrospective.do_differently, retrospective.advice
        ),
        stop_reason=experiment.stop_reason,
        cause_tags=list(retrospective.cause_tags or []),
    )


def from_decision(
    session: Session, experiment: Experiment, gate: Gate, decision: GateDecision, now: datetime
) -> Lesson | None:
    """The lesson of an adapt or scale decision (None for other decisions); caller commits."""
    if decision.decision == "adapt":
        body = _paragraphs(decision.changes, decision.rationale)
    elif decision.decision == "scale":
        body = _paragraphs(decision.rationale, decision.scaling_plan)
    else:
        return None
    return add(
        session,
        experiment,
        now,
        kind=decision.decision,
        outcome=decision.decision,
        gate_id=pk(gate),
        body=body,
    )


def can_view(actor: User, lesson: Lesson) -> bool:
    """The Python form of visible_clause."""
    return lesson.organisation_id == actor.organisation_id or lesson.visibility == "public"


def get(*, session: Session, actor: User, lesson_id: int) -> Lesson:
    """A lesson the actor may read; NotFound otherwise (no existence leak)."""
    lesson = session.get(Lesson, lesson_id)
    if lesson is None or not can_view(actor, lesson):
        raise NotFound(NOT_FOUND)
    return lesson


def reuse_counts(session: Session, lesson_ids: Sequence[int]) -> dict[int, int]:
    """How many experiments applied each lesson, counted by the database."""
    if not lesson_ids:
        return {}
    rows = session.exec(
        select(LessonReuse.lesson_id, func.count())
        .where(col(LessonReuse.lesson_id).in_(list(lesson_ids)))
        .group_by(col(LessonReuse.lesson_id))
    ).all()
    counts = dict.fromkeys(lesson_ids, 0)
    counts.update(dict(rows))
    return counts


def of_experiment(*, session: Session, actor: User, experiment_id: int) -> list[Lesson]:
    """The lessons an experiment taught that the actor may read, oldest first."""
    return list(
        session.exec(
            select(Lesson)
            .where(Lesson.experiment_id == experiment_id, visible_clause(actor))
            .order_by(col(Lesson.id))
        ).all()
    )
