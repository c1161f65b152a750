"""Deriving a new experiment from a source one: taking over a stopped one, or replicating.

Both take the same path: a new draft in the actor's organisation, owned by the actor,
pre-filled with the source's problem, hypothesis, target users, criteria, territory and
theme, with its `create` event naming the source, and the source's lessons marked as applied.
"""

from datetime import datetime
from typing import Any

from pydantic import ValidationError
from sqlalchemy import literal, or_
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col, select

from tracker.models import (
    CREATED,
    Event,
    Experiment,
    ExperimentCreate,
    Lesson,
    LessonReuse,
    User,
    UTCDateTime,
)
from tracker.models.base import pk
from tracker.services.errors import Invalid

# What a derived experiment inherits; the rest (team, dates, board, visibility) is the new
# team's to decide.
COPIED_FIELDS = (
    "title",
    "problem",
    "hypothesis",
    "target_users",
    "success_criteria",
    "stop_criteria",
    "territory",
    "theme",
)


def prefilled(source: Experiment, overrides: dict[str, Any] | None = None) -> ExperimentCreate:
    """The validated fields of a derived experiment: the source's, then the overrides."""
    values = {name: getattr(source, name) for name in COPIED_FIELDS}
    try:
        return ExperimentCreate.model_validate({**values, **(overrides or {})})
    except ValidationError as error:
        raise Invalid.from_validation(error) from None


def derive(
    *,
    session: Session,
    actor: User,
    source: Experiment,
    link: str,
    now: datetime,
    overrides: dict[str, Any] | None = None,
) -> Experiment:
    """A new draft derived from `source`, flushed but NOT committed.

    `link` names the column of the new experiment that points at the source
    (`taken_over_from_id`, `replicated_from_id`); the `create` event records it too. The
    caller checks permissions on the source first, adds its own events, and commits, so
    the derivation and its consequences land in one transaction. `overrides` replace copied
    fields (a replication's territory, for instance) and are validated like a creation.
    """
    fields = prefilled(source, overrides)
    # Only the experiment's own columns: links (team, territories...) are the new team's.
    values = {k: v for k, v in fields.model_dump().items() if k in COPIED_FIELDS}
    values["success_criteria"] = [c.model_dump() for c in fields.success_criteria]
    # A derived experiment starts internal: the new team chooses to publish it.
    values["visibility"] = "internal"
    experiment = Experiment(
        **values,
        organisation_id=actor.organisation_id,
        owner_id=pk(actor),
        created_at=now,
        updated_at=now,
        last_activity_at=now,
    )
    setattr(experiment, link, pk(source))
    session.add(experiment)
    session.flush()
    session.add(
        Event(
            experiment_id=pk(experiment),
            trigger=CREATED,
            to_state=experiment.state,
            actor_id=actor.id,
            data={link: pk(source)},
            at=now,
        )
    )
    apply_lessons(session=session, actor=actor, source=source, target=experiment, now=now)
    return experiment


def apply_lessons(
    *, session: Session, actor: User, source: Experiment, target: Experiment, now: datetime
) -> int:
    """Mark the lessons of `source` the actor may read as applied by `target`; how many were new.

    One INSERT ... SELECT ... ON CONFLICT DO NOTHING (no loop over lessons, and a lesson
    already marked stays counted once). Another organisation's internal lessons stay out:
    they are not the taker's to read.
    """
    lessons = select(
        col(Lesson.id),
        literal(pk(target)),
        literal(pk(actor)),
        literal(now, UTCDateTime()),
    ).where(
        Lesson.experiment_id == source.id,
        or_(
            col(Lesson.organisation_id) == actor.organisation_id,
            col(Lesson.visibility) == "public",
        ),
    )
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    table = LessonReuse.__table__  # type: ignore[attr-defined]
    statement = (
        dialect.insert(table)
        .from_select(["lesson_id", "experiment_id", "marked_by", "marked_at"], lessons)
        .on_conflict_do_nothing(index_elements=["lesson_id", "experiment_id"])
        # RETURNING counts the rows written on both databases (rowcount does not).
        .returning(table.c.id)
    )
    return len(session.execute(statement).all())
