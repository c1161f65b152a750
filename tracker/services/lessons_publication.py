"""Public opt-in: the owner asks, a chair of the experiment's board approves or declines.

Each step is an event on the experiment's timeline; a lesson stays internal until approved.
"""

from datetime import datetime
from typing import Literal

from sqlalchemy import update
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import Session, col

from tracker.models import Experiment, Lesson, User
from tracker.services import gates_access
from tracker.services.errors import Conflict, Forbidden, Invalid
from tracker.services.lessons import get as get_lesson
from tracker.services.permissions import is_chair, is_team
from workflows.definition import N_

Action = Literal["request", "approve", "decline"]
ACTIONS = ("request", "approve", "decline")
EVENTS = {
    "request": "lesson_publication_requested",
    "approve": "lesson_published",
    "decline": "lesson_publication_declined",
}
# What each action needs the publication state to be, and what it becomes.
MOVES = {
    "request": (("none", "declined"), "requested"),
    "approve": (("requested",), "approved"),
    "decline": (("requested",), "declined"),
}


def _allowed(session: Session, actor: User, experiment: Experiment, action: str) -> None:
    if not actor.active:
        raise Forbidden()
    if action == "request":
        if not is_team(session, actor, experiment):
            raise Forbidden(N_("Only the experiment's owner and team can ask to publish a lesson."))
        return
    if not is_chair(session, actor, experiment):
        raise Forbidden(N_("Only a chair of the experiment's board can decide on publication."))
    if is_team(session, actor, experiment):
        raise Forbidden(N_("You cannot decide on publishing a lesson of your own experiment."))


def act(*, session: Session, actor: User, lesson_id: int, action: str, now: datetime) -> Lesson:
    """Request, approve or decline the publication of a lesson; one event per step."""
    if action not in ACTIONS:
        raise Invalid(errors={"action": [N_("Unknown action.")]})
    lesson = get_lesson(session=session, actor=actor, lesson_id=lesson_id)
    experiment = session.get(Experiment, lesson.experiment_id)
    assert experiment is not None  # a foreign key
    _allowed(session, actor, experiment, action)
    sources, target = MOVES[action]
    if lesson.publication not in sources:
        raise Conflict(N_("This lesson's publication is not in a state that allows this step."))
    values: dict[str, object] = {"publication": target}
    if action == "request":
        values.update(public_requested_at=now, public_requested_by=actor.id)
    elif action == "approve":
        values.update(visibility="public", public_approved_at=now, public_approved_by=actor.id)
    # Conditional on the state read: of two chairs deciding at once, one wins, one conflicts.
    result = session.execute(
        update(Lesson)
        .where(col(Lesson.id) == lesson.id, col(Lesson.publication) == lesson.publication)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        session.rollback()
        raise Conflict(N_("This lesson was changed meanwhile; reload it and try again."))
    for key, value in values.items():
        set_committed_value(lesson, key, value)
    data = {"lesson_id": lesson.id, "publication": target}
    gates_access.record(session, experiment, actor, EVENTS[action], data, now)
    gates_access.touch(session, experiment, now)
    session.commit()
    return lesson


def next_actions(session: Session, actor: User, lesson: Lesson) -> list[str]:
    """The publication steps this actor may take on the lesson now (for buttons)."""
    experiment = session.get(Experiment, lesson.experiment_id)
    if experiment is None:
        return []
    actions = []
    for action in ACTIONS:
        if lesson.publication not in MOVES[action][0]:
            continue
        try:
            _allowed(session, actor, experiment, action)
        except Forbidden:
            continue
        actions.append(action)
    return actions
