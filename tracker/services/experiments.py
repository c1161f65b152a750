"""Experiments: create, read, edit, list. State changes live in services.transitions."""

from datetime import datetime
from typing import Any

from pydantic import ValidationError
from sqlmodel import Session, col, select

from tracker.models import (
    CREATED,
    UPDATED,
    Event,
    Experiment,
    ExperimentCreate,
    ExperimentMember,
    User,
)
from tracker.models.base import pk
from tracker.services import experiment_territories, gates_lock, versioning
from tracker.services import territories as territory_service
from tracker.services import users as user_service
from tracker.services.errors import Conflict, Invalid, NotFound
from tracker.services.permissions import require_admin, require_team, require_view
from workflows.definition import N_
from workflows.experiment import TERMINAL

# Fields kept in link tables rather than columns of the experiment row.
LINKED = ("team", "territory_ids")
EDITABLE = tuple(n for n in ExperimentCreate.model_fields if n not in LINKED) + LINKED


def _validate(data: dict[str, Any]) -> ExperimentCreate:
    try:
        return ExperimentCreate.model_validate(data)
    except ValidationError as error:
        raise Invalid.from_validation(error) from None


def _row_values(fields: ExperimentCreate) -> dict[str, Any]:
    values = fields.model_dump(exclude=set(LINKED))
    values["success_criteria"] = [c.model_dump() for c in fields.success_criteria]
    return values


def _resolve_team(session: Session, actor: User, emails: list[str]) -> list[User]:
    return user_service.colleagues(
        session=session, organisation_id=actor.organisation_id, emails=emails, field="team"
    )


def team_of(session: Session, experiment: Experiment) -> list[User]:
    """The team members of an experiment (its owner excluded), by name."""
    return list(
        session.exec(
            select(User)
            .join(ExperimentMember, col(ExperimentMember.user_id) == User.id)
            .where(ExperimentMember.experiment_id == experiment.id)
            .order_by(User.name)
        ).all()
    )


def _set_team(session: Session, experiment: Experiment, members: list[User]) -> None:
    current = {
        m.user_id
        for m in session.exec(
            select(ExperimentMember).where(ExperimentMember.experiment_id == experiment.id)
        ).all()
    }
    wanted = {pk(m) for m in members if m.id != experiment.owner_id}
    if current - wanted:
        # Leaving a team is the one removal allowed: it is membership, not history,
        # and the update event keeps who was on the team before.
        for link in session.exec(
            select(ExperimentMember).where(
                ExperimentMember.experiment_id == experiment.id,
                col(ExperimentMember.user_id).in_(current - wanted),
            )
        ).all():
            session.delete(link)
    for user_id in wanted - current:
        session.add(ExperimentMember(experiment_id=pk(experiment), user_id=user_id))


def _team_change(
    session: Session, actor: User, experiment: Experiment, emails: list[str], current: list[str]
) -> list[User] | None:
    """The new team when it really differs from the current one, else None.

    Emails differing only in case, or the owner listing themselves, are no change: a
    re-submitted form must not bump the version and make everyone else's form stale.
    """
    if {email.lower() for email in emails} == {email.lower() for email in current}:
        return None
    members = [m for m in _resolve_team(session, actor, emails) if m.id != experiment.owner_id]
    if {m.id for m in members} == {user.id for user in team_of(session, experiment)}:
        return None
    return members


def create(*, session: Session, actor: User, data: dict[str, Any], now: datetime) -> Experiment:
    """A new draft owned by the actor, with its `create` event."""
    fields = _validate(data)
    members = _resolve_team(session, actor, fields.team)
    territories = experiment_territories.resolve(session, data, [], now) or []
    fields.territory = territory_service.label(territories)
    experiment = Experiment(
        **_row_values(fields),
        organisation_id=actor.organisation_id,
        owner_id=pk(actor),
        created_at=now,
        updated_at=now,
        last_activity_at=now,
    )
    session.add(experiment)
    session.flush()
    _set_team(session, experiment, members)
    experiment_territories.set_links(session, experiment, territories)
    session.add(
        Event(
            experiment_id=pk(experiment),
            trigger=CREATED,
            to_state=experiment.state,
            actor_id=actor.id,
            at=now,
        )
    )
    session.commit()
    return experiment


