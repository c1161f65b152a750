"""Reuse: an experiment's team marks the lessons it applied; each lesson counts its reuses."""

from datetime import datetime

from sqlalchemy import or_
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from tracker.models import Experiment, ExperimentMember, Lesson, LessonReuse, User
from tracker.models.base import pk
from tracker.services import gates_access
from tracker.services.errors import Forbidden, Invalid, NotFound
from tracker.services.experiments import get as get_experiment
from tracker.services.lessons import get as get_lesson
from tracker.services.lessons_search import visible_clause
from tracker.services.permissions import is_team
from workflows.definition import N_


def mark(
    *, session: Session, actor: User, experiment_id: int, lesson_id: int, now: datetime
) -> tuple[LessonReuse, bool]:
    """Record that the experiment applied the lesson; (the reuse, whether it is new)."""
    experiment = get_experiment(session=session, actor=actor, experiment_id=experiment_id)
    if not actor.active or not is_team(session, actor, experiment):
        raise Forbidden(N_("Only the owner and the team can mark the lessons they applied."))
    try:
        lesson = get_lesson(session=session, actor=actor, lesson_id=lesson_id)
    except NotFound:
        message = N_("No lesson you can read has this number.")
        raise Invalid(errors={"lesson_id": [message]}) from None
    if lesson.experiment_id == experiment.id:
        raise Invalid(errors={"lesson_id": [N_("An experiment cannot apply its own lesson.")]})
    found = _existing(session, pk(lesson), pk(experiment))
    if found is not None:
        return found, False
    reuse = LessonReuse(
        lesson_id=pk(lesson), experiment_id=pk(experiment), marked_by=pk(actor), marked_at=now
    )
    session.add(reuse)
    try:
        session.flush()
    except IntegrityError:
        # The unique pair: the same mark was written meanwhile.
        session.rollback()
        found = _existing(session, pk(lesson), pk(experiment))
        assert found is not None
        return found, False
    data = {"lesson_id": lesson.id, "from_experiment_id": lesson.experiment_id}
    gates_access.record(session, experiment, actor, "lesson_applied", data, now)
    gates_access.touch(session, experiment, now)
    session.commit()
    return reuse, True


def _existing(session: Session, lesson_id: int, experiment_id: int) -> LessonReuse | None:
    return session.exec(
        select(LessonReuse).where(
            LessonReuse.lesson_id == lesson_id, LessonReuse.experiment_id == experiment_id
        )
    ).first()


def applied_ids(session: Session, experiment_ids: list[int]) -> dict[int, list[int]]:
    """The lessons each experiment applied (one query for a page of experiments)."""
    applied: dict[int, list[int]] = {experiment_id: [] for experiment_id in experiment_ids}
    if not experiment_ids:
        return applied
    rows = session.exec(
        select(LessonReuse.experiment_id, LessonReuse.lesson_id)
        .where(col(LessonReuse.experiment_id).in_(experiment_ids))
        .order_by(col(LessonReuse.id))
    ).all()
    for experiment_id, lesson_id in rows:
        applied[experiment_id].append(lesson_id)
    return applied


def applied_lessons(*, session: Session, actor: User, experiment: Experiment) -> list[Lesson]:
    """The lessons the experiment applied that the actor may read, in marking order."""
    return list(
        session.exec(
            select(Lesson)
            .join(LessonReuse, col(LessonReuse.lesson_id) == Lesson.id)
            .where(LessonReuse.experiment_id == experiment.id, visible_clause(actor))
            .order_by(col(LessonReuse.id))
        ).all()
    )


def experiments_to_mark(*, session: Session, actor: User, lesson: Lesson) -> list[Experiment]:
    """The actor's open experiments (owner or team) that have not marked this lesson yet."""
    marked = select(LessonReuse.experiment_id).where(LessonReuse.lesson_id == lesson.id)
    member_of = select(ExperimentMember.experiment_id).where(ExperimentMember.user_id == actor.id)
    return list(
        session.exec(
            select(Experiment)
            .where(
                or_(col(Experiment.owner_id) == actor.id, col(Experiment.id).in_(member_of)),
                col(Experiment.state).not_in(("scaled", "stopped")),
                col(Experiment.id) != lesson.experiment_id,
                col(Experiment.id).not_in(marked),
            )
            .order_by(col(Experiment.title))
        ).all()
    )
