"""Experiment pages: lists, create and edit, the experiment page, transitions and journal."""

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from tracker import clock
from tracker.db import get_session
from tracker.forms.experiments import (
    MAX_CRITERIA,
    ExperimentForm,
    FilterForm,
    JournalForm,
    TransitionForm,
)
from tracker.forms.service_errors import translate
from tracker.models import Experiment, User
from tracker.services import experiments as experiment_service
from tracker.services import journal as journal_service
from tracker.services import permissions
from tracker.services import transitions as transition_service
from tracker.services.errors import Conflict, Forbidden, GuardFailed, Invalid, NotFound
from tracker.views import experiments_labels as labels
from tracker.views.experiments_detail import detail_context
from tracker.views.experiments_labels import TRIGGER_LABELS, label
from tracker.views.experiments_lists import render_list
from workflows.experiment import HAS_EXPLANATION, HAS_STOP_REASON, TERMINAL

bp = Blueprint("experiments", __name__, url_prefix="/experiments")

Rendered = str | tuple[str, int]

# Stop guards that concern one field of the stop form.
_STOP_FIELDS = {HAS_STOP_REASON.message: "stop_reason", HAS_EXPLANATION.message: "explanation"}


@bp.before_request
@login_required
def _signed_in() -> None:
    """Every experiment page is for signed-in users."""


@bp.context_processor
def _labels() -> dict[str, Any]:
    names = ("STATE_LABELS", "TRIGGER_LABELS", "STOP_REASON_LABELS", "JOURNAL_KIND_LABELS")
    names += ("VISIBILITY_LABELS", "DIRECTION_LABELS")
    extra = {name: getattr(labels, name) for name in names}
    return {"label": label, "format_decimal": format_decimal, **extra}


def _actor() -> User:
    return current_user._get_current_object()  # type: ignore[attr-defined,no-any-return]


def _experiment(experiment_id: int) -> Experiment:
    """The experiment if visible, else a 404 page (never says whether it exists)."""
    try:
        return experiment_service.get(
            session=get_session(), actor=_actor(), experiment_id=experiment_id
        )
    except NotFound:
        abort(404)


def _require_team(experiment: Experiment) -> None:
    try:
        permissions.require_team(get_session(), _actor(), experiment)
    except Forbidden:
        abort(403)


@bp.get("/mine")
def mine() -> Rendered:
    """The experiments I own or am on the team of."""
    return render_list("mine", _("My experiments"), None)


@bp.get("/")
def index() -> Rendered:
    """The organisation's experiments, filtered, most recent activity first."""
    return render_list(
        "organisation", _("Experiments of my organisation"), FilterForm(request.args)
    )


def _render_form(
    form: ExperimentForm, experiment: Experiment | None, status: int = 200
) -> Rendered:
    body = render_template(
        "experiments/form.html",
        form=form,
        experiment=experiment,
        error_items=form.error_items(),
        max_criteria=MAX_CRITERIA,
    )
    return body if status == 200 else (body, status)


def _added_row(form: ExperimentForm) -> bool:
    """The "add a row" button re-posts the form to show one more criterion row."""
    if not form.add_criterion.data:
        return False
    if len(form.success_criteria.entries) < MAX_CRITERIA:
        form.success_criteria.append_entry()
    return True


@bp.route("/new", methods=["GET", "POST"])
def new() -> Rendered | Response:
    """Create a draft experiment."""
    form = ExperimentForm()
    if request.method == "GET" or _added_row(form):
        return _render_form(form, None)
    if form.validate():
        data, rows = form.to_data()
        try:
            experiment = experiment_service.create(
                session=get_session(), actor=_actor(), data=data, now=clock.now()
            )
        except Invalid as refused:
            form.apply_errors(refused.errors, rows)
        else:
            flash(_("The experiment was created as a draft."), "success")
            return redirect(url_for(".detail", experiment_id=experiment.id), 303)
    return _render_form(form, None, 422)


