"""Notifications of a retrospective's steps, enqueued in the step's own transaction."""

from datetime import datetime
from typing import Any

from sqlmodel import Session

from tracker.models import Experiment, Retrospective
from tracker.notifications import outbox
from tracker.notifications.notify import board_members, team
from tracker.services.permissions import board_id_for

# The email each trigger of the retrospective sends; the submit goes to the chairs who
# publish it, the others to the owner and the team who wrote it.
KIND_OF_TRIGGER = {
    "submit": "retrospective_submitted",
    "request_changes": "retrospective_changes_requested",
    "publish": "retrospective_published",
}


def retrospective_path(experiment_id: int | None) -> str:
    """The retrospective's page, relative to TRACKER_BASE_URL."""
    return f"/experiments/{experiment_id}/retrospective"


def context(experiment: Experiment, retrospective: Retrospective) -> dict[str, Any]:
    """What a retrospective email shows."""
    return {
        "title": experiment.title,
        "experiment_id": experiment.id,
        "retrospective_id": retrospective.id,
        "path": retrospective_path(experiment.id),
        "due_on": retrospective.due_on.isoformat(),
    }


def step_taken(
    *,
    session: Session,
    experiment: Experiment,
    retrospective: Retrospective,
    trigger: str,
    now: datetime,
) -> int:
    """Tell whoever the step concerns; the caller commits. Returns the rows added."""
    kind = KIND_OF_TRIGGER.get(trigger)
    if kind is None:
        return 0
    if kind == "retrospective_submitted":
        recipients = board_members(session, board_id_for(session, experiment), chairs=True)
    else:
        recipients = team(session, experiment)
    # The version moves on every step, so a second submission after changes is a new email.
    step = f"retrospective:{retrospective.id}:{trigger}:v{retrospective.version}"
    items = [
        outbox.item_for(user, kind, f"{step}:user:{user.id}", context(experiment, retrospective))
        for user in recipients
    ]
    return outbox.enqueue(session=session, items=items, now=now)
