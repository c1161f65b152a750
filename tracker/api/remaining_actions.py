"""The last UI actions given an API twin: board members, retrospective addenda, the board of
an experiment and transition clusters. Each calls the same service as its HTML view, which
decides who may act (403/404), what the state allows (409) and what is valid (422).
"""

from datetime import datetime
from typing import Any

from flask import url_for
from pydantic import BaseModel, ConfigDict, Field

from tracker import clock
from tracker.api import gate_serializers, serializers
from tracker.api.auth import current_user
from tracker.api.gate_schemas import BoardOut
from tracker.api.registry import Reply, operation
from tracker.api.retrospective_schemas import AddendumOut
from tracker.api.schemas import ExperimentOut
from tracker.db import get_session
from tracker.services import boards as board_service
from tracker.services import retrospectives as retrospective_service
from tracker.services import territories as territory_service


class BoardMemberBody(BaseModel):
    """A colleague to add to the board, or a member to make a chair."""

    model_config = ConfigDict(extra="forbid")

    email: str = Field(min_length=1, max_length=320)
    is_chair: bool = False


class AddendumBody(BaseModel):
    """The text added to the published retrospective."""

    model_config = ConfigDict(extra="forbid")

    body: str = Field(min_length=1, max_length=10_000)


class BoardChoiceBody(BaseModel):
    """The board reviewing the experiment; null for the organisation's default."""

    model_config = ConfigDict(extra="forbid")

    board_id: int | None = Field(ge=1, le=2**31 - 1)
    version: int = Field(ge=0, le=2**31 - 1)


class ClusterBody(BaseModel):
    """A new transition cluster."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=200)
    description: str = Field(default="", max_length=10_000)


class ClusterOut(BaseModel):
    """A group of territories engaged together in a transition."""

    id: int
    name: str
    description: str
    created_at: datetime


@operation(
    "POST",
    "/boards/{board_id}/members",
    summary="Add a colleague to a review board, or make a member a chair (admins)",
    tag="boards",
    body=BoardMemberBody,
    replies={201: Reply("The board with its members.", BoardOut)},
    problems=(403, 404),
    description=(
        "The email names an active colleague (422 otherwise). Adding a member again changes "
        "nothing, except that `is_chair: true` makes them a chair; nobody is removed here."
    ),
)
def add_board_member(board_id: int, *, body: BoardMemberBody) -> tuple[Any, int]:
    """403 for non-admins; boards of other organisations are 404."""
    session = get_session()
    board_service.add_member(
        session=session, actor=current_user(), board_id=board_id,
        email=body.email.strip(), chair=body.is_chair, now=clock.now(),
    )  # fmt: skip
    board = board_service.get(session=session, actor=current_user(), board_id=board_id)
    return gate_serializers.board(session, board), 201


@operation(
    "POST",
    "/experiments/{experiment_id}/retrospective/addenda",
    summary="Add a dated addendum to a published retrospective (team or chair)",
    tag="retrospectives",
    body=AddendumBody,
    replies={201: Reply("The addendum.", AddendumOut)},
    problems=(403, 404, 409),
    description="409 until the retrospective is published. Addenda are never edited nor removed.",
)
def add_retrospective_addendum(experiment_id: int, *, body: AddendumBody) -> tuple[Any, int]:
    """The owner's team or a chair of the experiment's board adds to the record."""
    addendum = retrospective_service.add_addendum(
        session=get_session(), actor=current_user(), experiment_id=experiment_id,
        body=body.body, now=clock.now(),
    )  # fmt: skip
    return AddendumOut(author_id=addendum.author_id, body=addendum.body, at=addendum.at), 201


@operation(
    "PUT",
    "/experiments/{experiment_id}/board",
    summary="Choose the review board of an experiment (team or admin)",
    tag="boards",
    body=BoardChoiceBody,
    replies={200: Reply("The experiment after the change.", ExperimentOut)},
    problems=(403, 404, 409),
    description=(
        "`board_id: null` returns to the organisation's default board. 409 for a stale "
        "version or while a gate review is open; 422 for a board of another organisation."
    ),
)
def assign_experiment_board(experiment_id: int, *, body: BoardChoiceBody) -> tuple[Any, int]:
    """Recorded in the experiment's history like any other change."""
    session, actor = get_session(), current_user()
    experiment = board_service.assign_experiment(
        session=session, actor=actor, experiment_id=experiment_id,
        board_id=body.board_id, version=body.version, now=clock.now(),
    )  # fmt: skip
    return serializers.experiment(session, actor, experiment), 200


def _cluster(row: Any) -> ClusterOut:
    return ClusterOut(
        id=row.id, name=row.name, description=row.description, created_at=row.created_at
    )


@operation(
    "GET",
    "/territories/clusters",
    summary="List the transition clusters",
    tag="territories",
    replies={200: Reply("Every cluster, by name.", list[ClusterOut])},
)
def list_clusters() -> tuple[Any, int]:
    """Shared by every organisation, like the territories."""
    return [_cluster(row) for row in territory_service.clusters(get_session())], 200


@operation(
    "POST",
    "/territories/clusters",
    summary="Create a transition cluster (admins)",
    tag="territories",
    body=ClusterBody,
    replies={201: Reply("The new cluster.", ClusterOut, headers={"Location": "The list."})},
    problems=(403,),
    description="Names are unique (422 for a name in use).",
)
def create_cluster(*, body: ClusterBody) -> tuple[Any, int, dict[str, str]]:
    """Territories join a cluster through `cluster_id` on PATCH /territories/{id}."""
    row = territory_service.create_cluster(
        session=get_session(), actor=current_user(), name=body.name,
        description=body.description, now=clock.now(),
    )  # fmt: skip
    return _cluster(row), 201, {"Location": url_for("api.list_clusters")}
