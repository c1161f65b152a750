"""The demo's territorial ecosystem: a dozen territories in two transition clusters, partners
with their roles, and the commons each public actor contributed (issue 6).

Built through the services once both demo organisations exist. The territories the demo
experiments named are completed (level, official code, cluster); a few are added.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from tracker.models import Event, Experiment, Organisation, User
from tracker.models.base import pk
from tracker.services import commons as commons_service
from tracker.services import partners as partner_service
from tracker.services import territories as territory_service
from workflows.experiment import TERMINAL

CLUSTERS = {
    "massif": (
        "Transition rurale du Massif central",
        "Services publics de proximité et agriculture de montagne en Lozère.",
    ),
    "estuaire": (
        "Transition sociale de l'estuaire girondin",
        "Solidarités et services aux familles de l'estuaire à Bordeaux Métropole.",
    ),
}
# name, level, INSEE or SIREN code, cluster
TERRITORIES = (
    ("Occitanie", "region", "76", None),
    ("Lozère", "department", "48", "massif"),
    ("Mende", "commune", "48095", "massif"),
    ("Marvejols", "commune", "48092", "massif"),
    ("Langogne", "commune", "48080", "massif"),
    ("Florac-Trois-Rivières", "commune", "48061", "massif"),
    ("Saint-Chély-d'Apcher", "commune", "48140", "massif"),
    ("Nouvelle-Aquitaine", "region", "75", None),
    ("Gironde", "department", "33", "estuaire"),
    ("Bordeaux Métropole", "intercommunality", "243300316", "estuaire"),
    ("Libourne", "commune", "33243", "estuaire"),
    ("Blaye", "commune", "33058", "estuaire"),
    ("Langon", "commune", "33227", "estuaire"),
)


@dataclass(frozen=True)
class PartnerSpec:
    name: str
    kind: str
    organisation: str  # the demo organisation that records it (first word of its name)
    description: str
    roles: tuple[tuple[int, str], ...]  # (rank of the organisation's open experiment, role)


PARTNERS = (
    PartnerSpec("Familles rurales de Lozère", "association", "Préfecture",
                "Fédération d'associations familiales du département.",
                ((0, "user_representative"), (2, "user_representative"))),
    PartnerSpec("Coopérative fromagère de l'Aubrac", "company", "Préfecture",
                "Coopérative agricole, relais des éleveurs du plateau.",
                ((1, "host"), (3, "large_economic_actor"))),
    PartnerSpec("Parc national des Cévennes", "public_body", "Préfecture",
                "Établissement public du parc.", ((2, "funder"), (4, "host"))),
    PartnerSpec("Laboratoire d'économie rurale de Montpellier", "research_team", "Préfecture",
                "Équipe de recherche en évaluation des politiques rurales.",
                ((0, "evaluator"), (3, "evaluator"))),
    PartnerSpec("Caisse d'allocations familiales de la Gironde", "public_body", "Département",
                "Co-financeur des actions d'accès aux droits.", ((0, "funder"), (1, "funder"))),
    PartnerSpec("Collectif des aidants du Libournais", "citizen_collective", "Département",
                "Aidants bénévoles du Libournais.", ((2, "user_representative"),)),
    PartnerSpec("Entreprise d'insertion Estuaire Services", "company", "Département",
                "Structure d'insertion par l'activité économique.",
                ((1, "operator"), (3, "operator"))),
    PartnerSpec("Chaire d'évaluation de l'Université de Bordeaux", "research_team", "Département",
                "Évaluations randomisées et qualitatives.", ((0, "evaluator"), (2, "evaluator"))),
)  # fmt: skip

# (rank of the organisation's open experiment, the contribution)
COMMONS: dict[str, tuple[tuple[int, dict[str, Any]], ...]] = {
    "Préfecture": (
        (0, {"kind": "premises", "description": "Bureau à la maison France Services de Mende",
             "quantity": 2, "unit": "jours par semaine", "value_eur": 3600}),
        (0, {"kind": "staff_time", "description": "Agent d'accueil formé aux démarches",
             "quantity": 40, "unit": "jours", "value_eur": 9200}),
        (1, {"kind": "funding", "description": "Crédits du fonds d'innovation",
             "value_eur": 25000}),
        (2, {"kind": "data", "description": "Données ouvertes des horaires des services publics",
             "quantity": 1, "unit": "jeu de données"}),
        (3, {"kind": "training", "description": "Formation au prototypage des agents",
             "quantity": 3, "unit": "jours", "value_eur": 2400}),
    ),
    "Département": (
        (0, {"kind": "procurement", "description": "Marché d'expérimentation avec clause d'essai",
             "value_eur": 40000}),
        (0, {"kind": "staff_time", "description": "Travailleurs sociaux détachés",
             "quantity": 120, "unit": "jours", "value_eur": 30000}),
        (1, {"kind": "premises", "description": "Salle de la maison du Département à Libourne",
             "quantity": 6, "unit": "mois"}),
        (2, {"kind": "funding", "description": "Subvention d'amorçage", "value_eur": 15000}),
        (3, {"kind": "data", "description": "Tableau de bord anonymisé des délais d'instruction",
             "quantity": 1, "unit": "jeu de données"}),
    ),
}  # fmt: skip


class _Clock:
    """Each step one minute after the experiment's last event (its timeline stays in order)."""

    def __init__(self, session: Session, now: datetime) -> None:
        self.session, self.now = session, now

    def after_last(self, experiment: Experiment) -> datetime:
        last = self.session.exec(
            select(func.max(Event.at)).where(Event.experiment_id == experiment.id)
        ).one()
        at = (last or self.now - timedelta(days=1)) + timedelta(minutes=1)
        return min(at, self.now - timedelta(seconds=1))


