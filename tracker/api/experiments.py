"""Experiments: list, create, read and edit (the same services as the HTML views)."""

from typing import Any

from flask import current_app, url_for

from tracker import clock
from tracker.api import serializers
from tracker.api.auth import current_user
from tracker.api.registry import Reply, operation
from tracker.api.schemas import (
    ExperimentCreateBody,
    ExperimentOut,
    ExperimentPage,
    ExperimentPatch,
    ExperimentQuery,
)
from tracker.db import get_session
from tracker.services import experiments as experiment_service
from tracker.services import listing as listing_service
from tracker.services import takeovers as takeover_service

TAG = "experiments"


@operation(
    "GET",
    "/experiments",
    summary="List the experiments you can see",
    tag=TAG,
    query=ExperimentQuery,
    replies={200: Reply("A page of experiments, newest activity first.", ExperimentPage)},
    problems=(422,),
)
def list_experiments(*, query: ExperimentQuery) -> tuple[Any, int]:
    """Your organisation's experiments and every public one, with keyset pagination."""
    session = get_session()
    actor = current_user()
    limit = query.limit if query.limit is not None else current_app.config["TRACKER"]["PAGE_SIZE"]
    page = listing_service.list_(
        session=session,
        actor=actor,
        scope="visible",
        state=query.state,
        territory=query.territory,
        q=query.q,
        theme=query.theme,
        limit=limit,
        cursor=query.cursor,
    )
    items = serializers.experiments(session, actor, page.items)
    return ExperimentPage(items=items, next_cursor=page.next_cursor), 200


@operation(
    "POST",
    "/experiments",
    summary="Create an experiment (a draft you own)",
    tag=TAG,
    body=ExperimentCreateBody,
    replies={
        201: Reply(
            "The new experiment.",
            ExperimentOut,
            headers={"Location": "The URL of the new experiment."},
        )
    },
)
def create_experiment(*, body: ExperimentCreateBody) -> tuple[Any, int, dict[str, str]]:
    """Only the title is required: a draft may be completed later."""
    session = get_session()
    actor = current_user()
    experiment = experiment_service.create(
        session=session, actor=actor, data=body.model_dump(exclude_unset=True), now=clock.now()
    )
    location = url_for("api.get_experiment", experiment_id=experiment.id)
    return serializers.experiment(session, actor, experiment), 201, {"Location": location}


@operation(
    "GET",
    "/experiments/{experiment_id}",
    summary="Read an experiment",
    tag=TAG,
    replies={200: Reply("The experiment.", ExperimentOut)},
    problems=(404,),
)
def get_experiment(experiment_id: int) -> tuple[Any, int]:
    """Internal experiments of other organisations are 404, as if they did not exist."""
    session = get_session()
    actor = current_user()
    experiment = experiment_service.get(session=session, actor=actor, experiment_id=experiment_id)
    return serializers.experiment(session, actor, experiment), 200


@operation(
    "PATCH",
    "/experiments/{experiment_id}",
    summary="Edit an experiment",
    tag=TAG,
    body=ExperimentPatch,
    replies={200: Reply("The experiment after the change.", ExperimentOut)},
    problems=(403, 404, 409),
)
def update_experiment(experiment_id: int, *, body: Any) -> tuple[Any, int]:
    """Send the version you read and the fields to change; a stale version is a 409."""
    session = get_session()
    actor = current_user()
    changes = body.model_dump(exclude_unset=True)
    version = changes.pop("version")
    if "seeking_taker" in changes:
        # Offering for takeover is the one change a stopped experiment accepts: its own service.
        experiment = takeover_service.set_seeking_from_patch(
            session=session,
            actor=actor,
            experiment_id=experiment_id,
            version=version,
            changes=changes,
            now=clock.now(),
        )
        return serializers.experiment(session, actor, experiment), 200
    experiment = experiment_service.update(
        session=session,
        actor=actor,
        experiment_id=experiment_id,
        version=version,
        changes=changes,
        now=clock.now(),
    )
    return serializers.experiment(session, actor, experiment), 200