def get(*, session: Session, actor: User, experiment_id: int) -> Experiment:
    """The experiment if the actor may see it (NotFound otherwise)."""
    return require_view(actor, session.get(Experiment, experiment_id))


def current_values(session: Session, experiment: Experiment) -> dict[str, Any]:
    """The editable fields as the input models take them."""
    values = {name: getattr(experiment, name) for name in EDITABLE if name not in LINKED}
    values["team"] = [user.email for user in team_of(session, experiment)]
    values["territory_ids"] = experiment_territories.linked_ids(session, experiment)
    return values


def update(
    *,
    session: Session,
    actor: User,
    experiment_id: int,
    version: int | None,
    changes: dict[str, Any],
    now: datetime,
) -> Experiment:
    """Edit fields; refused when the version is stale or the experiment is closed."""
    experiment = get(session=session, actor=actor, experiment_id=experiment_id)
    require_team(session, actor, experiment)
    return _apply_update(session, actor, experiment, version, changes, now)


def update_as_admin(
    *,
    session: Session,
    actor: User,
    experiment_id: int,
    version: int | None,
    changes: dict[str, Any],
    now: datetime,
) -> Experiment:
    """The same edit by an administrator of the experiment's organisation (bulk import)."""
    require_admin(actor)
    experiment = session.get(Experiment, experiment_id)
    if experiment is None or experiment.organisation_id != actor.organisation_id:
        raise NotFound(N_("Experiment not found."))
    return _apply_update(session, actor, experiment, version, changes, now)


def _apply_update(
    session: Session,
    actor: User,
    experiment: Experiment,
    version: int | None,
    changes: dict[str, Any],
    now: datetime,
) -> Experiment:
    if version is None:
        raise Invalid(errors={"version": [N_("The version you edited is required.")]})
    # The reason travels with the changes (PATCH body) but is not a field of the experiment.
    changes = dict(changes)
    amendment_reason = changes.pop("amendment_reason", None)
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise Invalid(errors={name: [N_("Unknown field.")] for name in sorted(unknown)})
    if experiment.state in TERMINAL:
        raise Conflict(N_("A closed experiment can no longer be edited."))
    versioning.check_version(experiment, version)
    before = current_values(session, experiment)
    fields = _validate({**before, **changes})
    territories = experiment_territories.resolve(session, changes, before["territory_ids"], now)
    if territories is not None:
        fields.territory = territory_service.label(territories)
    after = _row_values(fields)
    changed = {k: v for k, v in after.items() if v != before.get(k)}
    new_team = _team_change(session, actor, experiment, fields.team, before["team"])
    team_changed = new_team is not None
    territories_changed = territories is not None and {pk(t) for t in territories} != set(
        before["territory_ids"]
    )
    if not changed and not team_changed and not territories_changed:
        return experiment
    amending = gates_lock.check_change(session, experiment, set(changed), amendment_reason)
    if new_team is not None:
        _set_team(session, experiment, new_team)
    if territories is not None and territories_changed:
        experiment_territories.set_links(session, experiment, territories)
    versioning.write(session, experiment, version, changed, now)
    names = sorted(set(changed) | ({"territory"} if territories_changed else set()))
    names += ["team"] if team_changed else []
    session.add(
        Event(
            experiment_id=pk(experiment),
            trigger=UPDATED,
            from_state=experiment.state,
            to_state=experiment.state,
            actor_id=actor.id,
            data={"fields": names},
            at=now,
        )
    )
    if amending:
        gates_lock.record_amendment(
            session,
            experiment,
            actor,
            before=before,
            after=after,
            reason=str(amendment_reason),
            now=now,
        )
    session.commit()
    return experiment


def events(*, session: Session, actor: User, experiment_id: int) -> list[Event]:
    """The timeline of an experiment, oldest first."""
    experiment = get(session=session, actor=actor, experiment_id=experiment_id)
    return list(
        session.exec(
            select(Event).where(Event.experiment_id == experiment.id).order_by(col(Event.id))
        ).all()
    )
