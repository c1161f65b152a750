"""Agents' trainings: admins of the user's organisation record and read them; a user reads own."""

from datetime import date, datetime
from typing import Any, Literal

from flask import url_for
from pydantic import BaseModel, ConfigDict, Field

from tracker import clock
from tracker.api.auth import current_user
from tracker.api.registry import Reply, operation
from tracker.db import get_session
from tracker.models import TRAINING_KINDS, Training
from tracker.services import trainings as training_service

TAG = "trainings"
TrainingKind = Literal[TRAINING_KINDS]  # type: ignore[valid-type]


class TrainingBody(BaseModel):
    """A training the user followed; the provider is optional."""

    model_config = ConfigDict(extra="forbid")

    kind: TrainingKind
    followed_on: date = Field(description="The day it was followed (not in the future).")
    provider: str = Field(default="", max_length=200)


class TrainingOut(BaseModel):
    id: int
    user_id: int
    kind: TrainingKind
    followed_on: date
    provider: str
    recorded_by: int
    recorded_at: datetime


def _out(row: Training) -> TrainingOut:
    return TrainingOut.model_validate(row, from_attributes=True)


@operation(
    "GET",
    "/users/{user_id}/trainings",
    summary="List the trainings a user followed",
    tag=TAG,
    replies={200: Reply("The trainings, most recent first.", list[TrainingOut])},
    problems=(403, 404),
    description=(
        "A user reads their own; admins read those of their organisation's users. "
        "403 for another non-admin, 404 for a user of another organisation."
    ),
)
def list_trainings(user_id: int) -> tuple[Any, int]:
    """Trainings are never deleted."""
    rows = training_service.list_for(session=get_session(), actor=current_user(), user_id=user_id)
    return [_out(row) for row in rows], 200


@operation(
    "POST",
    "/users/{user_id}/trainings",
    summary="Record a training a user followed (admins)",
    tag=TAG,
    body=TrainingBody,
    replies={
        201: Reply(
            "The recorded training.",
            TrainingOut,
            headers={"Location": "The trainings of the user."},
        )
    },
    problems=(403, 404),
    description=(
        "Kinds: prototyping, user_research, intrapreneurship, evaluation. 403 for non-admins, "
        "404 for a user of another organisation, 422 for a date in the future."
    ),
)
def record_training(user_id: int, *, body: TrainingBody) -> tuple[Any, int, dict[str, str]]:
    """Admins of the user's organisation record it."""
    row = training_service.record(
        session=get_session(),
        actor=current_user(),
        user_id=user_id,
        data=body.model_dump(),
        now=clock.now(),
    )
    location = url_for("api.list_trainings", user_id=user_id)
    return _out(row), 201, {"Location": location}
