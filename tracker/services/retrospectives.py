"""Retrospectives: opened by every stop, written by the team, published by a chair.

Nothing is deleted: a published retrospective is immutable and grows by dated addenda;
follow-ups the team drops from its list stay, withdrawn.
"""

from datetime import datetime, timedelta
from typing import Any

from pydantic import ValidationError
from sqlalchemy import update
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import Session, col, select

from tracker.models import (
    Experiment,
    FollowUp,
    FollowUpIn,
    Retrospective,
    RetrospectiveAddendum,
    RetrospectiveFields,
    User,
)
from tracker.models.base import pk
from tracker.notifications import retrospectives as retrospective_notices
from tracker.services import gates_access, organisation_settings
from tracker.services import lessons as lesson_service
from tracker.services import users as user_service
from tracker.services.errors import Conflict, Forbidden, GuardFailed, Invalid, NotFound
from tracker.services.experiments import get as get_experiment
from tracker.services.permissions import is_chair, is_team, roles_on
from workflows.definition import N_
from workflows.machine import GuardsFailed
from workflows.machine import fire as fire_machine
from workflows.retrospective import RETROSPECTIVE

STALE = N_("This retrospective was changed by someone else meanwhile; reload it and try again.")
FROZEN = N_("This retrospective is submitted or published: it can no longer be edited.")

# The experiment event written for each transition of its retrospective.
EVENTS = {
    "start_drafting": "retrospective_drafting",
    "submit": "retrospective_submitted",
    "request_changes": "retrospective_changes_requested",
    "publish": "retrospective_published",
}


def open_for_stop(
    session: Session, experiment: Experiment, *, by_board: bool, now: datetime
) -> Retrospective:
    """The retrospective a stop opens (due), in the stop's transaction; the caller commits."""
    days = organisation_settings.thresholds(session, experiment.organisation_id)
    retrospective = Retrospective(
        experiment_id=pk(experiment),
        due_on=now.date() + timedelta(days=days["retrospective_due_days"]),
        decided_by="board" if by_board else "team",
        opened_at=now,
        updated_at=now,
    )
    session.add(retrospective)
    return retrospective


def get(*, session: Session, actor: User, experiment_id: int) -> tuple[Experiment, Retrospective]:
    """The experiment and its retrospective, as visible as the experiment."""
    experiment = get_experiment(session=session, actor=actor, experiment_id=experiment_id)
    retrospective = session.exec(
        select(Retrospective).where(Retrospective.experiment_id == experiment.id)
    ).first()
    if retrospective is None:
        raise NotFound(N_("This experiment has no retrospective: it has not been stopped."))
    return experiment, retrospective


def follow_ups(session: Session, retrospective: Retrospective) -> list[tuple[FollowUp, str | None]]:
    """The follow-ups still listed, in the team's order, with their owner's email."""
    rows = session.exec(
        select(FollowUp, User.email)
        .join(User, col(User.id) == FollowUp.owner_id, isouter=True)
        .where(FollowUp.retrospective_id == retrospective.id, col(FollowUp.withdrawn).is_(False))
        .order_by(col(FollowUp.position))
    ).all()
    return [(row, email) for row, email in rows]


def addenda(session: Session, retrospective: Retrospective) -> list[RetrospectiveAddendum]:
    """The dated additions, oldest first."""
    return list(
        session.exec(
            select(RetrospectiveAddendum)
            .where(RetrospectiveAddendum.retrospective_id == retrospective.id)
            .order_by(col(RetrospectiveAddendum.id))
        ).all()
    )


