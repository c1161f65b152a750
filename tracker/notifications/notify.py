"""Notifications of what just happened, enqueued in the action's own transaction."""

from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from tracker.models import BoardMember, Event, Experiment, ExperimentMember, Gate, User
from tracker.notifications import outbox
from tracker.services.permissions import board_id_for


def experiment_path(experiment_id: int | None) -> str:
    """The experiment's page, relative to TRACKER_BASE_URL."""
    return f"/experiments/{experiment_id}"


def gate_context(experiment: Experiment, gate: Gate) -> dict[str, Any]:
    """What a gate email shows, and its calendar event (stable UID, SEQUENCE per version)."""
    return {
        "title": experiment.title,
        "experiment_id": experiment.id,
        "path": experiment_path(experiment.id),
        # The version moves on every change of the gate row, so a calendar that already
        # has the event takes the newer one.
        "gate": {
            "id": gate.id,
            "kind": gate.kind,
            "review_date": gate.review_date.isoformat(),
            "sequence": max(gate.version - 1, 0),
        },
    }


def _active(session: Session, user_ids: list[int]) -> list[User]:
    if not user_ids:
        return []
    query = select(User).where(col(User.id).in_(user_ids), User.active == True)  # noqa: E712
    return list(session.exec(query.order_by(col(User.id))).all())


def board_members(session: Session, board_id: int | None, *, chairs: bool = False) -> list[User]:
    """The active members (or only the chairs) of a board."""
    if board_id is None:
        return []
    query = select(BoardMember.user_id).where(BoardMember.board_id == board_id)
    if chairs:
        query = query.where(BoardMember.is_chair == True)  # noqa: E712
    return _active(session, list(session.exec(query).all()))


def team(session: Session, experiment: Experiment) -> list[User]:
    """The owner and the team members of an experiment."""
    members = session.exec(
        select(ExperimentMember.user_id).where(ExperimentMember.experiment_id == experiment.id)
    ).all()
    return _active(session, [experiment.owner_id, *members])


def gate_requested(*, session: Session, experiment: Experiment, gate: Gate, now: datetime) -> int:
    """Tell the board members a gate is open for their review (.ics attached)."""
    context = gate_context(experiment, gate)
    # The team does not review its own experiment, even when it sits on the board.
    team_ids = {user.id for user in team(session, experiment)}
    items = [
        outbox.item_for(user, "gate_requested", f"gate:{gate.id}:requested:user:{user.id}", context)
        for user in board_members(session, gate.board_id)
        if user.id not in team_ids
    ]
    return outbox.enqueue(session=session, items=items, now=now)


def gate_decided(
    *, session: Session, experiment: Experiment, gate: Gate, decision: str, now: datetime
) -> int:
    """Tell the owner and the team what the board decided."""
    context = {**gate_context(experiment, gate), "decision": decision}
    context.pop("gate")
    context["gate"] = {"id": gate.id, "kind": gate.kind}
    items = [
        outbox.item_for(user, "gate_decided", f"gate:{gate.id}:decided:user:{user.id}", context)
        for user in team(session, experiment)
    ]
    return outbox.enqueue(session=session, items=items, now=now)


def experiment_stopped(
    *, session: Session, experiment: Experiment, event: Event, now: datetime
) -> int:
    """Tell the chairs of the experiment's board that it stopped (its retrospective is due)."""
    context = {
        "title": experiment.title,
        "experiment_id": experiment.id,
        "path": experiment_path(experiment.id),
        "stop_reason": experiment.stop_reason,
    }
    chairs = board_members(session, board_id_for(session, experiment), chairs=True)
    items = [
        outbox.item_for(
            user,
            "experiment_stopped",
            f"experiment:{experiment.id}:stopped:event:{event.id}:user:{user.id}",
            context,
        )
        for user in chairs
    ]
    return outbox.enqueue(session=session, items=items, now=now)
