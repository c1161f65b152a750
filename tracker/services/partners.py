"""Partners: a shared inventory, and their roles in experiments.

Any signed-in user reads the inventory and records a partner; the organisation that recorded
it edits or archives it. Linking a partner to an experiment, changing the
role or withdrawing it is the team's, and each is an event on the experiment's timeline.
Nothing is deleted: an archived partner keeps its links, a withdrawn link stays readable.
The links live in tracker.services.partner_links (re-exported here).
"""

from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from tracker.models import (
    Experiment,
    ExperimentPartner,
    Partner,
    PartnerIn,
    User,
)
from tracker.services import inventory
from tracker.services.errors import Forbidden
from tracker.services.partner_links import get_link, link, links_of, update_link
from tracker.services.permissions import visible_clause
from workflows.definition import N_

NOT_FOUND = N_("Partner not found.")
SIRET_TAKEN = N_("Another partner already has this SIRET.")
STALE = N_("This partner was changed by someone else meanwhile; reload it and try again.")


def list_(
    *,
    session: Session,
    actor: User,
    q: str | None = None,
    kind: str | None = None,
    include_archived: bool = False,
    limit: int = 50,
    cursor: str | None = None,
) -> inventory.NamePage[Partner]:
    """The inventory by name; `q` matches a part of the name or the exact SIRET."""
    inventory.require_active(actor)
    query = select(Partner)
    if not include_archived:
        query = query.where(col(Partner.archived_at).is_(None))
    if kind:
        query = query.where(Partner.kind == kind)
    if q and q.strip():
        query = query.where(
            col(Partner.name).ilike(inventory.like_pattern(q), escape="\\")
            | (col(Partner.siret) == q.replace(" ", ""))
        )
    return inventory.name_page(session, query, Partner, limit, cursor)


def choices(session: Session) -> list[Partner]:
    """Partners not archived, by name (the picker on the experiment page)."""
    return inventory.live_by_name(session, Partner)


def get(*, session: Session, actor: User, partner_id: int) -> Partner:
    """A partner, archived or not, for any active account."""
    return inventory.get_row(session, actor, Partner, partner_id, NOT_FOUND)


def may_edit(actor: User, partner: Partner) -> bool:
    """The organisation that recorded a partner keeps its record (others read it)."""
    return actor.active and actor.organisation_id == partner.organisation_id


def _require_edit(actor: User, partner: Partner) -> None:
    if not may_edit(actor, partner):
        raise Forbidden(N_("Only the organisation that recorded this partner can change it."))


def create(*, session: Session, actor: User, data: dict[str, Any], now: datetime) -> Partner:
    """A new partner, recorded by the actor's organisation."""
    inventory.require_active(actor)
    fields = inventory.validate(PartnerIn, data)
    partner = Partner(
        **fields.model_dump(),
        organisation_id=actor.organisation_id,
        created_at=now,
        updated_at=now,
    )
    session.add(partner)
    inventory.flush_unique(session, "siret", SIRET_TAKEN)
    session.commit()
    return partner


def update(
    *,
    session: Session,
    actor: User,
    partner_id: int,
    version: int | None,
    changes: dict[str, Any],
    now: datetime,
) -> Partner:
    """Edit name, kind, SIRET or description (the recording organisation), at the version read."""
    partner = get(session=session, actor=actor, partner_id=partner_id)
    _require_edit(actor, partner)
    former = inventory.update_row(
        partner, PartnerIn, version=version, changes=changes, stale=STALE, now=now
    )
    if former is not None:
        inventory.flush_unique(session, "siret", SIRET_TAKEN)
        session.commit()
    return partner


def set_archived(
    *, session: Session, actor: User, partner_id: int, archived: bool, now: datetime
) -> Partner:
    """Archive (no new links; existing ones stay) or restore; an event on each experiment."""
    partner = get(session=session, actor=actor, partner_id=partner_id)
    _require_edit(actor, partner)
    inventory.set_archived(
        session,
        partner,
        archived=archived,
        linked=select(ExperimentPartner.experiment_id).where(
            ExperimentPartner.partner_id == partner.id
        ),
        trigger="partner_archived" if archived else "partner_restored",
        data={"partner_id": partner.id},
        actor=actor,
        now=now,
    )
    return partner


# The experiments of a partner ---------------------------------------------------------------


def experiments_of(
    *, session: Session, actor: User, partner_id: int
) -> list[tuple[Experiment, ExperimentPartner]]:
    """The experiments (visible to the actor) this partner takes part in, with its roles."""
    partner = get(session=session, actor=actor, partner_id=partner_id)
    rows = session.exec(
        select(Experiment, ExperimentPartner)
        .join(ExperimentPartner, col(ExperimentPartner.experiment_id) == Experiment.id)
        .where(ExperimentPartner.partner_id == partner.id, visible_clause(actor))
        .where(col(ExperimentPartner.withdrawn_at).is_(None))
        .order_by(col(Experiment.title), col(Experiment.id), col(ExperimentPartner.role))
    ).all()
    return [(experiment, row) for experiment, row in rows]


__all__ = [
    "create",
    "experiments_of",
    "get",
    "get_link",
    "link",
    "links_of",
    "list_",
    "may_edit",
    "set_archived",
    "update",
    "update_link",
]
