"""A territory on the public portal: its public experiments, public lessons and commons."""

from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import Session, col, select

from tracker.models import Experiment, ExperimentTerritory, Territory, TransitionCluster
from tracker.models.lesson import Lesson
from tracker.services import commons as commons_service
from tracker.services.errors import NotFound
from tracker.services.public import public_clause
from workflows.definition import N_

LIMIT = 100


@dataclass
class TerritoryPage:
    territory: Territory
    cluster: TransitionCluster | None
    experiments: list[Experiment]
    lessons: list[Lesson]
    totals: list[commons_service.Total]
    value_eur: float


def territory_page(*, session: Session, territory_id: int) -> TerritoryPage:
    """What the portal shows of one territory of the inventory (public rows only)."""
    territory = session.get(Territory, territory_id)
    if territory is None:
        raise NotFound(N_("Territory not found."))
    here = select(ExperimentTerritory.experiment_id).where(
        ExperimentTerritory.territory_id == territory_id
    )
    experiments = list(
        session.exec(
            select(Experiment)
            .where(col(Experiment.id).in_(here), public_clause())
            .order_by(col(Experiment.last_activity_at).desc(), col(Experiment.id).desc())
            .limit(LIMIT)
        ).all()
    )
    lessons = list(
        session.exec(
            select(Lesson)
            .where(col(Lesson.experiment_id).in_(here), col(Lesson.visibility) == "public")
            .order_by(col(Lesson.created_at).desc(), col(Lesson.id).desc())
            .limit(LIMIT)
        ).all()
    )
    totals = commons_service.totals(
        session=session, by="territory", territory_ids=[territory_id], where=[public_clause()]
    )
    cluster = session.get(TransitionCluster, territory.cluster_id) if territory.cluster_id else None
    return TerritoryPage(
        territory=territory,
        cluster=cluster,
        experiments=experiments,
        lessons=lessons,
        totals=totals,
        value_eur=commons_service.value_by_group(totals).get(territory_id, 0.0),
    )


def territories_with_public_experiments(*, session: Session) -> list[tuple[Territory, int]]:
    """The territories that have public experiments, with how many, by name."""
    rows = session.exec(
        select(Territory, func.count(col(Experiment.id)))
        .join(ExperimentTerritory, col(ExperimentTerritory.territory_id) == Territory.id)
        .join(Experiment, col(Experiment.id) == ExperimentTerritory.experiment_id)
        .where(public_clause())
        .group_by(col(Territory.id))
        .order_by(col(Territory.name))
    ).all()
    return [(territory, int(count)) for territory, count in rows]
