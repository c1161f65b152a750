"""Routes to scale: the plan of an experiment in `scaling`, its milestones, and its report.

The scale decision opens the plan (route and plan text from the board's decision); the team
keeps it up to date while scaling; complete_scaling writes the report on it and closes it.
"""

from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError
from pydantic import Field as Input
from sqlalchemy import update
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import Session, col, select

from tracker.models import Experiment, Gate, GateDecision, ScalingMilestone, ScalingPlan, User
from tracker.models.base import pk
from tracker.services import gates_access
from tracker.services.errors import Conflict, Invalid, NotFound
from tracker.services.experiments import get as get_experiment
from tracker.services.permissions import require_team
from workflows.definition import N_
from workflows.experiment import SCALING_ROUTES

STALE = N_("This scaling plan was changed by someone else meanwhile; reload it and try again.")
NO_PLAN = N_("This experiment has no scaling plan: the board has not decided to scale it.")

Route = Literal[SCALING_ROUTES]  # type: ignore[valid-type]


class MilestoneIn(BaseModel):
    """A step of the plan as the team writes it."""

    model_config = ConfigDict(extra="forbid")

    title: str = Input(min_length=1, max_length=300)
    due_on: date | None = None
    done: bool = False


class ScalingPlanFields(BaseModel):
    """The plan as the team edits it; a field left out keeps its value, `milestones` is the
    whole list (rows beyond it are withdrawn, never deleted)."""

    model_config = ConfigDict(extra="forbid")

    route: Route | None = None
    carrier: str | None = Input(default=None, max_length=300)
    summary: str | None = Input(default=None, max_length=20_000)
    milestones: list[MilestoneIn] | None = Input(default=None, max_length=100)


def _scale_decision(session: Session, experiment_id: int) -> GateDecision | None:
    return session.exec(
        select(GateDecision)
        .join(Gate, col(Gate.id) == GateDecision.gate_id)
        .where(Gate.experiment_id == experiment_id, GateDecision.decision == "scale")
        .order_by(col(GateDecision.decided_at).desc(), col(GateDecision.id).desc())
    ).first()


def _new_plan(
    session: Session, experiment: Experiment, route: str | None, now: datetime
) -> ScalingPlan:
    decision = _scale_decision(session, pk(experiment))
    chosen = route or (decision.route if decision else None) or SCALING_ROUTES[0]
    return ScalingPlan(
        experiment_id=pk(experiment),
        route=chosen,
        summary=(decision.scaling_plan or "") if decision else "",
        created_at=now,
        updated_at=now,
    )


def plan_of(session: Session, experiment: Experiment) -> ScalingPlan | None:
    """The stored plan, if any."""
    return session.exec(
        select(ScalingPlan).where(ScalingPlan.experiment_id == experiment.id)
    ).first()


def open_for_scale(
    session: Session, experiment: Experiment, *, route: str | None, now: datetime
) -> ScalingPlan:
    """The plan a scale decision opens, in the decision's transaction; the caller commits."""
    plan = plan_of(session, experiment)
    if plan is None:
        plan = _new_plan(session, experiment, route, now)
        session.add(plan)
        session.flush()
    return plan


def record_report(
    session: Session, experiment: Experiment, report: str, actor: User, now: datetime
) -> None:
    """complete_scaling writes its report on the plan (opened now if it never was)."""
    plan = open_for_scale(session, experiment, route=None, now=now)
    values = {"report": report.strip(), "completed_at": now, "updated_at": now}
    _write(session, plan, plan.version, {**values, "updated_by": pk(actor)})


def get(
    *, session: Session, actor: User, experiment_id: int
) -> tuple[Experiment, ScalingPlan, list[ScalingMilestone]]:
    """The experiment, its plan and milestones (as visible as the experiment).

    An experiment in scaling from before plans existed shows the plan its decision implies,
    not yet stored (version 1): the first save stores it.
    """
    experiment = get_experiment(session=session, actor=actor, experiment_id=experiment_id)
    plan = plan_of(session, experiment)
    if plan is None:
        if experiment.state not in ("scaling", "scaled"):
            raise NotFound(NO_PLAN)
        return experiment, _new_plan(session, experiment, None, experiment.updated_at), []
    return experiment, plan, milestones(session, plan)


def milestones(session: Session, plan: ScalingPlan) -> list[ScalingMilestone]:
    """The milestones still listed, in the team's order."""
    if plan.id is None:
        return []
    return list(
        session.exec(
            select(ScalingMilestone)
            .where(ScalingMilestone.plan_id == plan.id, col(ScalingMilestone.withdrawn).is_(False))
            .order_by(col(ScalingMilestone.position))
        ).all()
    )


def progress(rows: list[ScalingMilestone]) -> tuple[int, int, int]:
    """Milestones done, milestones listed, and the whole percentage done (0 without any)."""
    done = sum(1 for row in rows if row.done)
    return done, len(rows), (done * 100 // len(rows)) if rows else 0


def _write(session: Session, plan: ScalingPlan, expected: int, values: dict[str, Any]) -> None:
    """UPDATE ... WHERE version = :expected; zero rows means a concurrent writer won."""
    result = session.execute(
        update(ScalingPlan)
        .where(col(ScalingPlan.id) == plan.id, col(ScalingPlan.version) == expected)
        .values(version=expected + 1, **values)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        session.rollback()
        raise Conflict(STALE)
    for key, value in {**values, "version": expected + 1}.items():
        set_committed_value(plan, key, value)


def _set_milestones(
    session: Session, plan: ScalingPlan, items: list[MilestoneIn], now: datetime
) -> None:
    """Rewrite the list in place by position; rows beyond the new list are withdrawn."""
    current = milestones(session, plan)
    for position, item in enumerate(items):
        row = current[position] if position < len(current) else None
        if row is None:
            row = ScalingMilestone(plan_id=pk(plan), title=item.title)
        if item.done and not row.done:
            row.done_at = now
        elif not item.done:
            row.done_at = None
        row.position, row.title, row.due_on, row.done = position, item.title, item.due_on, item.done
        session.add(row)
    for row in current[len(items) :]:
        row.withdrawn = True
        session.add(row)


def save(
    *,
    session: Session,
    actor: User,
    experiment_id: int,
    version: int | None,
    data: dict[str, Any],
    now: datetime,
) -> ScalingPlan:
    """The team's save while the experiment is scaling; a stale version is a conflict."""
    experiment = get_experiment(session=session, actor=actor, experiment_id=experiment_id)
    require_team(session, actor, experiment)
    if experiment.state != "scaling":
        if experiment.state == "scaled":
            raise Conflict(N_("The scaling is completed: its plan can no longer be edited."))
        raise Conflict(NO_PLAN)
    try:
        fields = ScalingPlanFields.model_validate(data)
    except ValidationError as error:
        raise Invalid.from_validation(error) from None
    if version is None:
        raise Invalid(errors={"version": [N_("The version you saw is required.")]})
    plan = open_for_scale(session, experiment, route=None, now=now)
    if plan.version != version:
        raise Conflict(STALE, current_version=plan.version)
    values = fields.model_dump(exclude_unset=True, exclude={"milestones"})
    values = {key: value for key, value in values.items() if value is not None}
    if fields.milestones is not None:
        _set_milestones(session, plan, fields.milestones, now)
    _write(session, plan, version, {**values, "updated_at": now, "updated_by": pk(actor)})
    gates_access.record(
        session, experiment, actor, "scaling_plan_updated", {"version": plan.version}, now
    )
    gates_access.touch(session, experiment, now)
    session.commit()
    return plan
