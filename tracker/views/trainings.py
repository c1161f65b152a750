"""Agents' trainings: admins record them for a colleague; agents see theirs on the profile."""

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext
from flask_login import login_required
from werkzeug.wrappers import Response

from tracker import clock
from tracker.db import get_session
from tracker.forms.trainings import TRAINING_KIND_CHOICES, TrainingForm
from tracker.models import User
from tracker.services import trainings as training_service
from tracker.services.errors import Invalid
from tracker.services.permissions import require_admin
from tracker.views.main import actor

bp = Blueprint("trainings", __name__, url_prefix="/admin/users/<int:user_id>/trainings")


@bp.app_template_global()
def training_kind_label(kind: str) -> str:
    """The translated name of a kind of training."""
    return str(dict(TRAINING_KIND_CHOICES).get(kind, kind))


def _page(user_id: int, form: TrainingForm, status: int = 200) -> tuple[str, int]:
    session = get_session()
    trainings = training_service.list_for(session=session, actor=actor(), user_id=user_id)
    user = session.get(User, user_id)
    return render_template("trainings/user.html", user=user, trainings=trainings, form=form), status


@bp.get("")
@login_required
def index(user_id: int) -> tuple[str, int]:
    """A colleague's trainings, and the form to record one (admins of their organisation)."""
    require_admin(actor())
    return _page(user_id, TrainingForm(formdata=None))


@bp.post("")
@login_required
def record(user_id: int) -> Response | tuple[str, int]:
    """Record a training; the form comes back with field messages on bad input."""
    require_admin(actor())
    form = TrainingForm()
    if not form.validate():
        return _page(user_id, form, 422)
    try:
        training_service.record(
            session=get_session(),
            actor=actor(),
            user_id=user_id,
            data={
                "kind": form.kind.data,
                "followed_on": form.followed_on.data,
                "provider": form.provider.data or "",
            },
            now=clock.now(),
        )
    except Invalid as invalid:
        for name, messages in invalid.errors.items():
            target = getattr(form, name, None)
            bucket = target.errors if target is not None else form.form_errors
            bucket.extend(gettext(message) for message in messages)
        return _page(user_id, form, 422)
    flash(gettext("Training recorded."), "success")
    return redirect(url_for("trainings.index", user_id=user_id))
