"""The commons ledger: what the public actor contributed to an experiment, and its totals.

The team adds and edits contributions (each with its own version); withdrawing one keeps it
in the ledger, out of the totals. Totals are SQL aggregates grouped by experiment, territory
or organisation, then by kind and unit (quantities of different units are never added up).
A contribution to an experiment run in two territories counts in each territory's total.
"""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal

from sqlalchemy import ColumnElement, func, or_
from sqlalchemy import select as sql_select
from sqlmodel import Session, col, select

from tracker.models import (
    CommonsContribution,
    CommonsIn,
    Event,
    Experiment,
    ExperimentTerritory,
    User,
)
from tracker.models.base import pk
from tracker.models.commons import MESSAGE_FIELDS
from tracker.services import experiments as experiment_service
from tracker.services import inventory
from tracker.services.errors import Conflict, Invalid, NotFound
from tracker.services.permissions import require_team, visible_clause
from workflows.definition import N_
from workflows.experiment import TERMINAL

STALE = N_("This contribution was changed by someone else meanwhile; reload it and try again.")
FIELDS = ("kind", "description", "quantity", "unit", "value_eur", "start", "end")
Grouping = Literal["experiment", "territory", "organisation"]


def as_input(row: CommonsContribution) -> dict[str, Any]:
    """The row in the shape of the API and the form (`start`, `end`)."""
    return {
        "kind": row.kind,
        "description": row.description,
        "quantity": row.quantity,
        "unit": row.unit,
        "value_eur": row.value_eur,
        "start": row.start_on,
        "end": row.end_on,
    }


def _validate(data: dict[str, Any]) -> CommonsIn:
    """The input model; record-wide messages are put on the field they concern."""
    try:
        return inventory.validate(CommonsIn, data)
    except Invalid as refused:
        errors: dict[str, list[str]] = {}
        for field, messages in refused.errors.items():
            for message in messages:
                errors.setdefault(MESSAGE_FIELDS.get(message, field), []).append(message)
        raise Invalid(errors=errors) from None


def _columns(fields: CommonsIn) -> dict[str, Any]:
    values = fields.model_dump()
    values["start_on"] = values.pop("start")
    values["end_on"] = values.pop("end")
    return values


def list_for(
    *, session: Session, actor: User, experiment_id: int, include_withdrawn: bool = False
) -> list[CommonsContribution]:
    """The contributions to an experiment the actor may see, in ledger order."""
    experiment = experiment_service.get(session=session, actor=actor, experiment_id=experiment_id)
    query = select(CommonsContribution).where(CommonsContribution.experiment_id == experiment.id)
    if not include_withdrawn:
        query = query.where(col(CommonsContribution.withdrawn_at).is_(None))
    return list(session.exec(query.order_by(col(CommonsContribution.id))).all())


def get(
    *, session: Session, actor: User, experiment_id: int, contribution_id: int
) -> CommonsContribution:
    experiment = experiment_service.get(session=session, actor=actor, experiment_id=experiment_id)
    row = session.get(CommonsContribution, contribution_id)
    if row is None or row.experiment_id != experiment.id:
        raise NotFound(N_("Contribution not found."))
    return row


def _team_experiment(session: Session, actor: User, experiment_id: int) -> Experiment:
    experiment = experiment_service.get(session=session, actor=actor, experiment_id=experiment_id)
    require_team(session, actor, experiment)
    if experiment.state in TERMINAL:
        raise Conflict(N_("A closed experiment can no longer be edited."))
    return experiment


def _event(
    session: Session,
    experiment: Experiment,
    actor: User,
    trigger: str,
    row: CommonsContribution,
    now: datetime,
) -> None:
    session.add(
        Event(
            experiment_id=pk(experiment),
            trigger=trigger,
            from_state=experiment.state,
            to_state=experiment.state,
            actor_id=actor.id,
            reason=row.description[:200],
            data={"contribution_id": row.id, "kind": row.kind},
            at=now,
        )
    )


def add(
    *, session: Session, actor: User, experiment_id: int, data: dict[str, Any], now: datetime
) -> CommonsContribution:
    """A new line of the ledger (the team's), with an event on the experiment."""
    experiment = _team_experiment(session, actor, experiment_id)
    fields = _validate(data)
    row = CommonsContribution(
        **_columns(fields),
        experiment_id=pk(experiment),
        created_by=actor.id,
        created_at=now,
        updated_at=now,
    )
    session.add(row)
    session.flush()
    _event(session, experiment, actor, "commons_added", row, now)
    session.commit()
    return row


