"""Steps that stop experiments and move their retrospectives (retrospective tests)."""

from datetime import date, timedelta
from typing import Any

from sqlmodel import Session, select

from tests.conftest import NOW
from tracker.models import Experiment, Retrospective, User
from tracker.services import retrospectives as retrospective_service
from tracker.services import transitions as transition_service

FILLED: dict[str, Any] = {
    "what_we_tried": "Un guichet unique pour les demandeurs du RSA.",
    "what_happened": "Peu d'usagers sont venus.",
    "why": "Horaires inadaptés aux personnes en emploi.",
    "cause_tags": ["timing", "user_adoption"],
    "what_we_learned": "Tester les horaires avec les usagers d'abord.",
}
DUE_ON: date = NOW.date() + timedelta(days=30)


def stop(session: Session, actor: User, experiment: Experiment) -> Experiment:
    """The team stops the experiment from wherever it stands."""
    return transition_service.fire(
        session=session,
        actor=actor,
        experiment_id=experiment.id,
        trigger="stop",
        version=experiment.version,
        params={"stop_reason": "no_impact", "explanation": "Aucun effet mesuré."},
        now=NOW,
    )


def retrospectives_of(session: Session, experiment: Experiment) -> list[Retrospective]:
    """Every retrospective row of the experiment (exactly one is expected)."""
    session.expire_all()
    return list(
        session.exec(select(Retrospective).where(Retrospective.experiment_id == experiment.id))
    )


def save(session: Session, actor: User, experiment: Experiment, version: int, **data: Any):
    """A team save of the retrospective."""
    return retrospective_service.save(
        session=session,
        actor=actor,
        experiment_id=experiment.id,
        version=version,
        data=data,
        now=NOW,
    )


def fire(session: Session, actor: User, experiment: Experiment, trigger: str):
    """Fire a retrospective trigger without a version."""
    return retrospective_service.fire(
        session=session,
        actor=actor,
        experiment_id=experiment.id,
        trigger=trigger,
        version=None,
        now=NOW,
    )


def submitted(session: Session, owner: User, experiment: Experiment) -> Retrospective:
    """Stop, fill the template and submit."""
    stop(session, owner, experiment)
    save(session, owner, experiment, 1, **FILLED)
    return fire(session, owner, experiment, "submit")
