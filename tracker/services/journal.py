"""The experiment journal: append-only entries by the team."""

from datetime import datetime
from typing import Any

from pydantic import ValidationError
from sqlalchemy import update
from sqlmodel import Session, col, select

from tracker.models import Experiment, JournalEntry, JournalEntryCreate, User
from tracker.models.base import pk
from tracker.services.errors import Invalid
from tracker.services.experiments import get
from tracker.services.permissions import require_team


def add_entry(
    *, session: Session, actor: User, experiment_id: int, data: dict[str, Any], now: datetime
) -> JournalEntry:
    """Log an entry; it remembers the state and iteration it was logged in."""
    experiment = get(session=session, actor=actor, experiment_id=experiment_id)
    require_team(session, actor, experiment)
    try:
        fields = JournalEntryCreate.model_validate(data)
    except ValidationError as error:
        raise Invalid.from_validation(error) from None
    entry = JournalEntry(
        **fields.model_dump(exclude={"occurred_on"}),
        occurred_on=fields.occurred_on or now.date(),
        experiment_id=pk(experiment),
        author_id=pk(actor),
        logged_in_state=experiment.state,
        iteration=experiment.iteration,
        created_at=now,
    )
    session.add(entry)
    # Activity, not an edit: no version bump, so nobody's open form goes stale.
    session.execute(
        update(Experiment)
        .where(col(Experiment.id) == experiment.id)
        .values(last_activity_at=now)
        .execution_options(synchronize_session=False)
    )
    session.commit()
    return entry


def entries(*, session: Session, actor: User, experiment_id: int) -> list[JournalEntry]:
    """The journal, oldest first."""
    experiment = get(session=session, actor=actor, experiment_id=experiment_id)
    return list(
        session.exec(
            select(JournalEntry)
            .where(JournalEntry.experiment_id == experiment.id)
            .order_by(col(JournalEntry.id))
        ).all()
    )
