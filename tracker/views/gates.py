"""Gate pages: the voting queue, a gate's page, votes, decisions, withdrawal, conditions.

The requests (from the experiment page) live in gates_requests, registered on this blueprint.
"""

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlmodel import col, select
from werkzeug.wrappers import Response

from tracker import clock
from tracker.db import get_session
from tracker.forms.boards import scorecard_label
from tracker.forms.gates import DecisionForm, WithdrawForm, vote_form
from tracker.forms.service_errors import translate
from tracker.models import Experiment, Gate, User
from tracker.services import gates as gate_service
from tracker.services import gates_access
from tracker.services.errors import Conflict, Forbidden, GuardFailed, Invalid, NotFound
from tracker.views import gates_labels
from tracker.views.experiments_labels import DIRECTION_LABELS, STOP_REASON_LABELS, label
from tracker.views.gates_page import gate_context
from tracker.views.gates_panel import criteria_lock
from workflows.experiment import (
    HAS_CHANGES,
    HAS_EXPLANATION,
    HAS_RESTART_POINT,
    HAS_ROUTE,
    HAS_STOP_REASON,
    RESTART_AT_PILOT,
    RESTART_AT_PROTOTYPE,
)

bp = Blueprint("gates", __name__, url_prefix="/gates")

Rendered = str | tuple[str, int]

# Experiment guards that a decision's fields satisfy, so a refusal lands on the right field.
_DECISION_FIELDS = {
    HAS_ROUTE.message: "route",
    HAS_CHANGES.message: "changes",
    HAS_RESTART_POINT.message: "restart_at",
    RESTART_AT_PROTOTYPE.message: "restart_at",
    RESTART_AT_PILOT.message: "restart_at",
    HAS_STOP_REASON.message: "stop_reason",
    HAS_EXPLANATION.message: "rationale",
}


@bp.before_request
@login_required
def _signed_in() -> None:
    """Every gate page is for signed-in users."""


@bp.app_context_processor
def _gate_helpers() -> dict[str, Any]:
    names: tuple[str, ...] = (
        "GATE_KIND_LABELS",
        "GATE_STATUS_LABELS",
        "VERDICT_LABELS",
        "DECISION_LABELS",
    )
    names += ("ROUTE_LABELS", "RESTART_LABELS", "EVIDENCE_LEVEL_LABELS", "SCORECARD_KIND_LABELS")
    extra = {name: getattr(gates_labels, name) for name in names}
    return {
        "gate_label": label,
        "scorecard_label": scorecard_label,
        "label": label,
        "DIRECTION_LABELS": DIRECTION_LABELS,
        "GATE_STOP_REASON_LABELS": STOP_REASON_LABELS,
        "format_decimal": format_decimal,
        "criteria_lock": lambda experiment: criteria_lock(get_session(), experiment),
        **extra,
    }


def actor() -> User:
    """The signed-in user as a model instance."""
    return current_user._get_current_object()  # type: ignore[attr-defined,no-any-return]


def _gate(gate_id: int) -> tuple[Gate, Experiment]:
    """The gate and its experiment if visible, else a 404 page."""
    try:
        return gates_access.load(get_session(), actor(), gate_id)
    except NotFound:
        abort(404)


def _render(gate: Gate, experiment: Experiment, status: int = 200, **forms: Any) -> Rendered:
    context = gate_context(get_session(), actor(), gate, experiment, **forms)
    body = render_template("gates/detail.html", **context)
    return body if status == 200 else (body, status)


def _back(gate_id: int) -> Response:
    return redirect(url_for(".detail", gate_id=gate_id), 303)


@bp.get("/queue")
def queue() -> Rendered | Response:
    """Gates waiting for my vote, a page at a time."""
    session = get_session()
    cursor = request.args.get("cursor") or None
    try:
        page = gate_service.queue(session=session, actor=actor(), cursor=cursor)
    except Invalid:
        # A cursor edited by hand: start again from the first page rather than fail.
        return redirect(url_for("gates.queue"))
    gates = page.items
    # One query for the page's experiments, not one per gate (the queue grows with the data).
    wanted = {gate.experiment_id for gate in gates}
    loaded = (
        {e.id: e for e in session.exec(select(Experiment).where(col(Experiment.id).in_(wanted)))}
        if wanted
        else {}
    )
    experiments = {gate.id: loaded[gate.experiment_id] for gate in gates}
    return render_template(
        "gates/queue.html",
        gates=gates,
        total=page.total,
        experiments=experiments,
        next_url=url_for("gates.queue", cursor=page.next_cursor) if page.next_cursor else None,
        first_url=url_for("gates.queue") if cursor else None,
    )


