"""Retrospectives: every stop opens one; the team writes it, a chair of the board publishes it.

404 when the experiment is not visible or has no retrospective (it was never stopped), 403
when you may not take this step, 409 for a stale version or a step the state does not
allow (a save once submitted or published), 422 for a bad field or a missing answer.
"""

from typing import Any

from sqlmodel import Session

from tracker import clock
from tracker.api.auth import current_user
from tracker.api.registry import Reply, operation
from tracker.api.retrospective_schemas import (
    AddendumOut,
    FollowUpOut,
    RetrospectiveBody,
    RetrospectiveOut,
    RetrospectiveTransitionBody,
)
from tracker.db import get_session
from tracker.models import Experiment, Retrospective, User
from tracker.services import retrospectives as retrospective_service
from tracker.services import retrospectives_prefill
from tracker.services.permissions import roles_on
from workflows.retrospective import RETROSPECTIVE

TAG = "retrospectives"
PATH = "/experiments/{experiment_id}/retrospective"


def _allowed(session: Session, actor: User, experiment: Experiment, state: str) -> list[str]:
    roles = roles_on(session, actor, experiment)
    return [
        t.trigger
        for t in RETROSPECTIVE.transitions_from(state)
        if t.trigger != "start_drafting" and roles & set(t.fired_by)
    ]


def retrospective_out(
    session: Session, actor: User, experiment: Experiment, retrospective: Retrospective
) -> RetrospectiveOut:
    """The retrospective as the API shows it."""
    follow_ups = [
        FollowUpOut(title=row.title, owner=email, due_on=row.due_on, status=row.status)  # type: ignore[arg-type]
        for row, email in retrospective_service.follow_ups(session, retrospective)
    ]
    addenda = [
        AddendumOut(author_id=a.author_id, body=a.body, at=a.at)
        for a in retrospective_service.addenda(session, retrospective)
    ]
    return RetrospectiveOut.model_validate(
        {
            **retrospective.model_dump(),
            "follow_ups": follow_ups,
            "addenda": addenda,
            "allowed_triggers": _allowed(session, actor, experiment, retrospective.state),
            "prefill": retrospectives_prefill.prefill(session, experiment),
        }
    )


def _reply(session: Session, actor: User, experiment_id: int) -> tuple[Any, int]:
    experiment, retrospective = retrospective_service.get(
        session=session, actor=actor, experiment_id=experiment_id
    )
    return retrospective_out(session, actor, experiment, retrospective), 200


@operation(
    "GET",
    PATH,
    summary="The retrospective of a stopped experiment, with what the record pre-fills",
    tag=TAG,
    replies={200: Reply("The retrospective.", RetrospectiveOut)},
    problems=(404,),
)
def get_retrospective(experiment_id: int) -> tuple[Any, int]:
    """Read the retrospective (as visible as its experiment)."""
    return _reply(get_session(), current_user(), experiment_id)


@operation(
    "PUT",
    PATH,
    summary="Save the retrospective (the team; version required)",
    tag=TAG,
    body=RetrospectiveBody,
    replies={200: Reply("The retrospective as saved.", RetrospectiveOut)},
    problems=(403, 404, 409),
)
def save_retrospective(experiment_id: int, *, body: RetrospectiveBody) -> tuple[Any, int]:
    """The first save of a due retrospective moves it to drafting; 409 once submitted."""
    session, actor = get_session(), current_user()
    retrospective_service.save(
        session=session,
        actor=actor,
        experiment_id=experiment_id,
        version=body.version,
        data=body.model_dump(exclude_unset=True, exclude={"version"}),
        now=clock.now(),
    )
    return _reply(session, actor, experiment_id)


@operation(
    "POST",
    PATH + "/transitions",
    summary="Submit, request changes or publish the retrospective",
    tag=TAG,
    body=RetrospectiveTransitionBody,
    replies={200: Reply("The retrospective in its new state.", RetrospectiveOut)},
    problems=(403, 404, 409),
)
def fire_retrospective_transition(
    experiment_id: int, *, body: RetrospectiveTransitionBody
) -> tuple[Any, int]:
    """The owner's team submits; a chair of the experiment's board requests changes or publishes."""
    session, actor = get_session(), current_user()
    retrospective_service.fire(
        session=session,
        actor=actor,
        experiment_id=experiment_id,
        trigger=body.trigger,
        version=body.version,
        now=clock.now(),
    )
    return _reply(session, actor, experiment_id)
