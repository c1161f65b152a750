"""Partners: a shared inventory, and their roles in experiments.

Any signed-in user reads the inventory and records a partner; the organisation that recorded
it edits or archives it. Linking a partner to an experiment, changing the
role or withdrawing it is the team's, and each is an event on the experiment's timeline.
Nothing is deleted: an archived partner keeps its links, a withdrawn link stays readable.
"""

from datetime import datetime
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from tracker.models import (
    PARTNER_ROLES,
    Event,
    Experiment,
    ExperimentPartner,
    Partner,
    PartnerIn,
    User,
)
from tracker.models.base import pk
from tracker.services import experiments as experiment_service
from tracker.services import inventory
from tracker.services.errors import Conflict, Forbidden, Invalid, NotFound
from tracker.services.permissions import require_team, visible_clause
from workflows.definition import N_
from workflows.experiment import TERMINAL

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
    return list(
        session.exec(
            select(Partner)
            .where(col(Partner.archived_at).is_(None))
            .order_by(col(Partner.name), col(Partner.id))
        ).all()
    )


def get(*, session: Session, actor: User, partner_id: int) -> Partner:
    inventory.require_active(actor)
    partner = session.get(Partner, partner_id)
    if partner is None:
        raise NotFound(NOT_FOUND)
    return partner


def may_edit(actor: User, partner: Partner) -> bool:
    """The organisation that recorded a partner keeps its record (others read it)."""
    return actor.active and actor.organisation_id == partner.organisation_id


def _require_edit(actor: User, partner: Partner) -> None:
    if not may_edit(actor, partner):
        raise Forbidden(N_("Only the organisation that recorded this partner can change it."))


def _flush_unique(session: Session) -> None:
    try:
        session.flush()
    except IntegrityError:
        session.rollback()
        raise Invalid(errors={"siret": [SIRET_TAKEN]}) from None


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
    _flush_unique(session)
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
    partner = get(session=session, actor=actor, partner_id=partner_id)
    _require_edit(actor, partner)
    if version is None:
        raise Invalid(errors={"version": [N_("The version you saw is required.")]})
    if partner.version != version:
        raise Conflict(STALE, current_version=partner.version)
    current = {name: getattr(partner, name) for name in PartnerIn.model_fields}
    unknown = set(changes) - set(current)
    if unknown:
        raise Invalid(errors={name: [N_("Unknown field.")] for name in sorted(unknown)})
    values = inventory.validate(PartnerIn, {**current, **changes}).model_dump()
    if values == current:
        return partner
    for name, value in values.items():
        setattr(partner, name, value)
    partner.version += 1
    partner.updated_at = now
    _flush_unique(session)
    session.commit()
    return partner


def set_archived(
    *, session: Session, actor: User, partner_id: int, archived: bool, now: datetime
) -> Partner:
    """Archive (no new links; existing ones stay) or restore; an event on each experiment."""
    partner = get(session=session, actor=actor, partner_id=partner_id)
    _require_edit(actor, partner)
    if (partner.archived_at is not None) == archived:
        return partner
    partner.archived_at = now if archived else None
    partner.version += 1
    partner.updated_at = now
    linked = select(ExperimentPartner.experiment_id).where(
        ExperimentPartner.partner_id == partner.id
    )
    inventory.record_on_experiments(
        session,
        linked,
        trigger="partner_archived" if archived else "partner_restored",
        actor=actor,
        reason=partner.name,
        data={"partner_id": partner.id},
        now=now,
    )
    session.commit()
    return partner


# Links to experiments ---------------------------------------------------------------------


def links_of(
    *, session: Session, actor: User, experiment_id: int, include_withdrawn: bool = False
) -> list[tuple[ExperimentPartner, Partner]]:
    """The partners of an experiment the actor may see, with their roles, by name."""
    experiment = experiment_service.get(session=session, actor=actor, experiment_id=experiment_id)
    query = (
        select(ExperimentPartner, Partner)
        .join(Partner, col(Partner.id) == ExperimentPartner.partner_id)
        .where(ExperimentPartner.experiment_id == experiment.id)
    )
    if not include_withdrawn:
        query = query.where(col(ExperimentPartner.withdrawn_at).is_(None))
    rows = session.exec(query.order_by(col(Partner.name), col(ExperimentPartner.id))).all()
    return [(link, partner) for link, partner in rows]


