"""What a territory's page shows: its experiments, partners, commons, lessons and replications,
each limited to what the reader may see, in a fixed number of queries."""

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, or_
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from tracker.models import (
    Experiment,
    ExperimentPartner,
    ExperimentTerritory,
    Lesson,
    Partner,
    Territory,
    TransitionCluster,
    User,
)
from tracker.models.base import pk
from tracker.services import commons
from tracker.services import territories as territory_service
from tracker.services.permissions import visible_clause

LIMIT = 50


@dataclass
class PartnerRow:
    partner: Partner
    roles: list[str]
    experiments: int


@dataclass
class TerritoryView:
    territory: Territory
    cluster: TransitionCluster | None
    experiments: list[Experiment]
    experiment_count: int
    partners: list[PartnerRow]
    totals: list[commons.Total]
    value_eur: float
    lessons: list[Lesson]
    # (replica, its source): replicas run here of experiments from anywhere...
    received: list[tuple[Experiment, Experiment]] = field(default_factory=list)
    # ... and replicas elsewhere of experiments run here.
    sent: list[tuple[Experiment, Experiment]] = field(default_factory=list)


def _here(territory_id: int) -> Any:
    return select(ExperimentTerritory.experiment_id).where(
        ExperimentTerritory.territory_id == territory_id
    )


def view(*, session: Session, actor: User, territory_id: int) -> TerritoryView:
    territory = territory_service.get(session=session, actor=actor, territory_id=territory_id)
    here = _here(territory_id)
    visible = visible_clause(actor)
    in_territory = col(Experiment.id).in_(here)
    experiments = list(
        session.exec(
            select(Experiment)
            .where(in_territory, visible)
            .order_by(col(Experiment.last_activity_at).desc(), col(Experiment.id).desc())
            .limit(LIMIT)
        ).all()
    )
    count = session.exec(
        select(func.count()).select_from(Experiment).where(in_territory, visible)
    ).one()
    partner_rows = session.exec(
        select(Partner, ExperimentPartner.role, func.count(func.distinct(Experiment.id)))
        .join(ExperimentPartner, col(ExperimentPartner.partner_id) == Partner.id)
        .join(Experiment, col(Experiment.id) == ExperimentPartner.experiment_id)
        .where(in_territory, visible, col(ExperimentPartner.withdrawn_at).is_(None))
        .group_by(col(Partner.id), col(ExperimentPartner.role))
        .order_by(col(Partner.name), col(Partner.id), col(ExperimentPartner.role))
    ).all()
    partners: dict[int, PartnerRow] = {}
    for partner, role, experiment_count in partner_rows:
        row = partners.setdefault(pk(partner), PartnerRow(partner, [], 0))
        row.roles.append(role)
        row.experiments = max(row.experiments, experiment_count)
    totals = commons.totals(
        session=session, by="territory", visible_to=actor, territory_ids=[territory_id]
    )
    lessons = list(
        session.exec(
            select(Lesson)
            .where(
                col(Lesson.experiment_id).in_(here),
                or_(
                    col(Lesson.organisation_id) == actor.organisation_id,
                    col(Lesson.visibility) == "public",
                ),
            )
            .order_by(col(Lesson.created_at).desc(), col(Lesson.id).desc())
            .limit(LIMIT)
        ).all()
    )
    return TerritoryView(
        territory=territory,
        cluster=(
            session.get(TransitionCluster, territory.cluster_id) if territory.cluster_id else None
        ),
        experiments=experiments,
        experiment_count=count,
        partners=list(partners.values()),
        totals=totals,
        value_eur=commons.value_by_group(totals).get(territory_id, 0.0),
        lessons=lessons,
        received=_replications(session, actor, here, received=True),
        sent=_replications(session, actor, here, received=False),
    )


def _replications(
    session: Session, actor: User, here: Any, *, received: bool
) -> list[tuple[Experiment, Experiment]]:
    """(replica, source) pairs both visible to the actor; received: the replica runs here and
    the source does not; sent: the source runs here and the replica does not."""
    source: Any = aliased(Experiment)
    replica_here = col(Experiment.id).in_(here)
    source_here = source.id.in_(here)
    where = (replica_here, ~source_here) if received else (source_here, ~replica_here)
    rows = session.exec(
        select(Experiment, source)
        .join(source, source.id == col(Experiment.replicated_from_id))
        .where(*where, visible_clause(actor))
        .where(
            or_(
                source.organisation_id == actor.organisation_id,
                source.visibility == "public",
            )
        )
        .order_by(col(Experiment.created_at).desc(), col(Experiment.id).desc())
        .limit(LIMIT)
    ).all()
    return [(replica, origin) for replica, origin in rows]
