"""The team's actions on an experiment's partners and commons ledger (HTML forms)."""

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from tracker import clock
from tracker.db import get_session
from tracker.forms.ecosystem import CommonsForm, ConfirmForm, PartnerLinkForm
from tracker.forms.service_errors import translate
from tracker.models import Experiment, User
from tracker.services import commons as commons_service
from tracker.services import experiments as experiment_service
from tracker.services import partners as partner_service
from tracker.services import permissions
from tracker.services.errors import Conflict, Forbidden, Invalid, NotFound
from tracker.views import experiments_labels as labels
from tracker.views.ecosystem_labels import ECOSYSTEM_LABELS
from tracker.views.ecosystem_panel import ecosystem_panel
from tracker.views.experiments_detail import detail_context

bp = Blueprint("experiment_ecosystem", __name__, url_prefix="/experiments")

Rendered = str | tuple[str, int]


@bp.before_request
@login_required
def _signed_in() -> None:
    """For signed-in users only."""


@bp.context_processor
def _labels() -> dict[str, Any]:
    names = ("STATE_LABELS", "TRIGGER_LABELS", "STOP_REASON_LABELS", "JOURNAL_KIND_LABELS")
    names += ("VISIBILITY_LABELS", "DIRECTION_LABELS")
    extra = {name: getattr(labels, name) for name in names}
    return {"label": labels.label, "format_decimal": format_decimal, **extra, **ECOSYSTEM_LABELS}


def _actor() -> User:
    return current_user._get_current_object()  # type: ignore[attr-defined,no-any-return]


def _team_experiment(experiment_id: int) -> Experiment:
    """The experiment if visible (else 404) and the actor on its team (else 403)."""
    session = get_session()
    try:
        experiment = experiment_service.get(
            session=session, actor=_actor(), experiment_id=experiment_id
        )
        permissions.require_team(session, _actor(), experiment)
    except NotFound:
        abort(404)
    except Forbidden:
        abort(403)
    return experiment


def _back(experiment_id: int) -> Response:
    return redirect(url_for("experiments.detail", experiment_id=experiment_id) + "#ecosystem", 303)


def _page_with(
    experiment: Experiment, status: int, problem: str | None = None, **forms: Any
) -> Rendered:
    """The experiment page again, with a form's errors."""
    session = get_session()
    context = detail_context(session, _actor(), experiment, problem=[problem] if problem else None)
    context.update(ecosystem_panel(session, _actor(), experiment, **forms))
    return render_template("experiments/detail.html", **context), status


@bp.post("/<int:experiment_id>/partners")
def link_partner(experiment_id: int) -> Rendered | Response:
    """Add a partner with a role (the team)."""
    experiment = _team_experiment(experiment_id)
    form = PartnerLinkForm()
    if not form.validate():
        return _page_with(experiment, 422, link_form=form)
    partner_id = (form.partner_id.data or "").strip()
    if not partner_id.isdigit():
        form.partner_id.errors = [_("Choose a partner.")]
        return _page_with(experiment, 422, link_form=form)
    try:
        partner_service.link(
            session=get_session(),
            actor=_actor(),
            experiment_id=experiment_id,
            partner_id=int(partner_id),
            role=form.role.data or "",
            note=form.note.data or "",
            now=clock.now(),
        )
    except Invalid as refused:
        form.apply_errors(refused.errors)
        return _page_with(experiment, 422, link_form=form)
    except Conflict as refused:
        return _page_with(experiment, 409, problem=translate(refused.message), link_form=form)
    flash(_("The partner was added."), "success")
    return _back(experiment_id)


@bp.post("/<int:experiment_id>/partners/<int:link_id>/withdraw")
def withdraw_partner(experiment_id: int, link_id: int) -> Rendered | Response:
    """Withdraw a partner (the link stays on record)."""
    experiment = _team_experiment(experiment_id)
    if not ConfirmForm().validate():
        abort(400)
    try:
        partner_service.update_link(
            session=get_session(),
            actor=_actor(),
            experiment_id=experiment_id,
            link_id=link_id,
            changes={"withdrawn": True},
            now=clock.now(),
        )
    except NotFound:
        abort(404)
    except Conflict as refused:
        return _page_with(experiment, 409, problem=translate(refused.message))
    flash(_("The partner was withdrawn."), "success")
    return _back(experiment_id)


@bp.post("/<int:experiment_id>/commons")
def add_commons(experiment_id: int) -> Rendered | Response:
    """Add a contribution to the commons ledger (the team)."""
    experiment = _team_experiment(experiment_id)
    form = CommonsForm()
    if not form.validate():
        return _page_with(experiment, 422, commons_form=form)
    try:
        commons_service.add(
            session=get_session(),
            actor=_actor(),
            experiment_id=experiment_id,
            data=form.to_data(),
            now=clock.now(),
        )
    except Invalid as refused:
        form.apply_errors(refused.errors)
        return _page_with(experiment, 422, commons_form=form)
    except Conflict as refused:
        return _page_with(experiment, 409, problem=translate(refused.message), commons_form=form)
    flash(_("The contribution was added to the ledger."), "success")
    return _back(experiment_id)


def _render_edit(
    experiment: Experiment, form: CommonsForm, row: Any, status: int = 200
) -> Rendered:
    body = render_template(
        "experiments/commons_edit.html", experiment=experiment, form=form, row=row
    )
    return body if status == 200 else (body, status)


@bp.route("/<int:experiment_id>/commons/<int:contribution_id>/edit", methods=["GET", "POST"])
def edit_commons(experiment_id: int, contribution_id: int) -> Rendered | Response:
    """Edit a contribution with the version read, or withdraw it (the team)."""
    experiment = _team_experiment(experiment_id)
    session = get_session()
    try:
        row = commons_service.get(
            session=session,
            actor=_actor(),
            experiment_id=experiment_id,
            contribution_id=contribution_id,
        )
    except NotFound:
        abort(404)
    if request.method == "GET":
        form = CommonsForm.from_row(commons_service.as_input(row), row.version)
        return _render_edit(experiment, form, row)
    form = CommonsForm()
    withdraw = "withdraw" in request.form
    if not withdraw and not form.validate():
        return _render_edit(experiment, form, row, 422)
    if withdraw and not ConfirmForm().validate():
        abort(400)
    changes = {"withdrawn": True} if withdraw else form.to_data()
    try:
        commons_service.update(
            session=session,
            actor=_actor(),
            experiment_id=experiment_id,
            contribution_id=contribution_id,
            version=form.version.data,
            changes=changes,
            now=clock.now(),
        )
    except Invalid as refused:
        form.apply_errors(refused.errors)
        return _render_edit(experiment, form, row, 422)
    except Conflict as refused:
        form.form_errors.append(translate(refused.message))
        return _render_edit(experiment, form, row, 409)
    flash(
        _("The contribution was withdrawn from the totals.")
        if withdraw
        else _("The contribution was saved."),
        "success",
    )
    return _back(experiment_id)
