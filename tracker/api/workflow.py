"""The workflow definition, and firing its triggers on an experiment."""

from typing import Any

from tracker import clock
from tracker.api import serializers
from tracker.api.auth import current_user
from tracker.api.registry import Reply, operation
from tracker.api.schemas import ExperimentOut, TransitionBody, WorkflowDocument
from tracker.db import get_session
from tracker.services import transitions as transition_service
from workflows.experiment import EXPERIMENT
from workflows.retrospective import RETROSPECTIVE


@operation(
    "GET",
    "/workflow",
    summary="The experiment and retrospective state machines",
    tag="workflow",
    public=True,
    replies={200: Reply("States, initial and terminal states, transitions.", WorkflowDocument)},
)
def get_workflow() -> tuple[Any, int]:
    """Public: the definition is the same for everyone and reveals no data."""
    document = {"experiment": EXPERIMENT.as_dict(), "retrospective": RETROSPECTIVE.as_dict()}
    return WorkflowDocument.model_validate(document), 200


@operation(
    "POST",
    "/experiments/{experiment_id}/transitions",
    summary="Fire a trigger (start_prototype, begin_evaluation, stop, ...)",
    tag="workflow",
    body=TransitionBody,
    replies={200: Reply("The experiment in its new state.", ExperimentOut)},
    problems=(403, 404, 409),
    description=(
        "409 when the version is stale or the trigger is not possible from the current state; "
        "403 when you may not fire it (gate decisions are taken by a review board); "
        "422 when the trigger is unknown or a condition is missing (named in `reasons`)."
    ),
)
def fire_transition(experiment_id: int, *, body: TransitionBody) -> tuple[Any, int]:
    """Move the experiment along its workflow."""
    session = get_session()
    actor = current_user()
    params = body.model_dump(exclude={"trigger", "version"}, exclude_none=True)
    experiment = transition_service.fire(
        session=session,
        actor=actor,
        experiment_id=experiment_id,
        trigger=body.trigger,
        version=body.version,
        params=params,
        now=clock.now(),
    )
    return serializers.experiment(session, actor, experiment), 200
