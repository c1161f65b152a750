"""The charter acknowledgements of a page of experiments, in one query (API serializers)."""

from collections.abc import Sequence

from sqlmodel import Session, col, select

from tracker.models import CharterAcknowledgement, CharterVersion, User

Acknowledgement = tuple[CharterAcknowledgement, User, CharterVersion]


def of_experiments(session: Session, ids: Sequence[int]) -> dict[int, list[Acknowledgement]]:
    """Who acknowledged which charter version on each experiment, oldest first."""
    if not ids:
        return {}
    rows = session.exec(
        select(CharterAcknowledgement, User, CharterVersion)
        .join(User, col(User.id) == CharterAcknowledgement.user_id)
        .join(CharterVersion, col(CharterVersion.id) == CharterAcknowledgement.charter_version_id)
        .where(col(CharterAcknowledgement.experiment_id).in_(ids))
        .order_by(col(CharterAcknowledgement.id))
    ).all()
    found: dict[int, list[Acknowledgement]] = {}
    for ack, user, version in rows:
        found.setdefault(ack.experiment_id, []).append((ack, user, version))
    return found
