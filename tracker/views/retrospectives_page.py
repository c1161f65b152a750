"""What the retrospective page shows: the account, the facts beside it, what the viewer may do."""

from datetime import date, datetime
from typing import Any

from sqlmodel import Session, select

from tracker.forms.retrospectives import AddendumForm
from tracker.forms.service_errors import translate
from tracker.models import Experiment, Retrospective, User
from tracker.services import retrospectives as retrospective_service
from tracker.services import retrospectives_prefill
from tracker.services.permissions import is_chair, is_team, roles_on
from tracker.services.retrospectives_list import is_overdue
from tracker.views.experiments_labels import STATE_LABELS, TRIGGER_LABELS, label
from tracker.views.gates_labels import DECISION_LABELS, GATE_KIND_LABELS
from tracker.views.retrospectives_labels import RETROSPECTIVE_TRIGGER_LABELS
from workflows.machine import GuardsFailed
from workflows.machine import fire as fire_machine
from workflows.retrospective import RETROSPECTIVE

EDITABLE = ("due", "drafting")


def _names(session: Session, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    users = session.exec(select(User).where(User.id.in_(ids))).all()  # type: ignore[union-attr]
    return {user.id: user.name for user in users}  # type: ignore[misc]


def _actions(
    session: Session, actor: User, experiment: Experiment, retrospective: Retrospective
) -> tuple[list[tuple[str, str]], list[tuple[str, list[str]]]]:
    """(trigger, label) the viewer may fire, and (label, reasons) of those still blocked."""
    roles = roles_on(session, actor, experiment)
    facts = {
        "what_happened": retrospective.what_happened,
        "why": retrospective.why,
        "what_we_learned": retrospective.what_we_learned,
    }
    ready, blocked = [], []
    for transition in RETROSPECTIVE.transitions_from(retrospective.state):
        if transition.trigger == "start_drafting" or not roles & set(transition.fired_by):
            continue
        name = label(RETROSPECTIVE_TRIGGER_LABELS, transition.trigger)
        try:
            fire_machine(RETROSPECTIVE, retrospective.state, transition.trigger, facts)
        except GuardsFailed as refused:
            blocked.append((name, [translate(reason) for reason in refused.reasons]))
        else:
            ready.append((transition.trigger, name))
    return ready, blocked


def _when(value: str | None) -> datetime | date | None:
    """The prefill's ISO strings back as dates for the localised macros."""
    if not value:
        return None
    return date.fromisoformat(value) if len(value) == 10 else datetime.fromisoformat(value)


def _facts(session: Session, experiment: Experiment) -> dict[str, Any]:
    facts = retrospectives_prefill.prefill(session, experiment)
    for item in facts["timeline"]:
        item["at"] = _when(item["at"])
        item["trigger_label"] = label(TRIGGER_LABELS, item["trigger"])
        item["from_label"] = label(STATE_LABELS, item["from_state"])
        item["to_label"] = label(STATE_LABELS, item["to_state"])
    for item in facts["gate_decisions"]:
        item["decided_at"] = _when(item["decided_at"])
        item["decision_label"] = label(DECISION_LABELS, item["decision"])
        item["kind_label"] = label(GATE_KIND_LABELS, item["kind"])
    for item in facts["measurements"]:
        item["measured_on"] = _when(item["measured_on"])
    return facts


def page_context(
    session: Session,
    actor: User,
    experiment: Experiment,
    retrospective: Retrospective,
    *,
    today: date,
    addendum_form: AddendumForm | None = None,
    problem: list[str] | None = None,
) -> dict[str, Any]:
    """Everything the retrospective page needs, read through the services."""
    follow_ups = retrospective_service.follow_ups(session, retrospective)
    addenda = retrospective_service.addenda(session, retrospective)
    names = _names(
        session,
        {a.author_id for a in addenda}
        | ({retrospective.published_by} if retrospective.published_by else set()),
    )
    on_team = actor.active and is_team(session, actor, experiment)
    chair = actor.active and is_chair(session, actor, experiment)
    ready, blocked = _actions(session, actor, experiment, retrospective)
    published = retrospective.state == "published"
    return {
        "experiment": experiment,
        "retrospective": retrospective,
        "facts": _facts(session, experiment),
        "follow_ups": follow_ups,
        "addenda": addenda,
        "names": names,
        "overdue": is_overdue(retrospective, today),
        "can_edit": on_team and retrospective.state in EDITABLE,
        "can_add": published and (on_team or chair),
        "actions": ready,
        "blocked": blocked,
        "addendum_form": addendum_form or AddendumForm(formdata=None),
        "problem": problem or [],
    }