@bp.get("/<int:gate_id>")
def detail(gate_id: int) -> Rendered:
    """The gate page: evidence, votes, and the forms the actor may use."""
    return _render(*_gate(gate_id))


@bp.post("/<int:gate_id>/votes")
def vote(gate_id: int) -> Rendered | Response:
    """Cast or change my vote."""
    gate, experiment = _gate(gate_id)
    form = vote_form(gate.scorecard, gate.kind)
    if not form.validate():
        return _render(gate, experiment, 422, vote_form_=form)
    try:
        _vote, created = gate_service.vote(
            session=get_session(), actor=actor(), gate_id=gate_id, data=form.to_data(),
            now=clock.now(),
        )  # fmt: skip
    except Invalid as refused:
        form.apply_gate_errors(refused.errors)
        return _render(gate, experiment, 422, vote_form_=form)
    except (Forbidden, Conflict) as refused:
        problem = [translate(refused.message)]
        return _render(gate, experiment, refused.status, vote_form_=form, problem=problem)
    flash(_("Your vote was recorded.") if created else _("Your vote was changed."), "success")
    return _back(gate_id)


def _guard_errors(form: DecisionForm, refused: GuardFailed) -> list[str]:
    """Put each failed guard on its field; the others are listed above the form."""
    loose = []
    for field_name, messages in refused.errors.items():
        field = getattr(form, field_name, None)
        for message in messages:
            if field is not None and hasattr(field, "errors"):
                field.errors = [*field.errors, _("Needed: %(what)s", what=translate(message))]
            else:
                loose.append(translate(message))
    if not refused.errors:
        for reason in refused.reasons:
            field = getattr(form, _DECISION_FIELDS.get(reason, ""), None)
            if field is not None:
                field.errors = [*field.errors, _("Needed: %(what)s", what=translate(reason))]
            else:
                loose.append(translate(reason))
    return loose


@bp.post("/<int:gate_id>/decision")
def decide(gate_id: int) -> Rendered | Response:
    """A chair records the board's decision."""
    gate, experiment = _gate(gate_id)
    form = DecisionForm(kind=gate.kind)
    if not form.validate():
        return _render(gate, experiment, 422, decision_form=form)
    try:
        decision = gate_service.decide(
            session=get_session(), actor=actor(), gate_id=gate_id, data=form.to_data(),
            now=clock.now(),
        )  # fmt: skip
    except GuardFailed as refused:
        heading = _("The decision cannot be recorded yet:")
        problem = [heading, *_guard_errors(form, refused)]
        return _render(gate, experiment, 422, decision_form=form, problem=problem)
    except Invalid as refused:
        form.apply_gate_errors(refused.errors)
        return _render(gate, experiment, 422, decision_form=form)
    except (Forbidden, Conflict) as refused:
        problem = [translate(refused.message)]
        return _render(gate, experiment, refused.status, decision_form=form, problem=problem)
    what = label(gates_labels.DECISION_LABELS, decision.decision)
    flash(_("The decision was recorded: %(decision)s.", decision=what), "success")
    return _back(gate_id)


@bp.post("/<int:gate_id>/withdraw")
def withdraw(gate_id: int) -> Rendered | Response:
    """The team withdraws its open gate."""
    gate, experiment = _gate(gate_id)
    form = WithdrawForm()
    try:
        gate_service.withdraw(
            session=get_session(), actor=actor(), gate_id=gate_id, now=clock.now(),
            reason=form.reason.data or "",
        )  # fmt: skip
    except (Forbidden, Conflict) as refused:
        return _render(gate, experiment, refused.status, problem=[translate(refused.message)])
    flash(_("The gate review was withdrawn."), "success")
    return redirect(url_for("experiments.detail", experiment_id=experiment.id), 303)


@bp.post("/<int:gate_id>/conditions/<int:condition_id>/met")
def mark_condition_met(gate_id: int, condition_id: int) -> Rendered | Response:
    """A chair records that a condition of the go is met."""
    gate, experiment = _gate(gate_id)
    try:
        gate_service.mark_condition_met(
            session=get_session(), actor=actor(), gate_id=gate_id, condition_id=condition_id,
            now=clock.now(),
        )  # fmt: skip
    except NotFound:
        abort(404)
    except Forbidden as refused:
        return _render(gate, experiment, 403, problem=[translate(refused.message)])
    flash(_("The condition is marked as met."), "success")
    return _back(gate_id)


from tracker.views import gates_requests  # noqa: E402,F401  (registers the request routes)