def _write(
    session: Session, retrospective: Retrospective, expected: int, values: dict[str, Any]
) -> None:
    """UPDATE ... WHERE version = :expected; zero rows means a concurrent writer won."""
    result = session.execute(
        update(Retrospective)
        .where(col(Retrospective.id) == retrospective.id, col(Retrospective.version) == expected)
        .values(version=expected + 1, **values)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        session.rollback()
        raise Conflict(STALE)
    for key, value in {**values, "version": expected + 1}.items():
        set_committed_value(retrospective, key, value)


def _check_version(retrospective: Retrospective, version: int | None) -> None:
    if version is None:
        raise Invalid(errors={"version": [N_("The version you saw is required.")]})
    if retrospective.version != version:
        raise Conflict(STALE, current_version=retrospective.version)


def _owners(session: Session, experiment: Experiment, items: list[FollowUpIn]) -> dict[str, int]:
    """Owner emails resolved among the active users of the experiment's organisation."""
    users = user_service.active_by_email(
        session=session,
        organisation_id=experiment.organisation_id,
        emails=[item.owner for item in items if item.owner],
    )
    found = {email: pk(user) for email, user in users.items()}
    errors = {
        f"follow_ups.{index}.owner": [N_("No active user of the organisation has this email.")]
        for index, item in enumerate(items)
        if item.owner and item.owner.strip() and item.owner.strip().lower() not in found
    }
    if errors:
        raise Invalid(errors=errors)
    return found


def _set_follow_ups(
    session: Session, experiment: Experiment, retrospective: Retrospective, items: list[FollowUpIn]
) -> None:
    """Rewrite the list in place by position; rows beyond the new list are withdrawn."""
    owners = _owners(session, experiment, items)
    current = [row for row, _email in follow_ups(session, retrospective)]
    for position, item in enumerate(items):
        row = current[position] if position < len(current) else None
        if row is None:
            row = FollowUp(retrospective_id=pk(retrospective), title=item.title)
        row.position = position
        row.title = item.title
        row.owner_id = owners.get((item.owner or "").strip().lower())
        row.due_on = item.due_on
        row.status = item.status
        session.add(row)
    for row in current[len(items) :]:
        row.withdrawn = True
        session.add(row)


def _cleared(key: str, value: Any) -> Any:
    """A null sent for a field clears it to what an empty template holds."""
    if value is not None or key in ("cost_eur", "agent_days", "decided_by"):
        return value
    return [] if key == "cause_tags" else ""


def _record(
    session: Session,
    experiment: Experiment,
    actor: User,
    trigger: str,
    data: dict[str, Any],
    now: datetime,
) -> None:
    gates_access.record(session, experiment, actor, trigger, data, now)
    gates_access.touch(session, experiment, now)


def save(
    *,
    session: Session,
    actor: User,
    experiment_id: int,
    version: int | None,
    data: dict[str, Any],
    now: datetime,
) -> Retrospective:
    """The team's save; the first one on a due retrospective starts the draft."""
    experiment, retrospective = get(session=session, actor=actor, experiment_id=experiment_id)
    if not actor.active or not is_team(session, actor, experiment):
        raise Forbidden(N_("Only the owner and the team can write the retrospective."))
    if retrospective.state in ("submitted", "published"):
        raise Conflict(FROZEN)
    _check_version(retrospective, version)
    try:
        fields = RetrospectiveFields.model_validate(data)
    except ValidationError as error:
        raise Invalid.from_validation(error) from None
    values = fields.model_dump(exclude_unset=True, exclude={"follow_ups"})
    values = {key: _cleared(key, value) for key, value in values.items()}
    values = {key: value for key, value in values.items() if key != "decided_by" or value}
    values["updated_at"] = now
    starting = retrospective.state == "due"
    if starting:
        values["state"] = fire_machine(RETROSPECTIVE, "due", "start_drafting", {})
    if fields.follow_ups is not None:
        _set_follow_ups(session, experiment, retrospective, fields.follow_ups)
    _write(session, retrospective, version or 0, values)
    if starting:
        data_ = {"retrospective_id": retrospective.id, "from": "due", "to": "drafting"}
        _record(session, experiment, actor, EVENTS["start_drafting"], data_, now)
    session.commit()
    return retrospective


def _facts(retrospective: Retrospective) -> dict[str, Any]:
    return {
        "what_happened": retrospective.what_happened,
        "why": retrospective.why,
        "what_we_learned": retrospective.what_we_learned,
    }


def fire(
    *,
    session: Session,
    actor: User,
    experiment_id: int,
    trigger: str,
    version: int | None,
    now: datetime,
) -> Retrospective:
    """Submit (the team), request changes or publish (a chair of the experiment's board)."""
    experiment, retrospective = get(session=session, actor=actor, experiment_id=experiment_id)
    if trigger not in RETROSPECTIVE.triggers:
        raise Invalid(N_("Unknown trigger."), errors={"trigger": [N_("Unknown trigger.")]})
    candidates = RETROSPECTIVE.transitions_from(retrospective.state, trigger)
    if not candidates:
        raise Conflict(N_("This step is not possible from the retrospective's current state."))
    roles = roles_on(session, actor, experiment)
    if not any(roles & set(t.fired_by) for t in candidates):
        raise Forbidden(N_("You are not allowed to take this step."))
    if version is not None:
        _check_version(retrospective, version)
    try:
        new_state = fire_machine(RETROSPECTIVE, retrospective.state, trigger, _facts(retrospective))
    except GuardsFailed as refused:
        raise GuardFailed(trigger, refused.reasons) from None
    before = retrospective.state
    values: dict[str, Any] = {"state": new_state, "updated_at": now}
    if trigger == "publish":
        values.update(published_at=now, published_by=actor.id)
    _write(session, retrospective, retrospective.version, values)
    summary = {"retrospective_id": retrospective.id, "from": before, "to": new_state}
    _record(session, experiment, actor, EVENTS[trigger], summary, now)
    if trigger == "publish":
        # Every outcome teaches: the published retrospective becomes a searchable lesson.
        lesson_service.from_retrospective(session, experiment, retrospective, now)
    retrospective_notices.step_taken(
        session=session,
        experiment=experiment,
        retrospective=retrospective,
        trigger=trigger,
        now=now,
    )
    session.commit()
    return retrospective


def add_addendum(
    *, session: Session, actor: User, experiment_id: int, body: str, now: datetime
) -> RetrospectiveAddendum:
    """A dated addition to a published retrospective, by its team or a chair."""
    experiment, retrospective = get(session=session, actor=actor, experiment_id=experiment_id)
    allowed = actor.active and (
        is_team(session, actor, experiment) or is_chair(session, actor, experiment)
    )
    if not allowed:
        raise Forbidden(N_("Only the team or a chair can add to the retrospective."))
    if retrospective.state != "published":
        raise Conflict(N_("Addenda are added once the retrospective is published."))
    text = (body or "").strip()
    if not text or len(text) > 10_000:
        raise Invalid(errors={"body": [N_("Write the addendum (at most 10,000 characters).")]})
    addendum = RetrospectiveAddendum(
        retrospective_id=pk(retrospective), author_id=pk(actor), body=text, at=now
    )
    session.add(addendum)
    session.flush()
    data = {"retrospective_id": retrospective.id, "addendum_id": addendum.id}
    _record(session, experiment, actor, "retrospective_addendum", data, now)
    session.commit()
    return addendum
