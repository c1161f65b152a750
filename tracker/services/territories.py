"""The territory inventory: shared by every organisation of the instance, curated by admins.

Territories are geographic facts (INSEE/SIREN codes are national), so one inventory serves
every organisation: any signed-in user reads it, admins create, edit and archive entries, and
an experiment naming a territory the inventory lacks adds it (level unknown, for an admin to
complete). Nothing an experiment references is deleted: archiving hides a territory from the
pickers and records an event on each experiment linked to it.
"""

from datetime import datetime
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from tracker.models import (
    ExperimentTerritory,
    Territory,
    TerritoryIn,
    TransitionCluster,
    User,
)
from tracker.models.base import pk
from tracker.services import inventory
from tracker.services.errors import Invalid
from tracker.services.permissions import require_admin
from workflows.definition import N_

NOT_FOUND = N_("Territory not found.")
CODE_TAKEN = N_("Another territory already has this code.")
STALE = N_("This territory was changed by someone else meanwhile; reload it and try again.")


def list_(
    *,
    session: Session,
    actor: User,
    q: str | None = None,
    level: str | None = None,
    cluster_id: int | None = None,
    include_archived: bool = False,
    limit: int = 50,
    cursor: str | None = None,
) -> inventory.NamePage[Territory]:
    """The inventory by name; `q` matches a part of the name or the exact code."""
    inventory.require_active(actor)
    query = select(Territory)
    if not include_archived:
        query = query.where(col(Territory.archived_at).is_(None))
    if level:
        query = query.where(Territory.level == level)
    if cluster_id is not None:
        query = query.where(Territory.cluster_id == cluster_id)
    if q and q.strip():
        query = query.where(
            col(Territory.name).ilike(inventory.like_pattern(q), escape="\\")
            | (col(Territory.code) == q.strip().upper())
        )
    return inventory.name_page(session, query, Territory, limit, cursor)


def choices(session: Session) -> list[Territory]:
    """Every territory not archived, by name (the pickers of the forms)."""
    return inventory.live_by_name(session, Territory)


def get(*, session: Session, actor: User, territory_id: int) -> Territory:
    """A territory, archived or not, for any active account."""
    return inventory.get_row(session, actor, Territory, territory_id, NOT_FOUND)


def _check_cluster(session: Session, cluster_id: int | None) -> None:
    if cluster_id is not None and session.get(TransitionCluster, cluster_id) is None:
        raise Invalid(errors={"cluster_id": [N_("Unknown transition cluster.")]})


def create(*, session: Session, actor: User, data: dict[str, Any], now: datetime) -> Territory:
    """A new entry of the inventory (admins)."""
    require_admin(actor)
    fields = inventory.validate(TerritoryIn, data)
    _check_cluster(session, fields.cluster_id)
    territory = Territory(**fields.model_dump(), created_at=now, updated_at=now)
    session.add(territory)
    inventory.flush_unique(session, "code", CODE_TAKEN)
    session.commit()
    return territory


def update(
    *,
    session: Session,
    actor: User,
    territory_id: int,
    version: int | None,
    changes: dict[str, Any],
    now: datetime,
) -> Territory:
    """Edit name, level, code or cluster (admins), with the version read."""
    require_admin(actor)
    territory = get(session=session, actor=actor, territory_id=territory_id)
    former = inventory.update_row(
        territory,
        TerritoryIn,
        version=version,
        changes=changes,
        stale=STALE,
        now=now,
        check=lambda fields: _check_cluster(session, fields.cluster_id),
    )
    if former is None:
        return territory
    inventory.flush_unique(session, "code", CODE_TAKEN)
    if territory.name != former["name"]:
        refresh_labels(session, [pk(territory)])
    session.commit()
    return territory


def set_archived(
    *, session: Session, actor: User, territory_id: int, archived: bool, now: datetime
) -> Territory:
    """Archive (hide from pickers, keep every link) or restore; an event on each experiment."""
    require_admin(actor)
    territory = get(session=session, actor=actor, territory_id=territory_id)
    inventory.set_archived(
        session,
        territory,
        archived=archived,
        linked=select(ExperimentTerritory.experiment_id).where(
            ExperimentTerritory.territory_id == territory.id
        ),
        trigger="territory_archived" if archived else "territory_restored",
        data={"territory_id": territory.id},
        actor=actor,
        now=now,
    )
    return territory


def match_or_add(session: Session, text: str, now: datetime) -> Territory | None:
    """The territory named (any case) or coded `text`; added to the inventory when missing."""
    name = " ".join(text.split())
    if not name:
        return None
    found = session.exec(
        select(Territory)
        .where(
            (col(Territory.code) == name.upper())
            | (func.lower(col(Territory.name)) == name.lower())
        )
        # The code first, then a live entry before an archived one, then the oldest.
        .order_by(
            (col(Territory.code) == name.upper()).desc(),
            col(Territory.archived_at).is_not(None),
            col(Territory.id),
        )
    ).first()
    if found is not None:
        return found
    territory = Territory(name=name[:200], created_at=now, updated_at=now)
    session.add(territory)
    session.flush()
    return territory


def of_experiments(session: Session, experiment_ids: list[int]) -> dict[int, list[Territory]]:
    """The territories of each experiment, by name (one query for a page)."""
    found: dict[int, list[Territory]] = {i: [] for i in experiment_ids}
    if not experiment_ids:
        return found
    rows = session.exec(
        select(ExperimentTerritory.experiment_id, Territory)
        .join(Territory, col(Territory.id) == ExperimentTerritory.territory_id)
        .where(col(ExperimentTerritory.experiment_id).in_(experiment_ids))
        .order_by(col(Territory.name), col(Territory.id))
    ).all()
    for experiment_id, territory in rows:
        found[experiment_id].append(territory)
    return found


def label(territories: list[Territory]) -> str:
    """The experiment's territory label kept in `experiments.territory` (names, by name)."""
    return ", ".join(t.name for t in sorted(territories, key=lambda t: (t.name, t.id or 0)))[:200]


def refresh_labels(session: Session, territory_ids: list[int]) -> None:
    """After a rename, the label of every experiment linked to these territories."""
    from tracker.models import Experiment

    linked = select(ExperimentTerritory.experiment_id).where(
        col(ExperimentTerritory.territory_id).in_(territory_ids)
    )
    experiments = list(session.exec(select(Experiment).where(col(Experiment.id).in_(linked))))
    territories = of_experiments(session, [pk(e) for e in experiments])
    for experiment in experiments:
        experiment.territory = label(territories[pk(experiment)])


def clusters(session: Session) -> list[TransitionCluster]:
    return list(session.exec(select(TransitionCluster).order_by(col(TransitionCluster.name))))


def create_cluster(
    *, session: Session, actor: User, name: str, description: str = "", now: datetime
) -> TransitionCluster:
    """A new transition cluster (admins); names are unique."""
    require_admin(actor)
    name = " ".join(name.split())
    if not name or len(name) > 200:
        raise Invalid(errors={"name": [N_("The name is required (200 characters at most).")]})
    cluster = TransitionCluster(name=name, description=description.strip(), created_at=now)
    session.add(cluster)
    inventory.flush_unique(session, "name", N_("A cluster of this name already exists."))
    session.commit()
    return cluster
