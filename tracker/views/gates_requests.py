"""Gate requests from the experiment page, and the chair's report that closes the scaling."""

from typing import Any

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from tracker import clock
from tracker.db import get_session
from tracker.forms.boards import BoardChoiceForm
from tracker.forms.gate_requests import DecisionGateForm, PilotGateForm
from tracker.forms.gates import ScalingReportForm
from tracker.forms.service_errors import translate
from tracker.models import Experiment
from tracker.services import boards as board_service
from tracker.services import experiments as experiment_service
from tracker.services import gates as gate_service
from tracker.services import permissions
from tracker.services import transitions as transition_service
from tracker.services.errors import Conflict, Forbidden, GuardFailed, Invalid, NotFound
from tracker.services.gates_request import declarable_stop_criteria
from tracker.views import experiments_labels
from tracker.views.experiments_detail import detail_context
from tracker.views.gates import Rendered, actor, bp
from tracker.views.gates_labels import GATE_KIND_LABELS
from tracker.views.gates_page import measured_criteria
from workflows.gate import REQUESTED_FROM

FORMS: dict[str, Any] = {"pilot": PilotGateForm, "decision": DecisionGateForm}


def _experiment(experiment_id: int) -> Experiment:
    try:
        return experiment_service.get(
            session=get_session(), actor=actor(), experiment_id=experiment_id
        )
    except NotFound:
        abort(404)


def _experiment_page(context: dict[str, Any]) -> str:
    """The experiment page rendered from here, with the labels its blueprint provides."""
    names: tuple[str, ...] = (
        "STATE_LABELS",
        "TRIGGER_LABELS",
        "STOP_REASON_LABELS",
        "JOURNAL_KIND_LABELS",
    )
    names += ("VISIBILITY_LABELS", "DIRECTION_LABELS")
    labels = {name: getattr(experiments_labels, name) for name in names}
    return render_template("experiments/detail.html", **labels, **context)


def _to_experiment(experiment: Experiment) -> Response:
    return redirect(url_for("experiments.detail", experiment_id=experiment.id), 303)


def _render_request(
    kind: str, experiment: Experiment, form: Any, status: int = 200, problem: str = ""
) -> Rendered:
    if problem:
        form.form_errors.insert(0, problem)
    body = render_template(
        "gates/request.html",
        kind=kind,
        experiment=experiment,
        form=form,
        measured=measured_criteria(get_session(), experiment) if kind == "decision" else [],
    )
    return body if status == 200 else (body, status)


def _request(kind: str, experiment_id: int) -> Rendered | Response:
    """The request form of a gate (GET) and the request itself (POST)."""
    session = get_session()
    experiment = _experiment(experiment_id)
    try:
        permissions.require_team(session, actor(), experiment)
    except Forbidden:
        abort(403)
    if experiment.state != REQUESTED_FROM[kind]:
        what = str(GATE_KIND_LABELS[kind])
        flash(_("%(gate)s cannot be requested at this stage.", gate=what), "warning")
        return _to_experiment(experiment)
    form = FORMS[kind]()
    form.default_review_date(clock.now().date())
    if kind == "decision":
        form.set_stop_criteria(declarable_stop_criteria(session, experiment))
    if not form.is_submitted():
        return _render_request(kind, experiment, form)
    if not form.validate():
        return _render_request(kind, experiment, form, 422)
    try:
        gate = gate_service.request_gate(
            session=session, actor=actor(), experiment_id=experiment_id, kind=kind,
            data=form.to_data(), now=clock.now(),
        )  # fmt: skip
    except Invalid as refused:
        form.apply_gate_errors(refused.errors)
        return _render_request(kind, experiment, form, 422, translate(refused.message))
    except Conflict as refused:
        return _render_request(kind, experiment, form, 409, translate(refused.message))
    flash(_("The gate review was requested from the board."), "success")
    return redirect(url_for(".detail", gate_id=gate.id), 303)


@bp.route("/experiments/<int:experiment_id>/pilot", methods=["GET", "POST"])
def request_pilot(experiment_id: int) -> Rendered | Response:
    """Request the pilot gate (the team, from prototype)."""
    return _request("pilot", experiment_id)


@bp.route("/experiments/<int:experiment_id>/decision", methods=["GET", "POST"])
def request_decision(experiment_id: int) -> Rendered | Response:
    """Request the decision gate (the team, from evaluation)."""
    return _request("decision", experiment_id)


@bp.post("/experiments/<int:experiment_id>/complete-scaling")
def complete_scaling(experiment_id: int) -> Rendered | Response:
    """A chair closes the scaling with the scaling report."""
    session = get_session()
    experiment = _experiment(experiment_id)
    if experiment.state != "scaling":
        flash(_("The scaling can only be completed while the experiment is scaling."), "warning")
        return _to_experiment(experiment)
    form = ScalingReportForm()
    try:
        transition_service.fire(
            session=session, actor=actor(), experiment_id=experiment_id,
            trigger="complete_scaling", version=form.version.data,
            params={"scaling_report": (form.scaling_report.data or "").strip() or None},
            now=clock.now(),
        )  # fmt: skip
    except Forbidden:
        abort(403)
    except (GuardFailed, Conflict, Invalid) as refused:
        reasons = refused.reasons if isinstance(refused, GuardFailed) else [refused.message]
        form.scaling_report.errors = [translate(reason) for reason in reasons]
        problem = [_("The scaling cannot be completed yet:"), *form.scaling_report.errors]
        context = detail_context(session, actor(), experiment, scaling_form=form, problem=problem)
        return _experiment_page(context), refused.status
    flash(_("The scaling is complete."), "success")
    return _to_experiment(experiment)


@bp.post("/experiments/<int:experiment_id>/board")
def choose_board(experiment_id: int) -> Response:
    """The team chooses which board reviews the experiment (no gate may be open)."""
    session = get_session()
    experiment = _experiment(experiment_id)
    try:
        permissions.require_team(session, actor(), experiment)
    except Forbidden:
        abort(403)
    form = BoardChoiceForm()
    try:
        board_service.assign_experiment(
            session=session, actor=actor(), experiment_id=experiment_id,
            board_id=form.chosen(), version=form.version.data, now=clock.now(),
        )  # fmt: skip
    except (Conflict, Invalid) as refused:
        messages = [m for ms in getattr(refused, "errors", {}).values() for m in ms]
        for message in messages or [refused.message]:
            flash(translate(message), "error")
        return _to_experiment(experiment)
    flash(_("The review board of the experiment was saved."), "success")
    return _to_experiment(experiment)
