"""Taking over a stopped experiment that looks for a taker (PATCH seeking_taker first).

404 when the experiment is not visible to you (an internal one of another organisation),
409 when it is not stopped or not looking for a taker (or was just taken by someone else).
"""

from typing import Any

from flask import url_for

from tracker import clock
from tracker.api import serializers
from tracker.api.auth import current_user
from tracker.api.registry import Reply, operation
from tracker.api.schemas import ExperimentOut
from tracker.db import get_session
from tracker.services import takeovers as takeover_service


@operation(
    "POST",
    "/experiments/{experiment_id}/takeover",
    summary="Take over a stopped experiment: a new draft of yours, linked and pre-filled",
    tag="experiments",
    replies={
        201: Reply(
            "The new experiment, in your organisation, owned by you.",
            ExperimentOut,
            headers={"Location": "The URL of the new experiment."},
        )
    },
    problems=(403, 404, 409),
)
def take_over(experiment_id: int) -> tuple[Any, int, dict[str, str]]:
    """Copies problem, hypothesis, target users, criteria and territory; applies its lessons."""
    session = get_session()
    actor = current_user()
    taken = takeover_service.take_over(
        session=session, actor=actor, experiment_id=experiment_id, now=clock.now()
    )
    location = url_for("api.get_experiment", experiment_id=taken.id)
    return serializers.experiment(session, actor, taken), 201, {"Location": location}
