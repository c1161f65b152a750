"""Replication (essaimage): replicate an experiment, read its lineage tree.

Anyone who can see the source may replicate it: the replica is a new draft of the caller's
organisation, owned by the caller, pre-filled from the source. In the lineage, experiments
you may not see are redacted: only their place in the tree shows.
"""

from typing import Any

from flask import url_for

from tracker import clock
from tracker.api import serializers
from tracker.api.auth import current_user
from tracker.api.registry import Reply, operation
from tracker.api.scaling_schemas import LineageNode, ReplicateBody
from tracker.api.schemas import ExperimentOut
from tracker.db import get_session
from tracker.services import replication as replication_service

TAG = "replication"


@operation(
    "POST",
    "/experiments/{experiment_id}/replicate",
    summary="Replicate an experiment in your organisation (a new draft linked to its source)",
    tag=TAG,
    body=ReplicateBody,
    replies={
        201: Reply(
            "The replica, with `replicated_from`.",
            ExperimentOut,
            headers={"Location": "The URL of the replica."},
        )
    },
    problems=(403, 404),
)
def replicate_experiment(
    experiment_id: int, *, body: ReplicateBody
) -> tuple[Any, int, dict[str, str]]:
    """Copies the problem, hypothesis, target users, criteria and territory (or the
    `territory` given), and marks the source's lessons you may read as applied."""
    session, actor = get_session(), current_user()
    replica = replication_service.replicate(
        session=session,
        actor=actor,
        experiment_id=experiment_id,
        data=body.model_dump(exclude_unset=True),
        now=clock.now(),
    )
    location = url_for("api.get_experiment", experiment_id=replica.id)
    return serializers.experiment(session, actor, replica), 201, {"Location": location}


def _node(node: replication_service.Node) -> LineageNode:
    return LineageNode(
        id=node.id,
        redacted=node.redacted,
        depth=node.depth,
        current=node.current,
        title=node.title,
        state=node.state,
        outcome=node.outcome,  # type: ignore[arg-type]
        organisation=node.organisation,
        territory=node.territory,
        replicas=[_node(child).model_dump(mode="json") for child in node.children],
    )


@operation(
    "GET",
    "/experiments/{experiment_id}/lineage",
    summary="The lineage tree: the origin, its replicas, and theirs",
    tag=TAG,
    replies={200: Reply("The tree from its origin.", LineageNode)},
    problems=(404,),
)
def get_lineage(experiment_id: int) -> tuple[Any, int]:
    """The whole tree the experiment belongs to, from its origin (the current one flagged)."""
    root = replication_service.lineage(
        session=get_session(), actor=current_user(), experiment_id=experiment_id
    )
    return _node(root), 200
