"""Pages of routes to scale, the legal basis and replication: form -> service -> redirect."""

from typing import Any, NoReturn

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from tracker import clock
from tracker.db import get_session
from tracker.forms.scaling import MAX_MILESTONES, DerogationForm, ReplicateForm, ScalingPlanForm
from tracker.forms.service_errors import translate
from tracker.models import Experiment, User
from tracker.services import derogations as derogation_service
from tracker.services import replication as replication_service
from tracker.services import scaling as scaling_service
from tracker.services.errors import Conflict, Forbidden, Invalid, NotFound, ServiceError
from tracker.services.experiments import get as get_experiment
from tracker.services.permissions import is_team
from tracker.views.experiments_labels import STATE_LABELS, label
from tracker.views.scaling_panel import plan_panel

bp = Blueprint("scaling", __name__)

Rendered = str | tuple[str, int]


@bp.before_request
@login_required
def _signed_in() -> None:
    """Every page here is for signed-in users."""


@bp.context_processor
def _labels() -> dict[str, Any]:
    return {"label": label, "STATE_LABELS": STATE_LABELS}


def _actor() -> User:
    return current_user._get_current_object()  # type: ignore[attr-defined,no-any-return]


def _refuse(error: ServiceError) -> NoReturn:
    abort(404 if isinstance(error, NotFound) else 403)


def _experiment(experiment_id: int) -> Experiment:
    try:
        return get_experiment(session=get_session(), actor=_actor(), experiment_id=experiment_id)
    except NotFound:
        abort(404)


def _may_edit(experiment: Experiment) -> bool:
    actor = _actor()
    return bool(actor.active and is_team(get_session(), actor, experiment))


def _detail(experiment_id: int, anchor: str) -> Response:
    url = url_for("experiments.detail", experiment_id=experiment_id, _anchor=anchor)
    return redirect(url, 303)


# Routes to scale -----------------------------------------------------------------------------


def _render_plan(
    experiment: Experiment, form: ScalingPlanForm | None, status: int = 200
) -> Rendered:
    panel = plan_panel(experiment)
    if panel is None:
        abort(404)
    editable = experiment.state == "scaling" and _may_edit(experiment)
    if form is None and editable:
        values = {k: getattr(panel["plan"], k) for k in ("route", "carrier", "summary")}
        form = ScalingPlanForm.from_values(values, panel["milestones"], panel["plan"].version)
    body = render_template(
        "scaling/plan.html",
        experiment=experiment,
        panel=panel,
        form=form if editable else None,
        error_items=form.error_items() if form is not None and editable else [],
        max_milestones=MAX_MILESTONES,
    )
    return body if status == 200 else (body, status)


@bp.get("/experiments/<int:experiment_id>/scaling")
def plan(experiment_id: int) -> Rendered:
    """The route to scale, its milestones and progress; the team edits it while scaling."""
    return _render_plan(_experiment(experiment_id), None)


@bp.post("/experiments/<int:experiment_id>/scaling")
def save_plan(experiment_id: int) -> Rendered | Response:
    """Save the plan (the team); the version seen protects others' changes."""
    experiment = _experiment(experiment_id)
    if not _may_edit(experiment):
        abort(403)
    form = ScalingPlanForm()
    if form.add_milestone.data:
        if len(form.milestones.entries) < MAX_MILESTONES:
            form.milestones.append_entry()
        return _render_plan(experiment, form)
    if not form.validate():
        return _render_plan(experiment, form, 422)
    data, rows = form.to_data()
    try:
        scaling_service.save(
            session=get_session(), actor=_actor(), experiment_id=experiment_id,
            version=form.version.data, data=data, now=clock.now(),
        )  # fmt: skip
    except (NotFound, Forbidden) as refused:
        _refuse(refused)
    except Conflict as refused:
        form.form_errors.append(translate(refused.message))
        return _render_plan(experiment, form, 409)
    except Invalid as refused:
        form.apply_errors(refused.errors, rows)
        return _render_plan(experiment, form, 422)
    flash(_("The scaling plan was saved."), "success")
    return redirect(url_for(".plan", experiment_id=experiment_id), 303)


# Legal basis ---------------------------------------------------------------------------------


def _render_derogation(
    experiment: Experiment, form: DerogationForm | None, status: int = 200
) -> Rendered:
    derogation = derogation_service.of(get_session(), experiment)
    editable = _may_edit(experiment)
    if form is None and editable:
        values = derogation.model_dump() if derogation else {}
        form = DerogationForm(formdata=None, data=values)
    body = render_template(
        "scaling/derogation.html",
        experiment=experiment,
        derogation=derogation,
        form=form if editable else None,
        error_items=form.error_items() if form is not None and editable else [],
    )
    return body if status == 200 else (body, status)


@bp.get("/experiments/<int:experiment_id>/derogation")
def derogation(experiment_id: int) -> Rendered:
    """The derogation the experiment rests on, if any; the team records or corrects it."""
    return _render_derogation(_experiment(experiment_id), None)


@bp.post("/experiments/<int:experiment_id>/derogation")
def save_derogation(experiment_id: int) -> Rendered | Response:
    """Record or correct the derogation (the team)."""
    experiment = _experiment(experiment_id)
    if not _may_edit(experiment):
        abort(403)
    form = DerogationForm()
    if not form.validate():
        return _render_derogation(experiment, form, 422)
    try:
        derogation_service.save(
            session=get_session(), actor=_actor(), experiment_id=experiment_id,
            version=form.version.data, data=form.to_data(), now=clock.now(),
        )  # fmt: skip
    except (NotFound, Forbidden) as refused:
        _refuse(refused)
    except Conflict as refused:
        form.form_errors.append(translate(refused.message))
        return _render_derogation(experiment, form, 409)
    except Invalid as refused:
        form.apply_errors(refused.errors)
        return _render_derogation(experiment, form, 422)
    flash(_("The derogation was saved."), "success")
    return _detail(experiment_id, "legal-basis")


# Replication ---------------------------------------------------------------------------------


def _render_replicate(experiment: Experiment, form: ReplicateForm, status: int = 200) -> Rendered:
    body = render_template(
        "scaling/replicate.html",
        experiment=experiment,
        form=form,
        error_items=form.error_items(),
    )
    return body if status == 200 else (body, status)


@bp.get("/experiments/<int:experiment_id>/replicate")
def replicate_form(experiment_id: int) -> Rendered:
    """Replicate this experiment: what will be copied, and the title and territory to set."""
    experiment = _experiment(experiment_id)
    data = {"title": experiment.title, "territory": experiment.territory}
    return _render_replicate(experiment, ReplicateForm(formdata=None, data=data))


@bp.post("/experiments/<int:experiment_id>/replicate")
def replicate(experiment_id: int) -> Rendered | Response:
    """Create the replica in the user's organisation and open it."""
    experiment = _experiment(experiment_id)
    form = ReplicateForm()
    if not form.validate():
        return _render_replicate(experiment, form, 422)
    try:
        replica = replication_service.replicate(
            session=get_session(), actor=_actor(), experiment_id=experiment_id,
            data=form.to_data(), now=clock.now(),
        )  # fmt: skip
    except (NotFound, Forbidden) as refused:
        _refuse(refused)
    except Invalid as refused:
        form.apply_errors(refused.errors)
        return _render_replicate(experiment, form, 422)
    flash(_("The replica was created as a draft of your organisation."), "success")
    return redirect(url_for("experiments.detail", experiment_id=replica.id), 303)
