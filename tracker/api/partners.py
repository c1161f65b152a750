"""Partners: the shared inventory, and their roles in experiments."""

from typing import Any

from flask import url_for

from tracker import clock
from tracker.api.auth import current_user
from tracker.api.ecosystem_schemas import (
    ExperimentPartnerBody,
    ExperimentPartnerOut,
    ExperimentPartnerPatch,
    PartnerBody,
    PartnerOut,
    PartnerPage,
    PartnerPatch,
    PartnerQuery,
)
from tracker.api.registry import Reply, operation
from tracker.db import get_session
from tracker.models import ExperimentPartner, Partner
from tracker.services import partners as partner_service

TAG = "partners"
PAGE = 50


def partner_out(row: Partner) -> PartnerOut:
    return PartnerOut(
        **row.model_dump(exclude={"archived_at"}), archived=row.archived_at is not None
    )


def _link_out(link: ExperimentPartner, partner: Partner) -> ExperimentPartnerOut:
    return ExperimentPartnerOut(**link.model_dump(), partner=partner_out(partner))


@operation(
    "GET",
    "/partners",
    summary="List the partners of the inventory",
    tag=TAG,
    query=PartnerQuery,
    replies={200: Reply("A page of partners, by name.", PartnerPage)},
    problems=(422,),
)
def list_partners(*, query: PartnerQuery) -> tuple[Any, int]:
    """One inventory shared by every organisation; `q` matches a name or a SIRET."""
    page = partner_service.list_(
        session=get_session(),
        actor=current_user(),
        q=query.q,
        kind=query.kind,
        include_archived=query.include_archived,
        limit=query.limit or PAGE,
        cursor=query.cursor,
    )
    return PartnerPage(
        items=[partner_out(p) for p in page.items], next_cursor=page.next_cursor
    ), 200


@operation(
    "POST",
    "/partners",
    summary="Record a partner",
    tag=TAG,
    body=PartnerBody,
    replies={201: Reply("The new partner.", PartnerOut, headers={"Location": "Its URL."})},
    problems=(403,),
)
def create_partner(*, body: PartnerBody) -> tuple[Any, int, dict[str, str]]:
    """Your organisation records it and may edit it later; a SIRET has 14 digits."""
    row = partner_service.create(
        session=get_session(), actor=current_user(), data=body.model_dump(), now=clock.now()
    )
    return partner_out(row), 201, {"Location": url_for("api.get_partner", partner_id=row.id)}


@operation(
    "GET",
    "/partners/{partner_id}",
    summary="Read a partner",
    tag=TAG,
    replies={200: Reply("The partner.", PartnerOut)},
    problems=(404,),
)
def get_partner(partner_id: int) -> tuple[Any, int]:
    """Archived partners stay readable."""
    row = partner_service.get(session=get_session(), actor=current_user(), partner_id=partner_id)
    return partner_out(row), 200


@operation(
    "PATCH",
    "/partners/{partner_id}",
    summary="Edit or archive a partner (its recording organisation)",
    tag=TAG,
    body=PartnerPatch,
    replies={200: Reply("The partner after the change.", PartnerOut)},
    problems=(403, 404, 409),
)
def update_partner(partner_id: int, *, body: PartnerPatch) -> tuple[Any, int]:
    """The recording organisation only; `archived: true` keeps every link."""
    session = get_session()
    actor = current_user()
    changes = body.model_dump(exclude_unset=True)
    version = changes.pop("version")
    archived = changes.pop("archived", None)
    row = partner_service.update(
        session=session,
        actor=actor,
        partner_id=partner_id,
        version=version,
        changes=changes,
        now=clock.now(),
    )
    if archived is not None:
        row = partner_service.set_archived(
            session=session, actor=actor, partner_id=partner_id, archived=archived, now=clock.now()
        )
    return partner_out(row), 200


@operation(
    "GET",
    "/experiments/{experiment_id}/partners",
    summary="List the partners of an experiment and their roles",
    tag=TAG,
    replies={200: Reply("The partners, by name.", list[ExperimentPartnerOut])},
    problems=(404,),
)
def list_experiment_partners(experiment_id: int) -> tuple[Any, int]:
    """As visible as the experiment; withdrawn links are left out."""
    rows = partner_service.links_of(
        session=get_session(), actor=current_user(), experiment_id=experiment_id
    )
    return [_link_out(link, partner) for link, partner in rows], 200


@operation(
    "POST",
    "/experiments/{experiment_id}/partners",
    summary="Link a partner to an experiment with a role",
    tag=TAG,
    body=ExperimentPartnerBody,
    replies={
        201: Reply(
            "The link.", ExperimentPartnerOut, headers={"Location": "The experiment's partners."}
        )
    },
    problems=(403, 404, 409),
)
def link_partner(experiment_id: int, *, body: ExperimentPartnerBody) -> tuple[Any, int, dict]:
    """Roles: funder, operator, evaluator, user_representative, large_economic_actor, host."""
    session = get_session()
    link = partner_service.link(
        session=session,
        actor=current_user(),
        experiment_id=experiment_id,
        partner_id=body.partner_id,
        role=body.role,
        note=body.note,
        now=clock.now(),
    )
    partner = session.get(Partner, link.partner_id)
    location = url_for("api.list_experiment_partners", experiment_id=experiment_id)
    return _link_out(link, partner), 201, {"Location": location}  # type: ignore[arg-type]


@operation(
    "GET",
    "/experiments/{experiment_id}/partners/{link_id}",
    summary="Read one partner's role in an experiment",
    tag=TAG,
    replies={200: Reply("The link.", ExperimentPartnerOut)},
    problems=(404,),
)
def get_experiment_partner(experiment_id: int, link_id: int) -> tuple[Any, int]:
    """As visible as the experiment; a withdrawn link stays readable."""
    link, partner = partner_service.get_link(
        session=get_session(), actor=current_user(), experiment_id=experiment_id, link_id=link_id
    )
    return _link_out(link, partner), 200


@operation(
    "PATCH",
    "/experiments/{experiment_id}/partners/{link_id}",
    summary="Change a partner's role in an experiment, or withdraw it",
    tag=TAG,
    body=ExperimentPartnerPatch,
    replies={200: Reply("The link after the change.", ExperimentPartnerOut)},
    problems=(403, 404, 409),
)
def update_experiment_partner(
    experiment_id: int, link_id: int, *, body: ExperimentPartnerPatch
) -> tuple[Any, int]:
    """A withdrawn link stays on record (and on the experiment's timeline)."""
    session = get_session()
    link = partner_service.update_link(
        session=session,
        actor=current_user(),
        experiment_id=experiment_id,
        link_id=link_id,
        changes=body.model_dump(exclude_unset=True),
        now=clock.now(),
    )
    partner = session.get(Partner, link.partner_id)
    return _link_out(link, partner), 200  # type: ignore[arg-type]
