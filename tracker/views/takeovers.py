"""Taking over a stopped experiment, and the panels the experiment page shows for it.

The panels come in through template globals, so the experiment page only includes them.
"""

from typing import Any

from flask import Blueprint, flash, redirect, url_for
from flask_babel import gettext
from flask_login import login_required
from werkzeug.wrappers import Response

from tracker import clock
from tracker.db import get_session
from tracker.forms.service_errors import translate
from tracker.forms.takeovers import SeekingTakerForm, TakeOverForm
from tracker.models import Experiment
from tracker.services import charters as charter_service
from tracker.services import takeovers as takeover_service
from tracker.services.errors import Conflict, Invalid
from tracker.services.permissions import is_chair, is_team
from tracker.views.main import actor

bp = Blueprint("takeovers", __name__)


def _detail(experiment_id: int) -> Response:
    return redirect(url_for("experiments.detail", experiment_id=experiment_id), 303)


@bp.app_template_global()
def takeover_panel(experiment: Experiment) -> dict[str, Any]:
    """What the experiment page shows of takeovers: links both ways and the buttons."""
    session = get_session()
    user = actor()
    stopped = experiment.state == "stopped"
    may_offer = stopped and (
        is_team(session, user, experiment) or is_chair(session, user, experiment)
    )
    return {
        "source": takeover_service.taken_from(session=session, actor=user, experiment=experiment),
        "takers": takeover_service.takers_of(session=session, actor=user, experiment=experiment),
        "may_offer": may_offer,
        "may_take": stopped and experiment.seeking_taker and user.active,
        "offer_form": SeekingTakerForm(formdata=None),
        "take_form": TakeOverForm(formdata=None),
    }


@bp.app_template_global()
def charter_acknowledgements(experiment: Experiment) -> list:
    """Who acknowledged which charter version on this experiment."""
    return charter_service.acknowledgements(session=get_session(), experiment=experiment)


@bp.post("/experiments/<int:experiment_id>/seeking-taker")
@login_required
def seeking_taker(experiment_id: int) -> Response:
    """Offer a stopped experiment to a taker, or withdraw the offer."""
    form = SeekingTakerForm()
    form.validate()
    try:
        experiment = takeover_service.set_seeking(
            session=get_session(),
            actor=actor(),
            experiment_id=experiment_id,
            seeking=bool(form.seeking.data),
            version=form.version.data,
            now=clock.now(),
        )
    except (Conflict, Invalid) as refused:
        flash(translate(refused.message), "warning")
        return _detail(experiment_id)
    if experiment.seeking_taker:
        flash(gettext("The experiment is now offered to a taker."), "success")
    else:
        flash(gettext("The offer to a taker was withdrawn."), "success")
    return _detail(experiment_id)


@bp.post("/experiments/<int:experiment_id>/takeover")
@login_required
def take_over(experiment_id: int) -> Response:
    """Take over a stopped experiment: a new draft of yours, pre-filled and linked."""
    TakeOverForm().validate()
    try:
        taken = takeover_service.take_over(
            session=get_session(), actor=actor(), experiment_id=experiment_id, now=clock.now()
        )
    except Conflict as refused:
        flash(translate(refused.message), "warning")
        return _detail(experiment_id)
    flash(gettext("You took the experiment over: here is your new draft."), "success")
    return _detail(taken.id)  # type: ignore[arg-type]