@bp.route("/<int:experiment_id>/edit", methods=["GET", "POST"])
def edit(experiment_id: int) -> Rendered | Response:
    """Edit an experiment; a version seen by the form protects from overwriting others."""
    session = get_session()
    experiment = _experiment(experiment_id)
    _require_team(experiment)
    if experiment.state in TERMINAL:
        flash(_("A closed experiment can no longer be edited."), "warning")
        return redirect(url_for(".detail", experiment_id=experiment_id), 303)
    if request.method == "GET":
        values = experiment_service.current_values(session, experiment)
        return _render_form(ExperimentForm.from_values(values, experiment.version), experiment)
    form = ExperimentForm()
    if _added_row(form):
        return _render_form(form, experiment)
    if not form.validate():
        return _render_form(form, experiment, 422)
    data, rows = form.to_data()
    try:
        experiment_service.update(
            session=session,
            actor=_actor(),
            experiment_id=experiment_id,
            version=form.version.data,
            changes=data,
            now=clock.now(),
        )
    except Conflict as refused:
        # The user's input stays on the form with the version they saw, so saving again
        # cannot silently undo the other person's changes.
        form.form_errors.append(translate(refused.message))
        return _render_form(form, experiment, 409)
    except Invalid as refused:
        form.apply_errors(refused.errors, rows)
        return _render_form(form, experiment, 422)
    flash(_("The experiment was saved."), "success")
    return redirect(url_for(".detail", experiment_id=experiment_id), 303)


def _render_detail(experiment: Experiment, status: int = 200, **forms: Any) -> Rendered:
    context = detail_context(get_session(), _actor(), experiment, **forms)
    body = render_template("experiments/detail.html", **context)
    return body if status == 200 else (body, status)


@bp.get("/<int:experiment_id>")
def detail(experiment_id: int) -> Rendered:
    """The experiment page: where it stands, what can be done now, journal and timeline."""
    return _render_detail(_experiment(experiment_id))


@bp.post("/<int:experiment_id>/transitions")
def transition(experiment_id: int) -> Rendered | Response:
    """Fire a trigger of the workflow (the only way an experiment changes state)."""
    experiment = _experiment(experiment_id)
    form = TransitionForm()
    trigger = (form.trigger.data or "").strip()
    stop_form = form if trigger == "stop" else None
    if not form.validate():
        return _render_detail(experiment, 422, stop_form=stop_form, problem=[_("Reload the page.")])
    try:
        transition_service.fire(
            session=get_session(),
            actor=_actor(),
            experiment_id=experiment_id,
            trigger=trigger,
            version=form.version.data,
            params=form.params(),
            now=clock.now(),
        )
    except Forbidden:
        abort(403)
    except GuardFailed as refused:
        reasons = [translate(reason) for reason in refused.reasons]
        for reason in refused.reasons:
            if stop_form is not None and reason in _STOP_FIELDS:
                field = getattr(form, _STOP_FIELDS[reason])
                field.errors = [*field.errors, _("Needed: %(what)s", what=translate(reason))]
        heading = _("%(step)s is not possible yet:", step=label(TRIGGER_LABELS, trigger))
        return _render_detail(experiment, 422, stop_form=stop_form, problem=[heading, *reasons])
    except Conflict as refused:
        return _render_detail(
            experiment, 409, stop_form=stop_form, problem=[translate(refused.message)]
        )
    except Invalid as refused:
        messages = [translate(m) for ms in refused.errors.values() for m in ms]
        problem = messages or [translate(refused.message)]
        return _render_detail(experiment, 422, stop_form=stop_form, problem=problem)
    flash(_("Done: %(step)s.", step=label(TRIGGER_LABELS, trigger)), "success")
    return redirect(url_for(".detail", experiment_id=experiment_id), 303)


@bp.post("/<int:experiment_id>/journal")
def journal(experiment_id: int) -> Rendered | Response:
    """Add a journal entry (team only); entries are never edited or deleted."""
    experiment = _experiment(experiment_id)
    _require_team(experiment)
    form = JournalForm()
    if form.validate():
        try:
            journal_service.add_entry(
                session=get_session(),
                actor=_actor(),
                experiment_id=experiment_id,
                data=form.to_data(),
                now=clock.now(),
            )
        except Invalid as refused:
            form.apply_errors(refused.errors)
        else:
            flash(_("The journal entry was added."), "success")
            return redirect(url_for(".detail", experiment_id=experiment_id, _anchor="journal"), 303)
    return _render_detail(experiment, 422, journal_form=form)
