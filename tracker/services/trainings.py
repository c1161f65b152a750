"""Agents' trainings: admins record them for their colleagues; each agent reads their own."""

from datetime import datetime
from typing import Any

from pydantic import ValidationError
from sqlmodel import Session, col, select

from tracker.models import Training, TrainingCreate, User
from tracker.models.base import pk
from tracker.services.errors import Invalid, NotFound
from tracker.services.permissions import require_admin
from workflows.definition import N_


def _subject(session: Session, actor: User, user_id: int, *, reading: bool) -> User:
    """The user whose trainings are asked for, if the actor may see (or record) them."""
    if reading and actor.active and actor.id == user_id:
        return actor
    require_admin(actor)
    user = session.get(User, user_id)
    if user is None or user.organisation_id != actor.organisation_id:
        raise NotFound(N_("User not found."))
    return user


def list_for(*, session: Session, actor: User, user_id: int) -> list[Training]:
    """The trainings of a user, most recent first (the user, or an admin of their organisation)."""
    user = _subject(session, actor, user_id, reading=True)
    return list(
        session.exec(
            select(Training)
            .where(Training.user_id == pk(user))
            .order_by(col(Training.followed_on).desc(), col(Training.id).desc())
        ).all()
    )


def record(
    *, session: Session, actor: User, user_id: int, data: dict[str, Any], now: datetime
) -> Training:
    """An admin records a training a colleague followed (committed; never deleted)."""
    user = _subject(session, actor, user_id, reading=False)
    try:
        fields = TrainingCreate.model_validate(data)
    except ValidationError as error:
        raise Invalid.from_validation(error) from None
    if fields.followed_on > now.date():
        raise Invalid(errors={"followed_on": [N_("A training is recorded once it was followed.")]})
    training = Training(
        user_id=pk(user),
        kind=fields.kind,
        followed_on=fields.followed_on,
        provider=fields.provider,
        recorded_by=pk(actor),
        recorded_at=now,
    )
    session.add(training)
    session.commit()
    return training
