"""Median time spent in each stage, from the event log.

A stay starts with the event that entered a state (creation or a state change) and ends with
the next such event of the same experiment (LEAD over the events); stays still running are
left out. A self-transition (adapt at the pilot gate: prototype -> prototype) does not end the
stay. PostgreSQL computes the median with percentile_cont; SQLite, which has no percentile
aggregate, averages the middle row(s) ranked by ROW_NUMBER: the same value.
"""

from sqlalchemy import ColumnElement, and_, func
from sqlmodel import Session, col, select

from tracker.models import Event, Experiment
from tracker.services.portfolio_figures import entering_a_state
from tracker.services.portfolio_rows import StageRow
from tracker.services.portfolio_sql import days_between, dialect
from workflows.experiment import STATES, TERMINAL

Where = list[ColumnElement[bool]]


def _durations(name: str, where: Where):  # noqa: ANN202 (a subquery)
    entered = (
        select(
            col(Event.to_state).label("state"),
            col(Event.at).label("entered_at"),
            func.lead(col(Event.at))
            .over(partition_by=col(Event.experiment_id), order_by=(col(Event.at), col(Event.id)))
            .label("left_at"),
        )
        .join(Experiment, col(Experiment.id) == col(Event.experiment_id))
        .where(entering_a_state(), *where)
        .subquery()
    )
    return (
        select(
            entered.c.state,
            days_between(name, entered.c.entered_at, entered.c.left_at).label("days"),
        )
        .where(entered.c.left_at.is_not(None))
        .subquery()
    )


def stages(session: Session, where: Where) -> list[StageRow]:
    """For each non-terminal stage: completed stays and their median length in days."""
    name = dialect(session)
    stays = _durations(name, where)
    if name == "postgresql":
        median = func.percentile_cont(0.5).within_group(stays.c.days)
        query = select(stays.c.state, func.count(), median).group_by(stays.c.state)
    else:
        ranked = select(
            stays.c.state,
            stays.c.days,
            func.row_number().over(partition_by=stays.c.state, order_by=stays.c.days).label("rn"),
            func.count().over(partition_by=stays.c.state).label("n"),
        ).subquery()
        middle = and_(
            ranked.c.rn >= (ranked.c.n + 1) // 2,
            ranked.c.rn <= (ranked.c.n + 2) // 2,
        )
        query = (
            select(ranked.c.state, func.max(ranked.c.n), func.avg(ranked.c.days))
            .where(middle)
            .group_by(ranked.c.state)
        )
    found = {state: (count, days) for state, count, days in session.exec(query).all()}
    rows = []
    for state in STATES:
        if state in TERMINAL:
            continue
        count, days = found.get(state, (0, None))
        rows.append(
            StageRow(
                state=state,
                stays=int(count),
                median_days=None if days is None else round(float(days), 1),
            )
        )
    return rows
