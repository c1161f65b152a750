"""The right-to-fail charter acknowledgements kept on an experiment (owner and chair at go)."""

from typing import Any

from tracker.api import serializers
from tracker.api.auth import current_user
from tracker.api.registry import Reply, operation
from tracker.api.schemas import CharterAcknowledgementOut
from tracker.db import get_session
from tracker.services import charters as charter_service
from tracker.services import experiments as experiment_service


@operation(
    "GET",
    "/experiments/{experiment_id}/charter-acknowledgements",
    summary="The charter acknowledgements of an experiment",
    tag="history",
    replies={200: Reply("Every acknowledgement, oldest first.", list[CharterAcknowledgementOut])},
    problems=(404,),
)
def list_charter_acknowledgements(experiment_id: int) -> tuple[Any, int]:
    """Visible to whoever may see the experiment, as on its page; 404 otherwise."""
    session = get_session()
    experiment = experiment_service.get(
        session=session, actor=current_user(), experiment_id=experiment_id
    )
    rows = charter_service.acknowledgements(session=session, experiment=experiment)
    return serializers.charter_acknowledgements(rows), 200
