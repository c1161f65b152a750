"""Optimistic concurrency: every change to an experiment row goes through `write`."""

from datetime import datetime
from typing import Any

from sqlalchemy import update
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import Session, col

from tracker.models import Experiment
from tracker.services.errors import Conflict, Invalid
from workflows.definition import N_

STALE = N_("This experiment was changed by someone else meanwhile; reload it and try again.")


def check_version(experiment: Experiment, expected: int | None) -> None:
    """Refuse early when the caller's version is missing (Invalid) or already stale (Conflict)."""
    if expected is None:
        raise Invalid(errors={"version": [N_("The version you saw is required.")]})
    if experiment.version != expected:
        raise Conflict(STALE, current_version=experiment.version)


def write(
    session: Session, experiment: Experiment, expected: int, values: dict[str, Any], now: datetime
) -> None:
    """UPDATE ... SET version = version + 1 WHERE id = :id AND version = :expected.

    Zero rows means another writer got there first: a conflict, never a silent overwrite.
    """
    result = session.execute(
        update(Experiment)
        .where(col(Experiment.id) == experiment.id, col(Experiment.version) == expected)
        .values(version=expected + 1, updated_at=now, last_activity_at=now, **values)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        session.rollback()
        raise Conflict(STALE)
    # The database already holds these values: set them as committed so the ORM does not
    # write the row a second time (without the version check).
    written = {**values, "version": expected + 1, "updated_at": now, "last_activity_at": now}
    for key, value in written.items():
        set_committed_value(experiment, key, value)
