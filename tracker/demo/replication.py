"""Demo essaimage and legal bases: two replication chains, a scaling plan, derogations.

Chain 1 crosses organisations and goes four levels deep: Gironde's public APA experiment is
replicated by Lozère (made public), again within Lozère (kept internal, so Gironde sees it
redacted) and once more; Gironde replicates it in the Médoc too. Chain 2 stays in Lozère:
the scaled France Services bus is replicated in the Cévennes.
"""

from datetime import datetime, timedelta
from typing import Any

from sqlmodel import Session, select

from tracker.models import Experiment, User
from tracker.services import derogations as derogation_service
from tracker.services import experiments as experiment_service
from tracker.services import replication as replication_service
from tracker.services import scaling as scaling_service

APA = "APA instruite en quinze jours grâce à une visite unique"
BUS = "Bus France Services itinérant sur l'Aubrac"
VISIO = "Pré-rendez-vous en visio pour les titres de séjour"
# (source title, who replicates, title, territory, made public, hours ago): the last days of
# the demo, after every other step on the sources, so each timeline stays in order.
CHAINS: tuple[tuple[str, str, str, str, bool, int], ...] = (
    (APA, "agent@lozere.demo.example", "APA en quinze jours, version lozérienne", "Mende",
     True, 40),
    ("APA en quinze jours, version lozérienne", "agent2@lozere.demo.example",
     "APA en visite unique sur l'Aubrac", "Aubrac", False, 38),
    ("APA en visite unique sur l'Aubrac", "agent@lozere.demo.example",
     "APA en visite unique en Margeride", "Margeride", False, 36),
    (APA, "agent2@gironde.demo.example", "APA en quinze jours dans le Médoc", "Médoc", True, 34),
    (BUS, "agent@lozere.demo.example", "Bus France Services itinérant dans les Cévennes",
     "Cévennes", False, 32),
)  # fmt: skip
REPLICAS = len(CHAINS)


def _experiment(session: Session, title: str) -> Experiment:
    return session.exec(select(Experiment).where(Experiment.title == title)).one()


def _user(session: Session, email: str) -> User:
    return session.exec(select(User).where(User.email == email)).one()


def _owner(session: Session, experiment: Experiment) -> User:
    owner = session.get(User, experiment.owner_id)
    assert owner is not None
    return owner


def _replicate(session: Session, row: tuple[str, str, str, str, bool, int], now: datetime) -> None:
    source_title, email, title, territory, public, hours = row
    actor = _user(session, email)
    at = now - timedelta(hours=hours)
    replica = replication_service.replicate(
        session=session,
        actor=actor,
        experiment_id=_experiment(session, source_title).id or 0,
        data={"title": title, "territory": territory},
        now=at,
    )
    if public:
        experiment_service.update(
            session=session, actor=actor, experiment_id=replica.id or 0,
            version=replica.version, changes={"visibility": "public"}, now=at,
        )  # fmt: skip


def _plan(session: Session, now: datetime) -> None:
    apa = _experiment(session, APA)
    today = now.date()
    milestones: list[dict[str, Any]] = [
        {"title": "Vote du budget 2027 : deux évaluateurs de plus",
         "due_on": today - timedelta(days=10), "done": True},
        {"title": "Formation des évaluateurs des neuf maisons du Département",
         "due_on": today + timedelta(days=45), "done": False},
        {"title": "Visite unique ouverte dans les neuf maisons",
         "due_on": today + timedelta(days=200), "done": False},
    ]  # fmt: skip
    _e, plan, _rows = scaling_service.get(
        session=session, actor=_owner(session, apa), experiment_id=apa.id or 0
    )
    scaling_service.save(
        session=session, actor=_owner(session, apa), experiment_id=apa.id or 0,
        version=plan.version,
        data={"carrier": "Direction de l'autonomie du Département de la Gironde",
              "milestones": milestones},
        now=now - timedelta(hours=30),
    )  # fmt: skip


def _derogations(session: Session, now: datetime) -> None:
    today = now.date()
    records = (
        (APA, {"kind": "france_experimentation", "reference": "France Expérimentation, "
               "dossier FE-2026-118 (délai d'instruction de l'APA)",
               "starts_on": today - timedelta(days=190), "expires_on": today + timedelta(days=75),
               "report_due_on": today + timedelta(days=160)}),
        (VISIO, {"kind": "prefect", "reference": "Décret n° 2020-412 du 8 avril 2020, arrêté "
                 "préfectoral du 2 février 2026", "starts_on": today - timedelta(days=120),
                 "expires_on": today + timedelta(days=600),
                 "report_due_on": today + timedelta(days=25)}),
        (BUS, {"kind": "constitution_72", "reference": "Délibération du conseil départemental "
               "et décret d'expérimentation du 12 mars 2026",
               "starts_on": today - timedelta(days=260), "expires_on": today + timedelta(days=900),
               "notes": "Dérogation aux horaires d'ouverture des maisons France Services."}),
    )  # fmt: skip
    for title, data in records:
        experiment = _experiment(session, title)
        derogation_service.save(
            session=session, actor=_owner(session, experiment), experiment_id=experiment.id or 0,
            version=None, data=data, now=now - timedelta(hours=28),
        )  # fmt: skip


def build(session: Session, now: datetime) -> None:
    """The replication chains, Gironde's scaling plan and three derogations."""
    for row in CHAINS:
        _replicate(session, row, now)
    _plan(session, now)
    _derogations(session, now)
