"""Demo right-to-fail charters, and one takeover of a stopped experiment across organisations."""

from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from tracker.models import Experiment, Organisation, User
from tracker.services import charters as charter_service
from tracker.services import takeovers as takeover_service

CHARTER = {
    "acceptable_failure": (
        "Une expérimentation conduite de bonne foi, avec des critères d'arrêt fixés avant le "
        "pilote, peut ne pas atteindre ses objectifs : c'est un résultat, pas une faute."
    ),
    "non_sanction": (
        "Aucun agent n'est sanctionné, dans son évaluation ou sa carrière, pour avoir arrêté "
        "ou vu arrêter une expérimentation. Le retour d'expérience nomme des conditions, "
        "jamais des personnes."
    ),
    "duty_to_share": (
        "Chaque arrêt donne lieu à un retour d'expérience publié dans les 30 jours, et ses "
        "enseignements sont versés à la bibliothèque pour la prochaine équipe."
    ),
}


def write_charter(session: Session, people: dict[str, User], when: datetime) -> None:
    """The organisation's administrator adopts the charter before any pilot gate."""
    charter_service.save(session=session, actor=people["admin"], data=CHARTER, now=when)


def take_over(session: Session, giver: str, taker_email: str, now: datetime) -> None:
    """The giver's first public stopped experiment is offered, then taken over by the taker."""
    organisation = session.exec(select(Organisation).where(Organisation.name == giver)).one()
    taker = session.exec(select(User).where(User.email == taker_email)).one()
    source = session.exec(
        select(Experiment)
        .where(
            Experiment.organisation_id == organisation.id,
            Experiment.state == "stopped",
            Experiment.visibility == "public",
        )
        .order_by(col(Experiment.id))
    ).first()
    if source is None:
        return
    owner = session.get(User, source.owner_id)
    assert owner is not None
    offered = takeover_service.set_seeking(
        session=session,
        actor=owner,
        experiment_id=source.id,  # type: ignore[arg-type]
        seeking=True,
        version=source.version,
        now=now - timedelta(days=4),
    )
    takeover_service.take_over(
        session=session,
        actor=taker,
        experiment_id=offered.id,  # type: ignore[arg-type]
        now=now - timedelta(days=3),
    )
