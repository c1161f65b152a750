"""Steps for routes to scale, replication and derogations (through the real services)."""

from datetime import timedelta
from typing import Any

from sqlmodel import Session

from tests.conftest import NOW
from tests.gate_steps import DECISION_REQUEST, Cast, in_evaluation, request, reviewed
from tracker.models import Experiment, User
from tracker.services import derogations as derogation_service
from tracker.services import replication as replication_service
from tracker.services import transitions as transition_service

SCALED_AT = NOW + timedelta(days=120)
DEROGATION: dict[str, Any] = {
    "kind": "france_experimentation",
    "reference": "Arrêté du 3 mars 2026, dossier FE-2026-042",
    "starts_on": "2026-03-01",
    "expires_on": "2027-06-30",
    "report_due_on": "2027-03-31",
    "notes": "Dérogation au délai d'instruction.",
}


def in_scaling(session: Session, cast: Cast) -> Experiment:
    """Through both gates: the board decided scale (route: replication)."""
    experiment = in_evaluation(session, cast)
    gate = request(session, cast.owner, experiment, "decision", DECISION_REQUEST)
    reviewed(session, cast, gate, "scale")
    session.refresh(experiment)
    return experiment


def complete(session: Session, chair: User, experiment: Experiment, report: str | None) -> Any:
    """The chair fires complete_scaling with the report given."""
    return transition_service.fire(
        session=session,
        actor=chair,
        experiment_id=experiment.id,
        trigger="complete_scaling",
        version=experiment.version,
        params={"scaling_report": report},
        now=SCALED_AT,
    )


def replicate(session: Session, actor: User, source: Experiment, **data: Any) -> Experiment:
    """The actor replicates `source` into their organisation."""
    return replication_service.replicate(
        session=session, actor=actor, experiment_id=source.id, data=data, now=NOW
    )


def record_derogation(session: Session, actor: User, experiment: Experiment, **data: Any) -> Any:
    """The team records the derogation the experiment rests on."""
    return derogation_service.save(
        session=session,
        actor=actor,
        experiment_id=experiment.id,
        version=None,
        data={**DEROGATION, **data},
        now=NOW,
    )
