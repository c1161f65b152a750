"""Territories: the shared inventory (every signed-in user reads it, admins curate it)."""

from typing import Any

from flask import url_for

from tracker import clock
from tracker.api.auth import current_user
from tracker.api.ecosystem_schemas import (
    ClusterRef,
    TerritoryBody,
    TerritoryOut,
    TerritoryPage,
    TerritoryPatch,
    TerritoryQuery,
)
from tracker.api.registry import Reply, operation
from tracker.db import get_session
from tracker.models import Territory, TransitionCluster
from tracker.services import territories as territory_service

TAG = "territories"
PAGE = 50


def territory_out(session: Any, rows: list[Territory]) -> list[TerritoryOut]:
    cluster_ids = {t.cluster_id for t in rows if t.cluster_id is not None}
    clusters = {c.id: c for c in territory_service.clusters(session) if c.id in cluster_ids}
    return [_out(t, clusters.get(t.cluster_id or 0)) for t in rows]


def _out(row: Territory, cluster: TransitionCluster | None) -> TerritoryOut:
    return TerritoryOut(
        **row.model_dump(exclude={"archived_at"}),
        archived=row.archived_at is not None,
        cluster=None if cluster is None else ClusterRef(id=cluster.id, name=cluster.name),  # type: ignore[arg-type]
    )


@operation(
    "GET",
    "/territories",
    summary="List the territories of the inventory",
    tag=TAG,
    query=TerritoryQuery,
    replies={200: Reply("A page of territories, by name.", TerritoryPage)},
    problems=(422,),
)
def list_territories(*, query: TerritoryQuery) -> tuple[Any, int]:
    """One inventory shared by every organisation; archived entries only when asked."""
    session = get_session()
    page = territory_service.list_(
        session=session,
        actor=current_user(),
        q=query.q,
        level=query.level,
        cluster_id=query.cluster_id,
        include_archived=query.include_archived,
        limit=query.limit or PAGE,
        cursor=query.cursor,
    )
    return TerritoryPage(
        items=territory_out(session, page.items), next_cursor=page.next_cursor
    ), 200


@operation(
    "POST",
    "/territories",
    summary="Add a territory to the inventory (admins)",
    tag=TAG,
    body=TerritoryBody,
    replies={201: Reply("The new territory.", TerritoryOut, headers={"Location": "Its URL."})},
    problems=(403,),
)
def create_territory(*, body: TerritoryBody) -> tuple[Any, int, dict[str, str]]:
    """Levels: commune, intercommunality, department, region; a code is unique."""
    session = get_session()
    row = territory_service.create(
        session=session, actor=current_user(), data=body.model_dump(), now=clock.now()
    )
    location = url_for("api.get_territory", territory_id=row.id)
    return territory_out(session, [row])[0], 201, {"Location": location}


@operation(
    "GET",
    "/territories/{territory_id}",
    summary="Read a territory",
    tag=TAG,
    replies={200: Reply("The territory.", TerritoryOut)},
    problems=(404,),
)
def get_territory(territory_id: int) -> tuple[Any, int]:
    """Archived territories stay readable."""
    session = get_session()
    row = territory_service.get(session=session, actor=current_user(), territory_id=territory_id)
    return territory_out(session, [row])[0], 200


@operation(
    "PATCH",
    "/territories/{territory_id}",
    summary="Edit or archive a territory (admins)",
    tag=TAG,
    body=TerritoryPatch,
    replies={200: Reply("The territory after the change.", TerritoryOut)},
    problems=(403, 404, 409),
)
def update_territory(territory_id: int, *, body: TerritoryPatch) -> tuple[Any, int]:
    """Nothing is deleted: `archived: true` hides it from pickers and keeps every link."""
    session = get_session()
    actor = current_user()
    changes = body.model_dump(exclude_unset=True)
    version = changes.pop("version")
    archived = changes.pop("archived", None)
    row = territory_service.update(
        session=session,
        actor=actor,
        territory_id=territory_id,
        version=version,
        changes=changes,
        now=clock.now(),
    )
    if archived is not None:
        row = territory_service.set_archived(
            session=session,
            actor=actor,
            territory_id=territory_id,
            archived=archived,
            now=clock.now(),
        )
    return territory_out(session, [row])[0], 200
