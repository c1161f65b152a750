"""Portfolio figures about means: the commons contributed, and the owners' training."""

from sqlalchemy import ColumnElement, case, func
from sqlmodel import Session, col, select

from tracker.models import Experiment, Training
from tracker.models.commons import CommonsContribution
from tracker.services.portfolio_rows import CommonsRow, TrainingRow

Where = list[ColumnElement[bool]]
IN_PROGRESS = ("draft", "prototype", "pilot", "evaluation")
SCALED = ("scaling", "scaled")


def commons(session: Session, where: Where) -> list[CommonsRow]:
    """Contributions still standing (not withdrawn), per kind and unit."""
    counted = session.exec(
        select(  # type: ignore[call-overload]  # sqlmodel types up to 4 columns
            col(CommonsContribution.kind),
            col(CommonsContribution.unit),
            func.count(),
            func.sum(col(CommonsContribution.quantity)),
            func.sum(col(CommonsContribution.value_eur)),
        )
        .join(Experiment, col(Experiment.id) == col(CommonsContribution.experiment_id))
        .where(col(CommonsContribution.withdrawn_at).is_(None), *where)
        .group_by(col(CommonsContribution.kind), col(CommonsContribution.unit))
        .order_by(col(CommonsContribution.kind), col(CommonsContribution.unit))
    ).all()
    return [
        CommonsRow(
            kind=kind,
            unit=unit,
            contributions=count,
            quantity=None if quantity is None else float(quantity),
            value_eur=None if value is None else float(value),
        )
        for kind, unit, count, quantity, value in counted
    ]


def trained_owner() -> ColumnElement[bool]:
    """The owner had followed at least one training by the day the experiment was created."""
    return (
        select(col(Training.id))
        .where(
            col(Training.user_id) == col(Experiment.owner_id),
            col(Training.followed_on) <= col(Experiment.created_at),
        )
        .correlate(Experiment)
        .exists()
    )


def training(session: Session, where: Where) -> list[TrainingRow]:
    """Experiments led by trained and by untrained owners, and where they stand."""
    flagged = (
        select(
            case((trained_owner(), 1), else_=0).label("trained"),
            col(Experiment.state).label("state"),
        )
        .where(*where)
        .subquery()
    )
    counted = session.exec(
        select(flagged.c.trained, flagged.c.state, func.count()).group_by(
            flagged.c.trained, flagged.c.state
        )
    ).all()
    rows = {flag: TrainingRow(trained=flag, experiments=0, in_progress=0, scaled=0, stopped=0)
            for flag in (True, False)}  # fmt: skip
    for trained, state, count in counted:
        row = rows[bool(trained)]
        row.experiments += count
        if state in IN_PROGRESS:
            row.in_progress += count
        elif state in SCALED:
            row.scaled += count
        elif state == "stopped":
            row.stopped += count
    return [rows[True], rows[False]]
