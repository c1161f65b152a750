"""The legal basis of an experiment: the derogation it rests on, if any.

One per experiment, written by its team and corrected in place (versioned, each save an
event on the timeline); it is never deleted. Its expiry and evaluation report dates feed the
planner's reminders (tracker.jobs.rules_derogations).
"""

from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError, model_validator
from pydantic import Field as Input
from sqlalchemy import update
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import Session, col, select

from tracker.models import DEROGATION_KINDS, Derogation, Experiment, User
from tracker.models.base import pk
from tracker.services import gates_access
from tracker.services.errors import Conflict, Invalid, NotFound
from tracker.services.experiments import get as get_experiment
from tracker.services.permissions import require_team
from workflows.definition import N_

STALE = N_("This derogation was changed by someone else meanwhile; reload it and try again.")
NONE = N_("This experiment rests on no derogation.")

Kind = Literal[DEROGATION_KINDS]  # type: ignore[valid-type]


class DerogationFields(BaseModel):
    """A derogation as the team records it."""

    model_config = ConfigDict(extra="forbid")

    kind: Kind
    reference: str = Input(min_length=1, max_length=300)
    starts_on: date
    expires_on: date
    report_due_on: date | None = None
    notes: str = Input(default="", max_length=10_000)

    @model_validator(mode="after")
    def _dates_in_order(self) -> "DerogationFields":
        if self.expires_on < self.starts_on:
            raise ValueError("expires_on must not be before starts_on")
        if self.report_due_on is not None and self.report_due_on < self.starts_on:
            raise ValueError("report_due_on must not be before starts_on")
        return self


def of(session: Session, experiment: Experiment) -> Derogation | None:
    """The derogation of an experiment the caller already may see, if any."""
    return session.exec(select(Derogation).where(Derogation.experiment_id == experiment.id)).first()


def get(*, session: Session, actor: User, experiment_id: int) -> tuple[Experiment, Derogation]:
    """The experiment and its derogation, as visible as the experiment (NotFound if none)."""
    experiment = get_experiment(session=session, actor=actor, experiment_id=experiment_id)
    derogation = of(session, experiment)
    if derogation is None:
        raise NotFound(NONE)
    return experiment, derogation


def _validate(data: dict[str, Any]) -> DerogationFields:
    try:
        return DerogationFields.model_validate(data)
    except ValidationError as error:
        raise Invalid.from_validation(error) from None


def save(
    *,
    session: Session,
    actor: User,
    experiment_id: int,
    version: int | None,
    data: dict[str, Any],
    now: datetime,
) -> Derogation:
    """Record (no version) or correct (the version read) the derogation; the team only."""
    experiment = get_experiment(session=session, actor=actor, experiment_id=experiment_id)
    require_team(session, actor, experiment)
    fields = _validate(data)
    values = {**fields.model_dump(), "reference": fields.reference.strip()}
    derogation = of(session, experiment)
    if derogation is None:
        if version is not None:
            raise Conflict(STALE, current_version=None)
        derogation = Derogation(
            experiment_id=pk(experiment),
            **values,
            created_at=now,
            updated_at=now,
            updated_by=pk(actor),
        )
        session.add(derogation)
        session.flush()
    else:
        if version is None:
            raise Invalid(errors={"version": [N_("The version you saw is required.")]})
        if derogation.version != version:
            raise Conflict(STALE, current_version=derogation.version)
        result = session.execute(
            update(Derogation)
            .where(col(Derogation.id) == derogation.id, col(Derogation.version) == version)
            .values(version=version + 1, updated_at=now, updated_by=pk(actor), **values)
            .execution_options(synchronize_session=False)
        )
        if result.rowcount != 1:  # type: ignore[attr-defined]
            session.rollback()
            raise Conflict(STALE)
        written = {**values, "version": version + 1, "updated_at": now, "updated_by": pk(actor)}
        for key, value in written.items():
            set_committed_value(derogation, key, value)
    gates_access.record(
        session,
        experiment,
        actor,
        "derogation_recorded",
        {"kind": derogation.kind, "expires_on": derogation.expires_on.isoformat()},
        now,
    )
    gates_access.touch(session, experiment, now)
    session.commit()
    return derogation
