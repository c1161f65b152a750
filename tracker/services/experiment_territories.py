"""An experiment's territories: picked from the inventory (`territory_ids`) or named (`territory`).

`experiments.territory` stays as the label of the linked territories (their names), so lists,
exports and older clients keep reading one string; the links are the truth.
"""

from datetime import datetime
from typing import Any

from sqlalchemy import delete
from sqlmodel import Session, col, select

from tracker.models import Experiment, ExperimentTerritory, Territory
from tracker.models.base import pk
from tracker.services import territories as territory_service
from tracker.services.errors import Invalid
from workflows.definition import N_


def linked_ids(session: Session, experiment: Experiment) -> list[int]:
    if experiment.id is None:
        return []
    return sorted(
        session.exec(
            select(ExperimentTerritory.territory_id).where(
                ExperimentTerritory.experiment_id == experiment.id
            )
        ).all()
    )


def resolve(
    session: Session,
    given: dict[str, Any],
    current_ids: list[int],
    now: datetime,
) -> list[Territory] | None:
    """The territories `given` asks for, or None when it names none (no change).

    `territory_ids` picks from the inventory (archived entries only if already linked);
    `territory` names one, matched by name or code or added. Both together: the union.
    `territory` alone replaces the links; an empty one clears them.
    """
    has_ids = given.get("territory_ids") is not None
    has_text = given.get("territory") is not None
    if not has_ids and not has_text:
        return None
    wanted: dict[int, Territory] = {}
    if has_ids:
        ids = {int(i) for i in given["territory_ids"]}
        rows = (
            session.exec(select(Territory).where(col(Territory.id).in_(ids))).all() if ids else []
        )
        found = {pk(t): t for t in rows if t.archived_at is None or pk(t) in current_ids}
        missing = ids - set(found)
        if missing:
            raise Invalid(errors={"territory_ids": [N_("Unknown territory.")]})
        wanted.update(found)
    if has_text:
        named = territory_service.match_or_add(session, str(given["territory"]), now)
        if named is not None:
            wanted[pk(named)] = named
    return sorted(wanted.values(), key=lambda t: (t.name, pk(t)))


def set_links(session: Session, experiment: Experiment, territories: list[Territory]) -> None:
    """Make the experiment's links exactly these territories (links are not history:
    the experiment's update event names the change)."""
    current = set(linked_ids(session, experiment))
    wanted = {pk(t) for t in territories}
    if current - wanted:
        session.execute(
            delete(ExperimentTerritory).where(
                col(ExperimentTerritory.experiment_id) == experiment.id,
                col(ExperimentTerritory.territory_id).in_(current - wanted),
            )
        )
    for territory_id in sorted(wanted - current):
        session.add(ExperimentTerritory(experiment_id=pk(experiment), territory_id=territory_id))
