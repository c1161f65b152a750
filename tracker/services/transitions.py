"""Firing the experiment state machine: permission, version, guards, event, one transaction."""

from datetime import datetime
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, select

from tracker.models import Event, Experiment, JournalEntry, User
from tracker.models.base import pk
from tracker.notifications import notify
from tracker.services import gates_access, versioning
from tracker.services import retrospectives as retrospective_service
from tracker.services import scaling as scaling_service
from tracker.services.errors import Conflict, Forbidden, GuardFailed, Invalid
from tracker.services.experiments import get
from tracker.services.permissions import roles_on
from workflows.definition import N_
from workflows.experiment import EXPERIMENT, GATE, ITERATING_TRIGGERS
from workflows.machine import GuardsFailed, InvalidTransition, available_triggers
from workflows.machine import fire as fire_machine

# What a caller may send with each trigger it fires itself; gate decisions add theirs.
TRIGGER_PARAMS = {
    "stop": ("stop_reason", "explanation"),
    "complete_scaling": ("scaling_report",),
}


def facts_for(
    session: Session, experiment: Experiment, params: dict[str, Any] | None = None
) -> dict[str, Any]:
    """What the guards read: the record, the pilot evidence count, and the call's inputs."""
    pilot_entries = session.exec(
        select(func.count())
        .select_from(JournalEntry)
        .where(
            JournalEntry.experiment_id == experiment.id,
            JournalEntry.logged_in_state == "pilot",
            JournalEntry.iteration == experiment.iteration,
        )
    ).one()
    return facts_for_counted(experiment, pilot_entries, params)


def facts_for_counted(
    experiment: Experiment, pilot_entries: int, params: dict[str, Any] | None = None
) -> dict[str, Any]:
    """The guards' facts when the pilot evidence is already counted (lists count in bulk)."""
    return {
        "problem": experiment.problem,
        "hypothesis": experiment.hypothesis,
        "target_users": experiment.target_users,
        "success_criteria": experiment.success_criteria,
        "stop_criteria": experiment.stop_criteria,
        "pilot_journal_count": pilot_entries,
        **(params or {}),
    }


def triggers_for(
    *, session: Session, actor: User, experiment: Experiment
) -> tuple[list[str], dict[str, list[str]]]:
    """The triggers the actor may fire now, and those they could fire but whose guards fail."""
    roles = roles_on(session, actor, experiment)
    theirs = {
        t.trigger for t in EXPERIMENT.transitions_from(experiment.state) if roles & set(t.fired_by)
    }
    if not theirs:
        return [], {}
    ready, blocked = available_triggers(
        EXPERIMENT, experiment.state, facts_for(session, experiment), theirs
    )
    return ready, {trigger: [g.message for g in guards] for trigger, guards in blocked.items()}


def fire(
    *,
    session: Session,
    actor: User,
    experiment_id: int,
    trigger: str,
    version: int | None,
    params: dict[str, Any],
    now: datetime,
) -> Experiment:
    """Fire a trigger the actor holds a role for (team or chair); gates fire theirs via apply."""
    experiment = get(session=session, actor=actor, experiment_id=experiment_id)
    if trigger not in EXPERIMENT.triggers:
        raise Invalid(N_("Unknown trigger."), errors={"trigger": [N_("Unknown trigger.")]})
    candidates = EXPERIMENT.transitions_from(experiment.state, trigger)
    if not candidates:
        raise Conflict(N_("This step is not possible from the experiment's current state."))
    roles = roles_on(session, actor, experiment)
    if not any(roles & set(t.fired_by) for t in candidates):
        if all(t.fired_by == (GATE,) for t in candidates):
            raise Forbidden(N_("This step is taken by a decision of the review board."))
        raise Forbidden(N_("You are not allowed to take this step."))
    versioning.check_version(experiment, version)
    allowed = TRIGGER_PARAMS.get(trigger, ())
    inputs = {key: params.get(key) for key in allowed}
    event = apply(
        session=session,
        actor=actor,
        experiment=experiment,
        trigger=trigger,
        version=version,
        inputs=inputs,
        now=now,
    )
    if trigger == "stop":
        _withdraw_open_gate(session, actor, experiment, event)
    session.commit()
    return experiment


def _withdraw_open_gate(
    session: Session, actor: User, experiment: Experiment, event: Event
) -> None:
    """A team that stops its experiment withdraws its open gate: no board decides on a stopped
    experiment, and a gate only ever closes by a decision or a withdrawal."""
    gate = gates_access.open_gate(session, pk(experiment))
    if gate is None:
        return
    gates_access.close(session, gate, "withdrawn", actor, event.at, gate.version)
    gates_access.record(
        session,
        experiment,
        actor,
        "gate_withdrawn",
        {"gate_id": gate.id, "kind": gate.kind},
        event.at,
        reason=event.reason,
    )


def apply(
    *,
    session: Session,
    actor: User,
    experiment: Experiment,
    trigger: str,
    version: int | None,
    inputs: dict[str, Any],
    now: datetime,
    reason: str = "",
) -> Event:
    """Run the machine and write state, version and event; the caller commits.

    Permission is the caller's job; this is the one place where the state column changes.
    """
    if version is None:
        raise Invalid(errors={"version": [N_("The version you saw is required.")]})
    try:
        new_state = fire_machine(
            EXPERIMENT, experiment.state, trigger, facts_for(session, experiment, inputs)
        )
    except GuardsFailed as refused:
        raise GuardFailed(trigger, refused.reasons) from None
    except InvalidTransition:
        # A gate decided after the experiment moved on: a conflict, never a crash.
        raise Conflict(
            N_("This step is not possible from the experiment's current state.")
        ) from None
    before = experiment.state
    values: dict[str, Any] = {"state": new_state}
    if trigger in ITERATING_TRIGGERS:
        values["iteration"] = experiment.iteration + 1
    if trigger == "stop":
        values["stop_reason"] = inputs["stop_reason"]
        values["stop_explanation"] = inputs["explanation"]
        reason = reason or str(inputs["explanation"])
    versioning.write(session, experiment, version, values, now)
    event = Event(
        experiment_id=pk(experiment),
        trigger=trigger,
        from_state=before,
        to_state=new_state,
        actor_id=actor.id,
        reason=reason,
        data={k: v for k, v in inputs.items() if v is not None},
        at=now,
    )
    session.add(event)
    session.flush()
    if trigger == "scale":
        scaling_service.open_for_scale(session, experiment, route=inputs.get("route"), now=now)
    if trigger == "complete_scaling":
        report = str(inputs["scaling_report"])
        scaling_service.record_report(session, experiment, report, actor, now)
    if trigger == "stop":
        # Every stop opens its retrospective; a gate decision passes the board's `decision`.
        by_board = bool(inputs.get("decision"))
        retrospective_service.open_for_stop(session, experiment, by_board=by_board, now=now)
        notify.experiment_stopped(session=session, experiment=experiment, event=event, now=now)
    return event
