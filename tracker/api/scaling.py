"""Routes to scale and legal basis: the scaling plan and the derogation of an experiment.

404 when the experiment is not visible (or, on GET, has no plan or no derogation), 403 when
you are not on its team, 409 for a stale version or a plan that can no longer change (the
scaling is completed, or the board never decided to scale), 422 for a bad field.
"""

from typing import Any

from sqlmodel import Session

from tracker import clock
from tracker.api.auth import current_user
from tracker.api.registry import Reply, operation
from tracker.api.scaling_schemas import (
    DerogationBody,
    DerogationOut,
    MilestoneOut,
    ScalingPlanBody,
    ScalingPlanOut,
)
from tracker.db import get_session
from tracker.models import Derogation, User
from tracker.services import derogations as derogation_service
from tracker.services import scaling as scaling_service

TAG = "scaling"


def _plan_reply(session: Session, actor: User, experiment_id: int) -> tuple[Any, int]:
    experiment, plan, rows = scaling_service.get(
        session=session, actor=actor, experiment_id=experiment_id
    )
    done, _total, percent = scaling_service.progress(rows)
    return ScalingPlanOut(
        experiment_id=experiment.id,  # type: ignore[arg-type]
        route=plan.route,
        carrier=plan.carrier,
        summary=plan.summary,
        milestones=[
            MilestoneOut(title=r.title, due_on=r.due_on, done=r.done, done_at=r.done_at)
            for r in rows
        ],
        milestones_done=done,
        progress_percent=percent,
        report=plan.report,
        completed_at=plan.completed_at,
        version=plan.version,
        updated_at=plan.updated_at,
    ), 200


@operation(
    "GET",
    "/experiments/{experiment_id}/scaling",
    summary="The route to scale of an experiment in scaling, its milestones and report",
    tag=TAG,
    replies={200: Reply("The scaling plan.", ScalingPlanOut)},
    problems=(404,),
)
def get_scaling_plan(experiment_id: int) -> tuple[Any, int]:
    """As visible as the experiment; 404 before the board decided to scale it."""
    return _plan_reply(get_session(), current_user(), experiment_id)


@operation(
    "PUT",
    "/experiments/{experiment_id}/scaling",
    summary="Save the scaling plan (the team; version required)",
    tag=TAG,
    body=ScalingPlanBody,
    replies={200: Reply("The scaling plan as saved.", ScalingPlanOut)},
    problems=(403, 404, 409),
)
def save_scaling_plan(experiment_id: int, *, body: ScalingPlanBody) -> tuple[Any, int]:
    """Route, carrier, summary and the whole milestone list; the report is written by
    complete_scaling (POST /experiments/{id}/transitions with `scaling_report`)."""
    session, actor = get_session(), current_user()
    scaling_service.save(
        session=session,
        actor=actor,
        experiment_id=experiment_id,
        version=body.version,
        data=body.model_dump(exclude_unset=True, exclude={"version"}),
        now=clock.now(),
    )
    return _plan_reply(session, actor, experiment_id)


def _derogation_out(derogation: Derogation) -> DerogationOut:
    return DerogationOut.model_validate(derogation.model_dump())


@operation(
    "GET",
    "/experiments/{experiment_id}/derogation",
    summary="The derogation an experiment rests on",
    tag=TAG,
    replies={200: Reply("The derogation.", DerogationOut)},
    problems=(404,),
)
def get_derogation(experiment_id: int) -> tuple[Any, int]:
    """As visible as the experiment; 404 when it rests on no derogation."""
    _experiment, derogation = derogation_service.get(
        session=get_session(), actor=current_user(), experiment_id=experiment_id
    )
    return _derogation_out(derogation), 200


@operation(
    "PUT",
    "/experiments/{experiment_id}/derogation",
    summary="Record or correct the derogation (the team)",
    tag=TAG,
    body=DerogationBody,
    replies={200: Reply("The derogation as saved.", DerogationOut)},
    problems=(403, 404, 409),
)
def save_derogation(experiment_id: int, *, body: DerogationBody) -> tuple[Any, int]:
    """Without `version` it records the first one (409 if one exists); with it, corrects it."""
    derogation = derogation_service.save(
        session=get_session(),
        actor=current_user(),
        experiment_id=experiment_id,
        version=body.version,
        data=body.model_dump(exclude={"version"}),
        now=clock.now(),
    )
    return _derogation_out(derogation), 200
