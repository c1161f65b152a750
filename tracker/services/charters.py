"""The right-to-fail charter: versions written by administrators, acknowledged at go to pilot."""

from datetime import datetime
from typing import Any

from pydantic import ValidationError
from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from tracker.models import CharterAcknowledgement, CharterFields, CharterVersion, Experiment, User
from tracker.models.base import pk
from tracker.services.errors import Conflict, Invalid
from tracker.services.permissions import require_admin
from workflows.definition import N_

ACKNOWLEDGE = N_("Acknowledge the organisation's right-to-fail charter.")


def current(*, session: Session, organisation_id: int) -> CharterVersion | None:
    """The organisation's latest charter version, or None when it has none."""
    return session.exec(
        select(CharterVersion)
        .where(CharterVersion.organisation_id == organisation_id)
        .order_by(col(CharterVersion.number).desc())
        .limit(1)
    ).first()


def history(*, session: Session, actor: User) -> list[CharterVersion]:
    """Every version of the actor's organisation's charter, newest first."""
    return list(
        session.exec(
            select(CharterVersion)
            .where(CharterVersion.organisation_id == actor.organisation_id)
            .order_by(col(CharterVersion.number).desc())
        ).all()
    )


def save(*, session: Session, actor: User, data: dict[str, Any], now: datetime) -> CharterVersion:
    """An administrator saves the charter: always a new version, the old ones stay."""
    require_admin(actor)
    try:
        fields = CharterFields.model_validate(data)
    except ValidationError as error:
        raise Invalid.from_validation(error) from None
    latest = session.exec(
        select(func.max(CharterVersion.number)).where(
            CharterVersion.organisation_id == actor.organisation_id
        )
    ).one()
    version = CharterVersion(
        **fields.model_dump(),
        organisation_id=actor.organisation_id,
        number=(latest or 0) + 1,
        author_id=pk(actor),
        created_at=now,
    )
    session.add(version)
    try:
        session.commit()
    except IntegrityError:
        # The unique (organisation, number): another administrator saved at the same time.
        session.rollback()
        raise Conflict(N_("The charter was saved by someone else meanwhile; reload it.")) from None
    return version


def missing(session: Session, experiment: Experiment, acknowledged: bool) -> dict[str, list[str]]:
    """A field error when the organisation has a charter and it was not acknowledged."""
    if acknowledged or current(session=session, organisation_id=experiment.organisation_id) is None:
        return {}
    return {"charter_acknowledged": [ACKNOWLEDGE]}


def acknowledge(
    session: Session,
    *,
    actor: User,
    experiment: Experiment,
    role: str,
    now: datetime,
    gate_id: int | None = None,
) -> CharterAcknowledgement | None:
    """Record that the actor read the current charter, in the caller's transaction.

    Nothing to record when the organisation has no charter; callers check `missing` first.
    """
    charter = current(session=session, organisation_id=experiment.organisation_id)
    if charter is None:
        return None
    row = CharterAcknowledgement(
        experiment_id=pk(experiment),
        gate_id=gate_id,
        user_id=pk(actor),
        role=role,
        charter_version_id=pk(charter),
        acknowledged_at=now,
    )
    session.add(row)
    return row


def acknowledgements(
    *, session: Session, experiment: Experiment
) -> list[tuple[CharterAcknowledgement, User, CharterVersion]]:
    """Who acknowledged which charter version on this experiment, oldest first."""
    rows = session.exec(
        select(CharterAcknowledgement, User, CharterVersion)
        .join(User, col(User.id) == CharterAcknowledgement.user_id)
        .join(CharterVersion, col(CharterVersion.id) == CharterAcknowledgement.charter_version_id)
        .where(CharterAcknowledgement.experiment_id == experiment.id)
        .order_by(col(CharterAcknowledgement.id))
    ).all()
    return [(ack, user, version) for ack, user, version in rows]
