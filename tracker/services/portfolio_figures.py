"""Portfolio figures from SQL aggregates: each is one or two GROUP BY queries on the filtered set.

`where` is the list of clauses of tracker.services.portfolio_scope.conditions, on `experiments`.
"""

from datetime import date

from sqlalchemy import ColumnElement, case, distinct, func, or_
from sqlmodel import Session, col, select

from tracker.models import Board, Event, Experiment, Gate, GateDecision
from tracker.models.territory import ExperimentTerritory, Territory
from tracker.services.portfolio_rows import FunnelRow, GateRow, OutcomeRow, TerritoryRow, VerdictRow
from tracker.services.portfolio_sql import dialect, year_and_quarter
from workflows.experiment import STATES
from workflows.gate import DECISIONS_BY_KIND, VERDICTS

Where = list[ColumnElement[bool]]
OUTCOMES = ("scale", "adapt", "stop")


def entering_a_state() -> ColumnElement[bool]:
    """Creation or a state change: the events that start a stay (edits do not)."""
    return or_(col(Event.from_state).is_(None), col(Event.from_state) != col(Event.to_state))


def funnel(session: Session, where: Where) -> list[FunnelRow]:
    """Per state, in workflow order: experiments in it now, and experiments that reached it."""
    current = dict(
        session.exec(
            select(col(Experiment.state), func.count())
            .where(*where)
            .group_by(col(Experiment.state))
        ).all()
    )
    reached = dict(
        session.exec(
            select(col(Event.to_state), func.count(distinct(col(Event.experiment_id))))
            .join(Experiment, col(Experiment.id) == col(Event.experiment_id))
            .where(entering_a_state(), *where)
            .group_by(col(Event.to_state))
        ).all()
    )
    return [
        FunnelRow(state=state, current=current.get(state, 0), reached=reached.get(state, 0))
        for state in STATES
    ]


def outcomes(session: Session, where: Where) -> list[OutcomeRow]:
    """Scale, adapt and stop fired per calendar quarter (UTC), oldest first."""
    year, quarter = year_and_quarter(dialect(session), col(Event.at))
    fired = (
        select(year.label("year"), quarter.label("quarter"), col(Event.trigger).label("trigger"))
        .join(Experiment, col(Experiment.id) == col(Event.experiment_id))
        .where(col(Event.trigger).in_(OUTCOMES), *where)
        .subquery()
    )
    counted = session.exec(
        select(fired.c.year, fired.c.quarter, fired.c.trigger, func.count())
        .group_by(fired.c.year, fired.c.quarter, fired.c.trigger)
        .order_by(fired.c.year, fired.c.quarter)
    ).all()
    rows: dict[tuple[int, int], OutcomeRow] = {}
    for year_value, quarter_value, trigger, count in counted:
        key = (int(year_value), int(quarter_value))
        row = rows.setdefault(key, OutcomeRow(year=key[0], quarter=key[1]))
        setattr(row, trigger, count)
    return list(rows.values())


def gates(session: Session, where: Where, today: date) -> list[GateRow]:
    """Open gates per board, and those past their review date."""
    overdue = func.sum(case((col(Gate.review_date) < today, 1), else_=0))
    counted = session.exec(
        select(col(Gate.board_id), col(Board.name), func.count(), overdue)
        .join(Experiment, col(Experiment.id) == col(Gate.experiment_id))
        .join(Board, col(Board.id) == col(Gate.board_id))
        .where(col(Gate.status) == "open", *where)
        .group_by(col(Gate.board_id), col(Board.name))
        .order_by(col(Board.name), col(Gate.board_id))
    ).all()
    return [
        GateRow(board_id=board_id, board=name, pending=pending, overdue=int(late or 0))
        for board_id, name, pending, late in counted
    ]


def territories(session: Session, where: Where) -> list[TerritoryRow]:
    """Experiments per territory of the inventory, the busiest first."""
    number = func.count(distinct(col(Experiment.id)))
    counted = session.exec(
        select(col(Territory.id), col(Territory.name), number)
        .select_from(ExperimentTerritory)
        .join(Territory, col(Territory.id) == col(ExperimentTerritory.territory_id))
        .join(Experiment, col(Experiment.id) == col(ExperimentTerritory.experiment_id))
        .where(*where)
        .group_by(col(Territory.id), col(Territory.name))
        .order_by(number.desc(), col(Territory.name))
    ).all()
    return [
        TerritoryRow(territory_id=territory_id or 0, territory=name, experiments=count)
        for territory_id, name, count in counted
    ]


def verdicts(session: Session, where: Where) -> list[VerdictRow]:
    """Decision gates: the evidence verdict against the board's decision."""
    counted = session.exec(
        select(col(Gate.verdict), col(GateDecision.decision), func.count())
        .join(GateDecision, col(GateDecision.gate_id) == col(Gate.id))
        .join(Experiment, col(Experiment.id) == col(Gate.experiment_id))
        .where(col(Gate.kind) == "decision", *where)
        .group_by(col(Gate.verdict), col(GateDecision.decision))
    ).all()
    cells = {(verdict, decision): count for verdict, decision, count in counted}
    decisions = DECISIONS_BY_KIND["decision"]
    rows = []
    for verdict in (*VERDICTS, None):
        counts = {decision: cells.get((verdict, decision), 0) for decision in decisions}
        if verdict is not None or any(counts.values()):
            rows.append(VerdictRow(verdict=verdict, **counts))
    return rows
