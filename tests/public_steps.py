"""A landscape for the public portal and exports: what is public, and what must never leak."""

from dataclasses import dataclass

from sqlmodel import Session

from tests import gate_steps, retro_steps
from tests.conftest import NOW
from tests.factories import World
from tracker.models import Experiment
from tracker.models.commons import CommonsContribution
from tracker.models.lesson import Lesson

SECRET = "Secret interne"  # every internal text carries it: a test greps pages for it


@dataclass
class Landscape:
    piloted: Experiment  # public, through the pilot gate (go), with commons
    stopped: Experiment  # public, stopped, retrospective published
    internal: Experiment  # internal, through the pilot gate: nothing of it is public
    public_lesson: Lesson
    internal_lesson: Lesson


def in_pilot(session: Session, cast: gate_steps.Cast, rationale: str, **fields) -> Experiment:
    """A new experiment through the pilot gate (go, with this rationale)."""
    experiment = gate_steps.in_prototype(session, cast, **fields)
    gate = gate_steps.request(session, cast.owner, experiment, "pilot", gate_steps.PILOT_REQUEST)
    gate_steps.reviewed(session, cast, gate, "go", rationale=rationale)
    return experiment


def build(session: Session, world: World) -> Landscape:
    """Experiments of organisation A: two public ones, one internal, lessons of each kind."""
    cast = gate_steps.build_cast(session, world)
    piloted = in_pilot(
        session, cast, "Critères clairs, public prêt.", visibility="public", territory="Lozère"
    )
    internal = in_pilot(
        session,
        cast,
        f"{SECRET} : motif",
        visibility="internal",
        title=f"{SECRET} : expérience",
        territory="Lozère",
    )
    stopped = gate_steps.in_prototype(
        session, cast, visibility="public", title="Cantine partagée", territory="Gironde"
    )
    retro_steps.submitted(session, cast.owner, stopped)
    retro_steps.fire(session, cast.chair, stopped, "publish")
    public_lesson = Lesson(
        experiment_id=stopped.id,
        organisation_id=world.org_a.id,
        kind="retrospective",
        title="Tester les horaires d'abord",
        body="Les usagers en emploi ne viennent pas en journée.",
        outcome="stop",
        stop_reason="no_impact",
        cause_tags=["timing"],
        territory="Gironde",
        visibility="public",
        created_at=NOW,
    )
    internal_lesson = Lesson(
        experiment_id=internal.id,
        organisation_id=world.org_a.id,
        kind="adapt",
        title=f"{SECRET} : leçon",
        body=SECRET,
        outcome="adapt",
        territory="Lozère",
        visibility="internal",
        created_at=NOW,
    )
    session.add_all(
        [
            public_lesson,
            internal_lesson,
            CommonsContribution(
                experiment_id=piloted.id,
                kind="premises",
                description="Salle du conseil, deux jours par semaine",
                quantity=2,
                unit="jours/semaine",
                value_eur=12000.0,
            ),
            CommonsContribution(
                experiment_id=internal.id, kind="data", description=SECRET, value_eur=5.0
            ),
            CommonsContribution(
                experiment_id=piloted.id,
                kind="data",
                description="Ligne retirée",
                value_eur=1.0,
                withdrawn_at=NOW,
            ),
        ]
    )
    session.commit()
    session.expire_all()
    return Landscape(piloted, stopped, internal, public_lesson, internal_lesson)