def get_link(
    *, session: Session, actor: User, experiment_id: int, link_id: int
) -> tuple[ExperimentPartner, Partner]:
    """One link of an experiment the actor may see (withdrawn ones too)."""
    experiment = experiment_service.get(session=session, actor=actor, experiment_id=experiment_id)
    row = session.get(ExperimentPartner, link_id)
    if row is None or row.experiment_id != experiment.id:
        raise NotFound(N_("This partner is not linked to the experiment."))
    partner = session.get(Partner, row.partner_id)
    assert partner is not None  # a foreign key
    return row, partner


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
    return [(experiment, link) for experiment, link in rows]


def _team_experiment(session: Session, actor: User, experiment_id: int) -> Experiment:
    experiment = experiment_service.get(session=session, actor=actor, experiment_id=experiment_id)
    require_team(session, actor, experiment)
    if experiment.state in TERMINAL:
        raise Conflict(N_("A closed experiment can no longer be edited."))
    return experiment


def _check_role(role: str) -> None:
    if role not in PARTNER_ROLES:
        raise Invalid(errors={"role": [N_("Unknown role.")]})


def _event(
    session: Session,
    experiment: Experiment,
    actor: User,
    trigger: str,
    partner: Partner,
    now: datetime,
    **data: Any,
) -> None:
    session.add(
        Event(
            experiment_id=pk(experiment),
            trigger=trigger,
            from_state=experiment.state,
            to_state=experiment.state,
            actor_id=actor.id,
            reason=partner.name,
            data={"partner_id": partner.id, **data},
            at=now,
        )
    )


def link(
    *,
    session: Session,
    actor: User,
    experiment_id: int,
    partner_id: int,
    role: str,
    note: str = "",
    now: datetime,
) -> ExperimentPartner:
    """The team adds a partner with a role (a withdrawn link of that role comes back)."""
    experiment = _team_experiment(session, actor, experiment_id)
    _check_role(role)
    partner = session.get(Partner, partner_id)
    if partner is None or partner.archived_at is not None:
        raise Invalid(errors={"partner_id": [N_("Unknown partner.")]})
    if len(note) > 500:
        raise Invalid(errors={"note": [N_("500 characters at most.")]})
    existing = session.exec(
        select(ExperimentPartner).where(
            ExperimentPartner.experiment_id == experiment.id,
            ExperimentPartner.partner_id == partner.id,
            ExperimentPartner.role == role,
        )
    ).first()
    if existing is not None and existing.withdrawn_at is None:
        raise Conflict(N_("This partner already has this role in the experiment."))
    if existing is not None:
        existing.withdrawn_at = None
        existing.note = note.strip()
        row = existing
    else:
        row = ExperimentPartner(
            experiment_id=pk(experiment),
            partner_id=pk(partner),
            role=role,
            note=note.strip(),
            created_by=actor.id,
            created_at=now,
        )
        session.add(row)
    _event(session, experiment, actor, "partner_linked", partner, now, role=role)
    try:
        session.flush()
    except IntegrityError:
        session.rollback()
        raise Conflict(N_("This partner already has this role in the experiment.")) from None
    session.commit()
    return row


def update_link(
    *,
    session: Session,
    actor: User,
    experiment_id: int,
    link_id: int,
    changes: dict[str, Any],
    now: datetime,
) -> ExperimentPartner:
    """Change the role or note of a link, or withdraw it (`withdrawn: true`); the team's."""
    experiment = _team_experiment(session, actor, experiment_id)
    row = session.get(ExperimentPartner, link_id)
    if row is None or row.experiment_id != experiment.id:
        raise NotFound(N_("This partner is not linked to the experiment."))
    partner = session.get(Partner, row.partner_id)
    assert partner is not None  # a foreign key
    unknown = set(changes) - {"role", "note", "withdrawn"}
    if unknown:
        raise Invalid(errors={name: [N_("Unknown field.")] for name in sorted(unknown)})
    if "role" in changes and changes["role"] is not None:
        _check_role(changes["role"])
        row.role = changes["role"]
    if "note" in changes and changes["note"] is not None:
        if len(changes["note"]) > 500:
            raise Invalid(errors={"note": [N_("500 characters at most.")]})
        row.note = changes["note"].strip()
    withdrawn = changes.get("withdrawn")
    if withdrawn is True and row.withdrawn_at is None:
        row.withdrawn_at = now
        _event(session, experiment, actor, "partner_withdrawn", partner, now, role=row.role)
    elif withdrawn is False and row.withdrawn_at is not None:
        row.withdrawn_at = None
        _event(session, experiment, actor, "partner_linked", partner, now, role=row.role)
    elif session.is_modified(row):
        _event(session, experiment, actor, "partner_changed", partner, now, role=row.role)
    try:
        session.flush()
    except IntegrityError:
        session.rollback()
        raise Conflict(N_("This partner already has this role in the experiment.")) from None
    session.commit()
    return row