def update(
    *,
    session: Session,
    actor: User,
    experiment_id: int,
    contribution_id: int,
    version: int | None,
    changes: dict[str, Any],
    now: datetime,
) -> CommonsContribution:
    """Edit a line with the version read; `withdrawn: true` takes it out of the totals."""
    experiment = _team_experiment(session, actor, experiment_id)
    row = get(
        session=session, actor=actor, experiment_id=pk(experiment), contribution_id=contribution_id
    )
    if version is None:
        raise Invalid(errors={"version": [N_("The version you saw is required.")]})
    if row.version != version:
        raise Conflict(STALE, current_version=row.version)
    changes = dict(changes)
    withdrawn = changes.pop("withdrawn", None)
    unknown = set(changes) - set(FIELDS)
    if unknown:
        raise Invalid(errors={name: [N_("Unknown field.")] for name in sorted(unknown)})
    current = as_input(row)
    values = _columns(_validate({**current, **changes}))
    trigger = None
    if withdrawn is True and row.withdrawn_at is None:
        row.withdrawn_at, trigger = now, "commons_withdrawn"
    elif withdrawn is False and row.withdrawn_at is not None:
        row.withdrawn_at, trigger = None, "commons_restored"
    changed = {k: v for k, v in values.items() if getattr(row, k) != v}
    if changed:
        trigger = trigger or "commons_changed"
        for name, value in changed.items():
            setattr(row, name, value)
    if trigger is None:
        return row
    row.version += 1
    row.updated_at = now
    _event(session, experiment, actor, trigger, row, now)
    session.commit()
    return row


# Totals -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Total:
    """One line of totals: a group (experiment, territory or organisation id), kind and unit."""

    group_id: int
    kind: str
    unit: str
    contributions: int
    quantity: float | None
    value_eur: float | None


def totals(
    *,
    session: Session,
    by: Grouping = "experiment",
    visible_to: User | None = None,
    organisation_id: int | None = None,
    experiment_ids: list[int] | None = None,
    territory_ids: list[int] | None = None,
    where: list[ColumnElement[bool]] | None = None,
    period: tuple[date | None, date | None] = (None, None),
) -> list[Total]:
    """Sums of the live contributions per group, kind and unit, in one aggregate query.

    `visible_to` keeps the experiments that user may see (None: the caller already checked,
    e.g. an instance admin's dashboard). `where` adds conditions on Experiment columns.
    `period` keeps contributions whose period overlaps it (undated ones always count).
    """
    if by not in ("experiment", "territory", "organisation"):
        raise Invalid(errors={"by": [N_("Unknown grouping.")]})
    group: Any = {
        "experiment": col(CommonsContribution.experiment_id),
        "territory": col(ExperimentTerritory.territory_id),
        "organisation": col(Experiment.organisation_id),
    }[by]
    query = (
        sql_select(
            group,
            col(CommonsContribution.kind),
            col(CommonsContribution.unit),
            func.count(col(CommonsContribution.id)),
            func.sum(col(CommonsContribution.quantity)),
            func.sum(col(CommonsContribution.value_eur)),
        )
        .join(Experiment, col(Experiment.id) == CommonsContribution.experiment_id)
        .where(col(CommonsContribution.withdrawn_at).is_(None))
    )
    if by == "territory" or territory_ids is not None:
        query = query.join(
            ExperimentTerritory,
            col(ExperimentTerritory.experiment_id) == CommonsContribution.experiment_id,
        )
    if territory_ids is not None:
        query = query.where(col(ExperimentTerritory.territory_id).in_(territory_ids))
    if visible_to is not None:
        query = query.where(visible_clause(visible_to))
    if organisation_id is not None:
        query = query.where(col(Experiment.organisation_id) == organisation_id)
    if experiment_ids is not None:
        query = query.where(col(CommonsContribution.experiment_id).in_(experiment_ids))
    for condition in where or []:
        query = query.where(condition)
    start, end = period
    if start is not None:
        query = query.where(
            or_(col(CommonsContribution.end_on).is_(None), col(CommonsContribution.end_on) >= start)
        )
    if end is not None:
        query = query.where(
            or_(
                col(CommonsContribution.start_on).is_(None),
                col(CommonsContribution.start_on) <= end,
            )
        )
    keys = (group, col(CommonsContribution.kind), col(CommonsContribution.unit))
    rows: list[Any] = list(session.execute(query.group_by(*keys).order_by(*keys)).all())
    return [
        Total(
            group_id=group_id,
            kind=kind,
            unit=unit,
            contributions=count,
            quantity=None if quantity is None else float(quantity),
            value_eur=None if value is None else float(value),
        )
        for group_id, kind, unit, count, quantity, value in rows
    ]


def value_by_group(rows: list[Total]) -> dict[int, float]:
    """The euros per group, all kinds together (contributions without a value add nothing)."""
    found: dict[int, float] = {}
    for row in rows:
        found[row.group_id] = found.get(row.group_id, 0.0) + (row.value_eur or 0.0)
    return found
