"""The right-to-fail charter acknowledgements kept on an experiment (owner and chair at go)."""

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

from tracker.api.auth import current_user
from tracker.api.registry import Reply, operation
from tracker.api.schemas import ActorRef
from tracker.db import get_session
from tracker.services import charters as charter_service
from tracker.services import experiments as experiment_service


class CharterAcknowledgementOut(BaseModel):
    """Who read which charter version, in which role, when."""

    id: int
    user: ActorRef
    role: Literal["owner", "chair"] = Field(
        description="`owner` at the pilot gate request, `chair` at the go decision."
    )
    charter_version: int = Field(description="The number of the charter version read.")
    charter_version_id: int
    gate_id: int | None = Field(description="The pilot gate it was given for.")
    acknowledged_at: datetime


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
    return [
        CharterAcknowledgementOut(
            id=ack.id,  # type: ignore[arg-type]
            user=ActorRef(id=user.id, name=user.name),  # type: ignore[arg-type]
            role=ack.role,  # type: ignore[arg-type]
            charter_version=version.number,
            charter_version_id=ack.charter_version_id,
            gate_id=ack.gate_id,
            acknowledged_at=ack.acknowledged_at,
        )
        for ack, user, version in rows
    ], 200
