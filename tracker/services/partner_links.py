"""A partner's roles in experiments: the team links, changes and withdraws (never deletes);
each step is an event on the experiment's timeline."""

from datetime import datetime
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from tracker.models import PARTNER_ROLES, Event, Experiment, ExperimentPartner, Partner, User
from tracker.models.base import pk
from tracker.services import experiments as experiment_service
from tracker.services.errors import Conflict, Invalid, NotFound
from tracker.services.permissions import require_team
from workflows.definition import N_
from workflows.experiment import TERMINAL


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
