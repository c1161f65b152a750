"""The criteria lock: under review while a gate is open, pre-registered after the go.

Used by experiments.update; imports no other service so that it creates no import cycle.
"""

from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from tracker.models import Event, Experiment, Gate, User
from tracker.models.base import pk
from tracker.services.errors import Conflict, Invalid
from workflows.definition import N_

CRITERIA = ("success_criteria", "stop_criteria")
AMENDED = "criteria_amended"


def check_change(
    session: Session, experiment: Experiment, changed: set[str], amendment_reason: str | None
) -> bool:
    """Refuse a criteria change under review or frozen without a reason; True for an amendment."""
    touched = changed & set(CRITERIA)
    if not touched:
        return False
    under_review = session.exec(
        select(Gate.id).where(Gate.experiment_id == experiment.id, Gate.status == "open")
    ).first()
    if under_review is not None:
        raise Conflict(
            N_(
                "The success and stop criteria are under review by the board: they cannot "
                "change while the gate is open."
            ),
            fields=sorted(touched),
        )
    if experiment.criteria_frozen_at is None:
        return False
    if not (amendment_reason or "").strip():
        raise Invalid(
            N_("The criteria were frozen at the pilot gate: say why they change."),
            errors={"amendment_reason": [N_("An amendment needs a reason.")]},
        )
    return True


def record_amendment(
    session: Session,
    experiment: Experiment,
    actor: User,
    *,
    before: dict[str, Any],
    after: dict[str, Any],
    reason: str,
    now: datetime,
) -> Event:
    """The amendment event: reason, the version it produced, and the criteria before and after."""
    names = [name for name in CRITERIA if before.get(name) != after.get(name)]
    event = Event(
        experiment_id=pk(experiment),
        trigger=AMENDED,
        from_state=experiment.state,
        to_state=experiment.state,
        actor_id=actor.id,
        reason=reason.strip(),
        data={
            "version": experiment.version,
            "fields": names,
            "before": {name: before.get(name) for name in names},
            "after": {name: after.get(name) for name in names},
        },
        at=now,
    )
    session.add(event)
    return event


def amendments(session: Session, experiment: Experiment) -> list[dict[str, Any]]:
    """The criteria amendments of an experiment, oldest first, as the API lists them."""
    return amendments_of(session, [int(experiment.id or 0)]).get(int(experiment.id or 0), [])


def amendments_of(session: Session, experiment_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    """The amendments of several experiments in one query (a page of the API list)."""
    found: dict[int, list[dict[str, Any]]] = {}
    if not experiment_ids:
        return found
    events = session.exec(
        select(Event)
        .where(col(Event.experiment_id).in_(experiment_ids), Event.trigger == AMENDED)
        .order_by(col(Event.id))
    ).all()
    for event in events:
        found.setdefault(event.experiment_id, []).append(
            {
                "version": event.data.get("version"),
                "reason": event.reason,
                "author_id": event.actor_id,
                "at": event.at,
                "before": event.data.get("before", {}),
                "after": event.data.get("after", {}),
            }
        )
    return found
