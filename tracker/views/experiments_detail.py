"""What the experiment page shows: stepper, actions, journal and timeline, ready to render."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask_babel import gettext
from sqlmodel import Session, select

from tracker.forms.experiments import JournalForm, TransitionForm
from tracker.forms.service_errors import translate
from tracker.models import (
    CREATED,
    UPDATED,
    Event,
    Experiment,
    Organisation,
    Retrospective,
    User,
)
from tracker.services import experiments as experiment_service
from tracker.services import journal as journal_service
from tracker.services import permissions
from tracker.services import transitions as transition_service
from tracker.views.ecosystem_panel import ecosystem_panel
from tracker.views.experiments_labels import (
    FIELD_LABELS,
    STATE_LABELS,
    STOP_REASON_LABELS,
    TRIGGER_LABELS,
    label,
)
from tracker.views.gates_panel import gate_panel
from workflows.experiment import EXPERIMENT, GATE, TERMINAL

# The path people know (ARCHITECTURE §3); the outcome step stands for scale, adapt or stop.
PHASES = ("draft", "prototype", "pilot", "evaluation")
OUTCOME_STATES = ("scaling", "scaled", "stopped")


@dataclass
class Step:
    key: str
    label: str
    status: str  # done | current | upcoming | not_reached


@dataclass
class TimelineItem:
    at: datetime
    who: str
    trigger: str
    from_state: str
    to_state: str
    reason: str


def stepper(experiment: Experiment, visited: set[str]) -> list[Step]:
    """The phases with the current one marked; a stop can skip phases, which stay not reached."""
    keys = [*PHASES, "outcome"]
    current = "outcome" if experiment.state in OUTCOME_STATES else experiment.state
    position = keys.index(current)
    steps = []
    for index, key in enumerate(keys):
        if key == "outcome":
            text = (
                label(STATE_LABELS, experiment.state)
                if current == "outcome"
                else gettext("Outcome: scale, adapt or stop")
            )
        else:
            text = label(STATE_LABELS, key)
        if index == position:
            status = "current"
        elif index > position:
            status = "upcoming"
        else:
            status = "done" if key in visited else "not_reached"
        steps.append(Step(key, text, status))
    return steps


def _names(session: Session, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    users = session.exec(select(User).where(User.id.in_(ids))).all()  # type: ignore[union-attr]
    return {user.id: user.name for user in users}  # type: ignore[misc]


def _reason(event: Event) -> str:
    if event.trigger == UPDATED:
        fields = ", ".join(label(FIELD_LABELS, name) for name in event.data.get("fields", []))
        return gettext("Changed: %(fields)s", fields=fields) if fields else ""
    if event.trigger == "stop" and event.data.get("stop_reason"):
        why = label(STOP_REASON_LABELS, event.data["stop_reason"])
        return f"{why}. {event.reason}" if event.reason else why
    return event.reason


def timeline(events: list[Event], names: dict[int, str]) -> list[TimelineItem]:
    """Every event, oldest first, in words."""
    return [
        TimelineItem(
            at=event.at,
            who=names.get(event.actor_id, gettext("System")),  # type: ignore[arg-type]
            trigger=label(TRIGGER_LABELS, event.trigger),
            from_state=label(STATE_LABELS, event.from_state),
            to_state=label(STATE_LABELS, event.to_state),
            reason=_reason(event),
        )
        for event in events
    ]


def actions(
    session: Session, actor: User, experiment: Experiment
) -> tuple[list[tuple[str, str]], list[tuple[str, list[str]]]]:
    """(trigger, label) the actor may fire now, and (label, translated reasons) still blocked."""
    allowed, blocked = transition_service.triggers_for(
        session=session, actor=actor, experiment=experiment
    )
    ready = [(trigger, label(TRIGGER_LABELS, trigger)) for trigger in allowed]
    missing = [
        (label(TRIGGER_LABELS, trigger), [translate(reason) for reason in reasons])
        for trigger, reasons in blocked.items()
    ]
    return ready, missing


def board_steps(experiment: Experiment) -> list[str]:
    """Steps from here that only a review board decision can take (shown, never as buttons)."""
    seen: list[str] = []
    for transition in EXPERIMENT.transitions_from(experiment.state):
        name = label(TRIGGER_LABELS, transition.trigger)
        if transition.fired_by == (GATE,) and name not in seen:
            seen.append(name)
    return seen


def detail_context(
    session: Session,
    actor: User,
    experiment: Experiment,
    *,
    journal_form: JournalForm | None = None,
    stop_form: TransitionForm | None = None,
    problem: list[str] | None = None,
    scaling_form: Any = None,
) -> dict[str, Any]:
    """Everything the detail template needs, read through the services."""
    events = experiment_service.events(session=session, actor=actor, experiment_id=experiment.id)  # type: ignore[arg-type]
    entries = journal_service.entries(session=session, actor=actor, experiment_id=experiment.id)  # type: ignore[arg-type]
    team = experiment_service.team_of(session, experiment)
    names = _names(
        session,
        {experiment.owner_id}
        | {e.actor_id for e in events if e.actor_id}
        | {entry.author_id for entry in entries},
    )
    allowed, blocked = actions(session, actor, experiment)
    on_team = permissions.is_team(session, actor, experiment)
    closed = experiment.state in TERMINAL
    if stop_form is None:
        stop_form = TransitionForm(formdata=None, data={"trigger": "stop"})
    if journal_form is None:
        journal_form = JournalForm(formdata=None)
    visited = {e.to_state for e in events if e.trigger not in (CREATED, UPDATED)} | {"draft"}
    return {
        "experiment": experiment,
        "organisation": session.get(Organisation, experiment.organisation_id),
        "owner_name": names.get(experiment.owner_id, ""),
        "team": team,
        "steps": stepper(experiment, visited),
        # Stop and complete_scaling have forms of their own (they need a reason, a report).
        "allowed": [a for a in allowed if a[0] not in ("stop", "complete_scaling")],
        "can_stop": any(trigger == "stop" for trigger, _label in allowed),
        "blocked": blocked,
        "board_steps": [] if closed else board_steps(experiment),
        "can_edit": on_team and not closed,
        "can_log": on_team,
        "entries": entries,
        "names": names,
        "timeline": timeline(events, names),
        "journal_form": journal_form,
        "stop_form": stop_form,
        "problem": problem or [],
        "retrospective": session.exec(
            select(Retrospective).where(Retrospective.experiment_id == experiment.id)
        ).first(),
        **gate_panel(session, actor, experiment, scaling_form),
        **ecosystem_panel(session, actor, experiment),
    }