def _organisation(session: Session, prefix: str) -> Organisation:
    return session.exec(select(Organisation).where(col(Organisation.name).startswith(prefix))).one()


def _admin(session: Session, organisation: Organisation) -> User:
    return session.exec(
        select(User).where(User.organisation_id == organisation.id, User.role == "admin")
    ).first()  # type: ignore[return-value]


def _open_experiments(session: Session, organisation: Organisation) -> list[Experiment]:
    return list(
        session.exec(
            select(Experiment)
            .where(
                Experiment.organisation_id == organisation.id,
                col(Experiment.state).not_in(TERMINAL),
            )
            .order_by(col(Experiment.created_at), col(Experiment.id))
        ).all()
    )


def _territories(session: Session, admin: User, now: datetime) -> None:
    clusters = {
        key: territory_service.create_cluster(
            session=session, actor=admin, name=name, description=text, now=now
        )
        for key, (name, text) in CLUSTERS.items()
    }
    for name, level, code, cluster in TERRITORIES:
        found = territory_service.match_or_add(session, name, now)
        assert found is not None
        territory_service.update(
            session=session,
            actor=admin,
            territory_id=pk(found),
            version=found.version,
            changes={
                "level": level,
                "code": code,
                "cluster_id": clusters[cluster].id if cluster else None,
            },
            now=now,
        )


def build(session: Session, now: datetime) -> None:
    """Territories completed, partners recorded and linked, commons on open experiments."""
    clock = _Clock(session, now)
    prefecture = _organisation(session, "Préfecture")
    _territories(session, _admin(session, prefecture), now - timedelta(days=30))
    open_by_org: dict[str, list[Experiment]] = {}
    for prefix in ("Préfecture", "Département"):
        open_by_org[prefix] = _open_experiments(session, _organisation(session, prefix))
    for spec in PARTNERS:
        experiments = open_by_org[spec.organisation]
        if not experiments:
            continue
        recorder = session.get(User, experiments[0].owner_id)
        assert recorder is not None
        partner = partner_service.create(
            session=session,
            actor=recorder,
            data={"name": spec.name, "kind": spec.kind, "description": spec.description},
            now=now - timedelta(days=20),
        )
        for rank, role in spec.roles:
            if rank < len(experiments):
                experiment = experiments[rank]
                partner_service.link(
                    session=session,
                    actor=session.get(User, experiment.owner_id),  # type: ignore[arg-type]
                    experiment_id=pk(experiment),
                    partner_id=pk(partner),
                    role=role,
                    now=clock.after_last(experiment),
                )
    for prefix, lines in COMMONS.items():
        experiments = open_by_org[prefix]
        for rank, data in lines:
            if rank < len(experiments):
                experiment = experiments[rank]
                at = clock.after_last(experiment)
                commons_service.add(
                    session=session,
                    actor=session.get(User, experiment.owner_id),  # type: ignore[arg-type]
                    experiment_id=pk(experiment),
                    data={**data, "start": (at - timedelta(days=90)).date(), "end": _end(at)},
                    now=at,
                )


def _end(at: datetime) -> date:
    return (at + timedelta(days=90)).date()
