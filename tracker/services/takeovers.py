"""Taking over a stopped experiment: offering it to a taker, and a taker picking it up.

Visibility decides who may take over: an internal experiment can be taken over only within
its organisation; a public one by an agent of any organisation (others get a 404, as for
every internal experiment).
"""

from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from tracker.models import Experiment, User
from tracker.services import derivation, versioning
from tracker.services.errors import Conflict, Forbidden, Invalid
from tracker.services.experiments import get as get_experiment
from tracker.services.gates_access import record
from tracker.services.permissions import can_view, is_chair, is_team
from workflows.definition import N_

OFFERED, WITHDRAWN, TAKEN_OVER = "offered_for_takeover", "takeover_offer_withdrawn", "taken_over"


def set_seeking(
    *,
    session: Session,
    actor: User,
    experiment_id: int,
    seeking: bool,
    version: int | None,
    now: datetime,
) -> Experiment:
    """The owner (or team) or a chair offers a stopped experiment to a taker, or withdraws it."""
    experiment = get_experiment(session=session, actor=actor, experiment_id=experiment_id)
    if not actor.active or not (
        is_team(session, actor, experiment) or is_chair(session, actor, experiment)
    ):
        raise Forbidden(N_("Only the owner, the team or a chair can offer this experiment."))
    if experiment.state != "stopped":
        raise Conflict(N_("Only a stopped experiment can look for a taker."))
    versioning.check_version(experiment, version)
    if experiment.seeking_taker == seeking:
        return experiment
    # check_version passed: the version seen is the row's.
    versioning.write(session, experiment, experiment.version, {"seeking_taker": seeking}, now)
    record(session, experiment, actor, OFFERED if seeking else WITHDRAWN, {}, now)
    session.commit()
    return experiment


def set_seeking_from_patch(
    *,
    session: Session,
    actor: User,
    experiment_id: int,
    version: int | None,
    changes: dict[str, Any],
    now: datetime,
) -> Experiment:
    """A PATCH carrying `seeking_taker`: that field alone, a boolean (422 otherwise)."""
    others = sorted(set(changes) - {"seeking_taker"})
    if others:
        message = N_("seeking_taker is changed on its own, without other fields.")
        raise Invalid(errors={name: [message] for name in others})
    seeking = changes["seeking_taker"]
    if not isinstance(seeking, bool):
        raise Invalid(errors={"seeking_taker": [N_("Say true or false.")]})
    return set_seeking(
        session=session,
        actor=actor,
        experiment_id=experiment_id,
        seeking=seeking,
        version=version,
        now=now,
    )


def take_over(*, session: Session, actor: User, experiment_id: int, now: datetime) -> Experiment:
    """A new draft in the actor's organisation, linked to the stopped one and pre-filled.

    The old experiment stops seeking a taker (its version moves, so two takers at once end
    in one takeover and one conflict); the old one's lessons are marked as applied.
    """
    source = get_experiment(session=session, actor=actor, experiment_id=experiment_id)
    if not actor.active:
        raise Forbidden(N_("Your account is deactivated."))
    if source.state != "stopped" or not source.seeking_taker:
        raise Conflict(N_("This experiment is not looking for a taker."))
    seen = source.version
    versioning.write(session, source, seen, {"seeking_taker": False}, now)
    taken = derivation.derive(
        session=session, actor=actor, source=source, link="taken_over_from_id", now=now
    )
    record(
        session,
        source,
        actor,
        TAKEN_OVER,
        {"experiment_id": taken.id, "organisation_id": taken.organisation_id},
        now,
    )
    session.commit()
    return taken


def takers_of(*, session: Session, actor: User, experiment: Experiment) -> list[Experiment]:
    """The experiments that took this one over and that the actor may see."""
    rows = session.exec(
        select(Experiment)
        .where(Experiment.taken_over_from_id == experiment.id)
        .order_by(col(Experiment.id))
    ).all()
    return [row for row in rows if can_view(actor, row)]


def taken_from(*, session: Session, actor: User, experiment: Experiment) -> Experiment | None:
    """The experiment this one took over, when the actor may see it."""
    if experiment.taken_over_from_id is None:
        return None
    source = session.get(Experiment, experiment.taken_over_from_id)
    return source if source is not None and can_view(actor, source) else None
