"""The commons ledger of an experiment: what the public actor contributed."""

from typing import Any

from flask import url_for

from tracker import clock
from tracker.api.auth import current_user
from tracker.api.ecosystem_schemas import (
    CommonsBody,
    CommonsLedger,
    CommonsOut,
    CommonsPatch,
    CommonsTotalOut,
)
from tracker.api.registry import Reply, operation
from tracker.db import get_session
from tracker.models import CommonsContribution
from tracker.services import commons as commons_service

TAG = "commons"


def commons_out(row: CommonsContribution) -> CommonsOut:
    return CommonsOut(
        **row.model_dump(exclude={"start_on", "end_on", "withdrawn_at"}),
        start=row.start_on,
        end=row.end_on,
        withdrawn=row.withdrawn_at is not None,
    )


@operation(
    "GET",
    "/experiments/{experiment_id}/commons",
    summary="Read the commons ledger of an experiment, with its totals",
    tag=TAG,
    replies={200: Reply("The live contributions and their totals.", CommonsLedger)},
    problems=(404,),
)
def list_commons(experiment_id: int) -> tuple[Any, int]:
    """As visible as the experiment; totals by kind and unit (withdrawn lines left out)."""
    session = get_session()
    rows = commons_service.list_for(
        session=session, actor=current_user(), experiment_id=experiment_id
    )
    totals = commons_service.totals(
        session=session, by="experiment", experiment_ids=[experiment_id]
    )
    ledger = CommonsLedger(
        items=[commons_out(row) for row in rows],
        totals=[
            CommonsTotalOut(**{k: getattr(t, k) for k in CommonsTotalOut.model_fields})
            for t in totals
        ],
        value_eur=commons_service.value_by_group(totals).get(experiment_id, 0.0),
    )
    return ledger, 200


@operation(
    "POST",
    "/experiments/{experiment_id}/commons",
    summary="Add a contribution to the commons ledger (the team)",
    tag=TAG,
    body=CommonsBody,
    replies={201: Reply("The contribution.", CommonsOut, headers={"Location": "Its URL."})},
    problems=(403, 404, 409),
)
def add_commons(experiment_id: int, *, body: CommonsBody) -> tuple[Any, int, dict[str, str]]:
    """Kinds: premises, data, procurement, funding, staff_time, training."""
    row = commons_service.add(
        session=get_session(),
        actor=current_user(),
        experiment_id=experiment_id,
        data=body.model_dump(),
        now=clock.now(),
    )
    location = url_for("api.get_commons", experiment_id=experiment_id, contribution_id=row.id)
    return commons_out(row), 201, {"Location": location}


@operation(
    "GET",
    "/experiments/{experiment_id}/commons/{contribution_id}",
    summary="Read one contribution",
    tag=TAG,
    replies={200: Reply("The contribution.", CommonsOut)},
    problems=(404,),
)
def get_commons(experiment_id: int, contribution_id: int) -> tuple[Any, int]:
    """Withdrawn contributions stay readable."""
    row = commons_service.get(
        session=get_session(),
        actor=current_user(),
        experiment_id=experiment_id,
        contribution_id=contribution_id,
    )
    return commons_out(row), 200


@operation(
    "PATCH",
    "/experiments/{experiment_id}/commons/{contribution_id}",
    summary="Edit or withdraw a contribution (the team)",
    tag=TAG,
    body=CommonsPatch,
    replies={200: Reply("The contribution after the change.", CommonsOut)},
    problems=(403, 404, 409),
)
def update_commons(experiment_id: int, contribution_id: int, *, body: CommonsPatch) -> tuple:
    """Send the version you read; `withdrawn: true` keeps the line, out of the totals."""
    changes = body.model_dump(exclude_unset=True)
    version = changes.pop("version")
    row = commons_service.update(
        session=get_session(),
        actor=current_user(),
        experiment_id=experiment_id,
        contribution_id=contribution_id,
        version=version,
        changes=changes,
        now=clock.now(),
    )
    return commons_out(row), 200
